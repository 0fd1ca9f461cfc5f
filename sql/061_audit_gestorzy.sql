-- The security audit log records the office attaching a utility-firm account to a network operator: from then on
-- that account states the operator's positions in coordination cases (a grant of authority, like a role change).
-- The event kinds are rows of portal.rodzaje_zdarzen (sql/035): a new kind is a row, never a re-created CHECK.
INSERT INTO portal.rodzaje_zdarzen (kod, opis) VALUES
  ('gestor_czlonek_dodany', 'Przypisanie konta firmy do gestora sieci (sprawy koordynacyjne)')
ON CONFLICT (kod) DO NOTHING;
