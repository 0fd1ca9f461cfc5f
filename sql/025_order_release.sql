-- The release of paid orders (issue 17, item 4): the files of an order are prepared as jobs in portal.zadania (the
-- extract and sheet machinery: claimed with SKIP LOCKED, a heartbeat, resumed after a worker dies), one job or more
-- per order item and one for the signed licence. A job knows its order, item and part; the unique key on them makes
-- starting a release twice harmless (it never doubles a job). Every download of a released file goes to the
-- download register with the order and its number (the number kept as text: the register outlives a deleted order).
ALTER TABLE portal.zadania ADD COLUMN IF NOT EXISTS zamowienie_id uuid REFERENCES portal.zamowienia (id) ON DELETE CASCADE;
ALTER TABLE portal.zadania ADD COLUMN IF NOT EXISTS "pozycjaZamowienia" integer;
ALTER TABLE portal.zadania ADD COLUMN IF NOT EXISTS czesc text;
COMMENT ON COLUMN portal.zadania.zamowienie_id IS 'Zamówienie, którego materiały przygotowuje zadanie (puste dla wycinków na żądanie)';
COMMENT ON COLUMN portal.zadania."pozycjaZamowienia" IS 'Liczba porządkowa pozycji zamówienia (0: licencja zamówienia)';
COMMENT ON COLUMN portal.zadania.czesc IS 'Część pozycji przygotowywana przez zadanie (np. arkusz), niepowtarzalna w pozycji';
COMMENT ON COLUMN portal.zadania.rodzaj IS 'Rodzaj zadania: wycinek (na żądanie) albo zamowienie (wydanie materiałów opłaconego zamówienia)';
CREATE UNIQUE INDEX IF NOT EXISTS zadania_zamowienie_czesc_idx ON portal.zadania (zamowienie_id, "pozycjaZamowienia", czesc) WHERE zamowienie_id IS NOT NULL;

ALTER TABLE portal.pobrania ADD COLUMN IF NOT EXISTS zamowienie_id uuid REFERENCES portal.zamowienia (id) ON DELETE SET NULL;
ALTER TABLE portal.pobrania ADD COLUMN IF NOT EXISTS "numerZamowienia" text;
COMMENT ON COLUMN portal.pobrania.zamowienie_id IS 'Zamówienie, którego materiał pobrano (puste dla pobrań bez zamówienia)';
COMMENT ON COLUMN portal.pobrania."numerZamowienia" IS 'Numer zamówienia ZAM/rok/n pobranego materiału';
CREATE INDEX IF NOT EXISTS pobrania_zamowienie_idx ON portal.pobrania (zamowienie_id) WHERE zamowienie_id IS NOT NULL;
