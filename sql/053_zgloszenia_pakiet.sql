-- The material package of a survey-work notification (issue 18): the download job that assembles it (portal.zadania,
-- rodzaj 'pakiet zgłoszenia', reusing the extract jobs' runner, queue and files), the order that carries its fee and
-- DOO (portal.zamowienia, charged by the tariff row ZG.materialy.ha, sql/052), and the sheet scale the surveyor chose.
-- Extends sql/050_zgloszenia.sql without changing it.
ALTER TABLE portal.zgloszenia ADD COLUMN IF NOT EXISTS "skalaArkuszy" integer NOT NULL DEFAULT 1000 CHECK ("skalaArkuszy" IN (500, 1000, 2000));
ALTER TABLE portal.zgloszenia ADD COLUMN IF NOT EXISTS zadanie_id uuid REFERENCES portal.zadania (id) ON DELETE SET NULL;
ALTER TABLE portal.zgloszenia ADD COLUMN IF NOT EXISTS zamowienie_id uuid REFERENCES portal.zamowienia (id);
COMMENT ON COLUMN portal.zgloszenia."skalaArkuszy" IS 'Skala arkuszy mapy zasadniczej w pakiecie materiałów (1:500, 1:1000, 1:2000)';
COMMENT ON COLUMN portal.zgloszenia.zadanie_id IS 'Zadanie przygotowujące pakiet materiałów zasobu (portal.zadania)';
COMMENT ON COLUMN portal.zgloszenia.zamowienie_id IS 'Zamówienie z opłatą za materiały i jej DOO (portal.zamowienia)';
CREATE INDEX IF NOT EXISTS zgloszenia_zadanie_idx ON portal.zgloszenia (zadanie_id);
COMMENT ON COLUMN portal.zadania.rodzaj IS 'Rodzaj zadania: wycinek albo pakiet zgłoszenia (materiały do zgłoszonych prac geodezyjnych)';
