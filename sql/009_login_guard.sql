-- Failed logins counted per ACCOUNT (issue 14): whatever name was typed (login or e-mail), the attempts of one
-- account are one counter, reserved atomically before each password verification (server/services/portal/users.ts
-- reserveLoginAttempt), so that parallel requests cannot verify more passwords than the limit.
ALTER TABLE portal.uzytkownicy ADD COLUMN IF NOT EXISTS "nieudaneLogowania" integer NOT NULL DEFAULT 0;
ALTER TABLE portal.uzytkownicy ADD COLUMN IF NOT EXISTS "nieudaneOd" timestamptz;
COMMENT ON COLUMN portal.uzytkownicy."nieudaneLogowania" IS 'Próby logowania (weryfikacje hasła) bez powodzenia od "nieudaneOd"; zerowane po udanym logowaniu';
COMMENT ON COLUMN portal.uzytkownicy."nieudaneOd" IS 'Początek 15-minutowego okna liczenia nieudanych prób logowania';
