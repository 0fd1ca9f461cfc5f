-- The security audit log records the office attaching a utility-firm account to a network operator: from then on
-- that account states the operator's positions in coordination cases (a grant of authority, like a role change).
-- The CHECK lists every event of server/accounts/audit.ts AuditEvent; a later migration adding events lists them all.
ALTER TABLE portal.dziennik_zdarzen DROP CONSTRAINT IF EXISTS dziennik_zdarzen_zdarzenie_check;
ALTER TABLE portal.dziennik_zdarzen ADD CONSTRAINT dziennik_zdarzen_zdarzenie_check CHECK (zdarzenie IN (
  'logowanie', 'logowanie_nieudane', 'wylogowanie', 'rejestracja', 'reset_hasla_zadanie', 'reset_hasla', 'klucz_utworzony',
  'klucz_odwolany', 'klucz_uzyty', 'klucz_odrzucony', 'rola_zmieniona', 'konto_zablokowane', 'konto_odblokowane', 'pobranie',
  'gestor_czlonek_dodany'));
