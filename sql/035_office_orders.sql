-- The office's back office of orders (issue 17 item 6): the audit log learns the back office's events, and the
-- order history keeps the number of a DOO replaced by a correction.
--
-- The audit log's event kinds become rows of a table (portal.rodzaje_zdarzen) referenced by a foreign key instead of
-- a CHECK list: every module that adds events inserts its rows (INSERT … ON CONFLICT DO NOTHING) in its own
-- migration, so parallel additions never overwrite each other's list as a re-created CHECK would. The rows are the
-- events of sql/008_accounts.sql, those of the role requests (sql/030, another branch: listed here so that whichever
-- lands first, its rows exist) and the back office's, plus whatever an existing log already holds.
CREATE TABLE IF NOT EXISTS portal.rodzaje_zdarzen (
  kod                   text PRIMARY KEY CHECK (kod ~ '^[a-z_]{1,60}$'),
  opis                  text
);
COMMENT ON TABLE portal.rodzaje_zdarzen IS 'Rodzaje zdarzeń dziennika zdarzeń (portal.dziennik_zdarzen.zdarzenie)';
COMMENT ON COLUMN portal.rodzaje_zdarzen.kod IS 'Kod zdarzenia';
COMMENT ON COLUMN portal.rodzaje_zdarzen.opis IS 'Opis zdarzenia';

INSERT INTO portal.rodzaje_zdarzen (kod, opis) VALUES
  ('logowanie', 'Logowanie'),
  ('logowanie_nieudane', 'Nieudane logowanie'),
  ('wylogowanie', 'Wylogowanie'),
  ('rejestracja', 'Rejestracja konta'),
  ('reset_hasla_zadanie', 'Prośba o ustawienie nowego hasła'),
  ('reset_hasla', 'Ustawienie nowego hasła'),
  ('klucz_utworzony', 'Utworzenie klucza API'),
  ('klucz_odwolany', 'Odwołanie klucza API'),
  ('klucz_uzyty', 'Użycie klucza API'),
  ('klucz_odrzucony', 'Odrzucenie klucza API'),
  ('rola_zmieniona', 'Zmiana roli'),
  ('konto_zablokowane', 'Zablokowanie konta'),
  ('konto_odblokowane', 'Odblokowanie konta'),
  ('pobranie', 'Pobranie pliku'),
  ('wniosek_o_role', 'Wniosek o rolę'),
  ('wniosek_przyznany', 'Przyznanie roli z wniosku'),
  ('wniosek_odrzucony', 'Odrzucenie wniosku o rolę'),
  ('zamowienie_doo_wystawiony', 'Wystawienie DOO przez pracownika ośrodka'),
  ('zamowienie_doo_skorygowany', 'Korekta DOO (nowy numer)'),
  ('zamowienie_oplacone', 'Zamówienie opłacone (wyciąg bankowy, płatność online)'),
  ('zamowienie_oplacone_recznie', 'Zamówienie oznaczone jako opłacone ręcznie, z powodem'),
  ('zamowienie_wydanie', 'Zlecenie wydania materiałów opłaconego zamówienia'),
  ('zamowienie_anulowane', 'Anulowanie zamówienia z powodem'),
  ('wyciag_zaimportowany', 'Import wyciągu bankowego MT940')
ON CONFLICT (kod) DO NOTHING;
INSERT INTO portal.rodzaje_zdarzen (kod)
  SELECT DISTINCT zdarzenie FROM portal.dziennik_zdarzen WHERE zdarzenie ~ '^[a-z_]{1,60}$'
ON CONFLICT (kod) DO NOTHING;

ALTER TABLE portal.dziennik_zdarzen DROP CONSTRAINT IF EXISTS dziennik_zdarzen_zdarzenie_check;
ALTER TABLE portal.dziennik_zdarzen DROP CONSTRAINT IF EXISTS dziennik_zdarzen_zdarzenie_fkey;
ALTER TABLE portal.dziennik_zdarzen ADD CONSTRAINT dziennik_zdarzen_zdarzenie_fkey
  FOREIGN KEY (zdarzenie) REFERENCES portal.rodzaje_zdarzen (kod);

-- A corrected DOO gets a new number (store.ts correctDoo); the history row of the correction keeps the old one.
ALTER TABLE portal.zamowienia_historia ADD COLUMN IF NOT EXISTS "numerDOOPoprzedni" text;
COMMENT ON COLUMN portal.zamowienia_historia."numerDOOPoprzedni" IS 'Numer DOO zastąpionego korektą (przy korekcie DOO)';

-- The back office filters orders by when they were placed and by the portal.
CREATE INDEX IF NOT EXISTS zamowienia_utworzono_idx ON portal.zamowienia (utworzono);
