-- The EGiB and GESUT data model brought to the 2021 regulations (issue 16). Renames and splits columns of the
-- tables of 002/003/004 (which, once applied, never change); docs/model-2021.md holds the full rename table and
-- the sources:
--   EGiB:  rozporządzenie Ministra Rozwoju, Pracy i Technologii z dnia 27 lipca 2021 r. w sprawie ewidencji gruntów
--          i budynków (Dz.U. 2021 poz. 1390), załącznik nr 1 (schemat aplikacyjny GML EGiB, namespace
--          ewidencjaGruntowIBudynkow:1.0), załącznik nr 6 (oznaczenia użytków gruntowych, OFU/OZU/OZK);
--   GESUT: rozporządzenie Ministra Rozwoju, Pracy i Technologii z lipca 2021 r. w sprawie geodezyjnej ewidencji sieci
--          uzbrojenia terenu (Dz.U. 2021, position not verified here: see docs/model-2021.md), załącznik nr 1
--          (schemat aplikacyjny GML GESUT, namespace geodezyjnaEwidencjaSieciUzbrojeniaTerenu:1.0);
--   KŚT:   rozporządzenie Rady Ministrów z dnia 3 października 2016 r. w sprawie Klasyfikacji Środków Trwałych
--          (Dz.U. 2016 poz. 1864), rodzaje 101–110 grupy 1 (budynki).
-- Works on a filled database as well as on an empty one: every split derives the new values from the old ones.

-- ---------------------------------------------------------------------------------------------------------------
-- Działki: poleEwidencyjne (ha, 4 decimals), the sheet form of the identifier, JRG, a geometric area rounded to cm².
ALTER TABLE egib.dzialki RENAME COLUMN "powierzchniaEwidencyjna" TO "poleEwidencyjne";
ALTER TABLE egib.dzialki RENAME CONSTRAINT "dzialki_powierzchniaEwidencyjna_check" TO "dzialki_poleEwidencyjne_check";
COMMENT ON COLUMN egib.dzialki."poleEwidencyjne" IS 'Pole ewidencyjne działki w hektarach z dokładnością do 0,0001 ha (EGB_DzialkaEwidencyjna.poleEwidencyjne, rozporządzenie EGiB 2021)';

-- Districts kept on map sheets number their parcels per sheet: WWPPGG_R.OOOO.AR_n.NrDz (§ 9 of the EGiB
-- regulation 2021 and its annex 1: idDzialki). numerArkusza is the n of AR_n, empty in districts without sheets.
ALTER TABLE egib.dzialki ADD COLUMN IF NOT EXISTS "numerArkusza" text CHECK ("numerArkusza" ~ '^[1-9][0-9]*$');
COMMENT ON COLUMN egib.dzialki."numerArkusza" IS 'Numer arkusza mapy ewidencyjnej (AR_n w identyfikatorze działki) w obrębach z numeracją arkuszową; pusty w pozostałych';
ALTER TABLE egib.dzialki DROP CONSTRAINT "dzialki_idDzialki_check";
ALTER TABLE egib.dzialki ADD CONSTRAINT "dzialki_idDzialki_check"
  CHECK ("idDzialki" ~ '^[0-9]{6}_[0-9]\.[0-9]{4}(\.AR_[1-9][0-9]*)?\.[1-9][0-9]*(/[1-9][0-9]*)?$');
ALTER TABLE egib.dzialki DROP CONSTRAINT "dzialki_check";
ALTER TABLE egib.dzialki ADD CONSTRAINT "dzialki_check"
  CHECK ("idDzialki" = "idObrebu" || coalesce('.AR_' || "numerArkusza", '') || '.' || "numerDzialki");
COMMENT ON COLUMN egib.dzialki."idDzialki" IS 'Identyfikator działki: idObrebu[.AR_n].numerDzialki, np. 306401_1.0005.797 albo 306401_1.0061.AR_13.33/1';

-- JRG: the land register unit (jednostka rejestrowa gruntów) the parcel belongs to, WWPPGG_R.OOOO.G<n>.
ALTER TABLE egib.dzialki ADD COLUMN IF NOT EXISTS "JRG" text CHECK ("JRG" ~ '^[0-9]{6}_[0-9]\.[0-9]{4}\.G[1-9][0-9]*$');
COMMENT ON COLUMN egib.dzialki."JRG" IS 'Jednostka rejestrowa gruntów, do której należy działka: idObrebu.G<numer>';
-- Existing parcels: one unit per district and set of owners (what a JRG is: the parcels of one owner set in a district).
UPDATE egib.dzialki d SET "JRG" = j."JRG"
  FROM (SELECT "idDzialki", "idObrebu" || '.G' || dense_rank() OVER (PARTITION BY "idObrebu" ORDER BY owners) AS "JRG"
          FROM (SELECT d."idDzialki", d."idObrebu",
                       coalesce((SELECT string_agg(u."idPodmiotu"::text || ':' || u."rodzajPrawa", ',' ORDER BY u."idPodmiotu", u."rodzajPrawa")
                                   FROM egib.udzialy_wlasnosci u WHERE u."idDzialki" = d."idDzialki"), '') AS owners
                  FROM egib.dzialki d) o) j
 WHERE j."idDzialki" = d."idDzialki";

-- The geometric area as people read it: m² with 2 decimals, no binary noise in GML/GeoJSON.
ALTER TABLE egib.dzialki DROP COLUMN "powierzchniaGeometryczna";
ALTER TABLE egib.dzialki ADD COLUMN "powierzchniaGeometryczna" numeric(14,2) GENERATED ALWAYS AS (round(ST_Area(geom)::numeric, 2)) STORED;
COMMENT ON COLUMN egib.dzialki."powierzchniaGeometryczna" IS 'Pole powierzchni obliczone z geometrii w m², zaokrąglone do 0,01 m² (EPSG:2177); nie jest polem ewidencyjnym';
CREATE INDEX IF NOT EXISTS dzialki_numer_idx ON egib.dzialki ("numerDzialki");

-- ---------------------------------------------------------------------------------------------------------------
-- Budynki: idBudynku with _BUD (annex 1 of the EGiB regulation 2021: idBudynku = idDzialki.NrBud_BUD); usable areas.
ALTER TABLE sip.budynki_3d DROP CONSTRAINT "budynki_3d_idBudynku_fkey";
ALTER TABLE egib.budynki DROP CONSTRAINT "budynki_idBudynku_check";
UPDATE egib.budynki SET "idBudynku" = "idBudynku" || '_BUD' WHERE "idBudynku" NOT LIKE '%\_BUD';
UPDATE sip.budynki_3d SET "idBudynku" = "idBudynku" || '_BUD' WHERE "idBudynku" NOT LIKE '%\_BUD';
ALTER TABLE egib.budynki ADD CONSTRAINT "budynki_idBudynku_check"
  CHECK ("idBudynku" ~ '^[0-9]{6}_[0-9]\.[0-9]{4}(\.AR_[1-9][0-9]*)?\.[1-9][0-9]*(/[1-9][0-9]*)?\.[1-9][0-9]*_BUD$');
ALTER TABLE sip.budynki_3d ADD CONSTRAINT "budynki_3d_idBudynku_fkey"
  FOREIGN KEY ("idBudynku") REFERENCES egib.budynki ("idBudynku") ON UPDATE CASCADE;
COMMENT ON COLUMN egib.budynki."idBudynku" IS 'Identyfikator budynku: idDzialki.numer budynku_BUD, np. 306401_1.0005.797.1_BUD';
COMMENT ON COLUMN egib.budynki."rodzajWgKST" IS 'Rodzaj budynku wg Klasyfikacji Środków Trwałych (Dz.U. 2016 poz. 1864): 101 przemysłowe, 102 transportu i łączności, 103 handlowo-usługowe, 104 zbiorniki, silosy i magazyny, 105 biurowe, 106 szpitali i opieki medycznej, 107 oświaty, nauki, kultury i sportu, 108 gospodarcze dla rolnictwa, 109 pozostałe niemieszkalne, 110 mieszkalne';
COMMENT ON COLUMN egib.budynki."powZabudowy" IS 'Pole powierzchni zabudowy w m² (0,01 m²)';
ALTER TABLE egib.budynki ADD COLUMN IF NOT EXISTS "lacznaPowUzytkowaLokaliWyodrebnionych" numeric(10,2) CHECK ("lacznaPowUzytkowaLokaliWyodrebnionych" >= 0);
ALTER TABLE egib.budynki ADD COLUMN IF NOT EXISTS "lacznaPowUzytkowaLokaliNiewyodrebnionych" numeric(10,2) CHECK ("lacznaPowUzytkowaLokaliNiewyodrebnionych" >= 0);
COMMENT ON COLUMN egib.budynki."lacznaPowUzytkowaLokaliWyodrebnionych" IS 'Łączna powierzchnia użytkowa lokali wyodrębnionych w m²';
COMMENT ON COLUMN egib.budynki."lacznaPowUzytkowaLokaliNiewyodrebnionych" IS 'Łączna powierzchnia użytkowa lokali niewyodrębnionych w m²';
CREATE INDEX IF NOT EXISTS budynki_numer_idx ON egib.budynki ("numerPorzadkowy");

-- ---------------------------------------------------------------------------------------------------------------
-- Klasoużytki (EGB_Klasouzytek: OFU, OZU, OZK, powierzchnia): each land-use contour piece in a parcel carries the
-- soil-class designation where the land was classified (annex 6 of the EGiB regulation 2021) and its area in ha.
ALTER TABLE egib.kontury_uzytkow ADD COLUMN IF NOT EXISTS "OZU" text CHECK ("OZU" IN ('R','Ł','Ps','Ls','Lz'));
ALTER TABLE egib.kontury_uzytkow ADD COLUMN IF NOT EXISTS "OZK" text CHECK ("OZK" IN ('I','II','III','IIIa','IIIb','IV','IVa','IVb','V','VI','VIz'));
ALTER TABLE egib.kontury_uzytkow ADD COLUMN IF NOT EXISTS "powierzchnia" numeric(12,4) CHECK ("powierzchnia" > 0);
ALTER TABLE egib.kontury_uzytkow ADD CONSTRAINT "kontury_uzytkow_klasa_check" CHECK (("OZU" IS NULL) = ("OZK" IS NULL));
UPDATE egib.kontury_uzytkow SET "powierzchnia" = greatest(round((ST_Area(geom) / 10000)::numeric, 4), 0.0001) WHERE "powierzchnia" IS NULL;
ALTER TABLE egib.kontury_uzytkow ALTER COLUMN "powierzchnia" SET NOT NULL;
COMMENT ON TABLE egib.kontury_uzytkow IS 'Klasoużytki (EGB_Klasouzytek): części działek w konturach użytków gruntowych (OFU) i klasyfikacyjnych (OZU, OZK) z polem powierzchni';
COMMENT ON COLUMN egib.kontury_uzytkow."OZU" IS 'Oznaczenie zaliczenia do użytku (klasyfikacja gleboznawcza): R, Ł, Ps, Ls, Lz; puste, gdy grunt nie był klasyfikowany';
COMMENT ON COLUMN egib.kontury_uzytkow."OZK" IS 'Oznaczenie klasy bonitacyjnej: I, II, IIIa, IIIb, IVa, IVb, V, VI, VIz (grunty orne), I–VI (łąki, pastwiska, lasy)';
COMMENT ON COLUMN egib.kontury_uzytkow."powierzchnia" IS 'Pole powierzchni klasoużytku w działce w hektarach (0,0001 ha)';

-- Classification contours (EGB_KonturKlasyfikacyjny) as their own layer.
CREATE TABLE IF NOT EXISTS egib.kontury_klasyfikacyjne (
  id            integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  "idKonturu"   text NOT NULL UNIQUE,
  "idObrebu"    text NOT NULL REFERENCES egib.obreby ("idObrebu"),
  "OZU"         text NOT NULL CHECK ("OZU" IN ('R','Ł','Ps','Ls','Lz')),
  "OZK"         text NOT NULL CHECK ("OZK" IN ('I','II','III','IIIa','IIIb','IV','IVa','IVb','V','VI','VIz')),
  "poczatekWersjiObiektu" timestamptz NOT NULL DEFAULT now(),
  geom          geometry(MultiPolygon, 2177) NOT NULL CHECK (ST_IsValid(geom))
);
COMMENT ON TABLE egib.kontury_klasyfikacyjne IS 'Kontury klasyfikacyjne (EGB_KonturKlasyfikacyjny): obszary jednej klasy gleboznawczej';
COMMENT ON COLUMN egib.kontury_klasyfikacyjne.id IS 'Klucz techniczny';
COMMENT ON COLUMN egib.kontury_klasyfikacyjne."idKonturu" IS 'Identyfikator konturu klasyfikacyjnego: idObrebu.OZU OZK/numer';
COMMENT ON COLUMN egib.kontury_klasyfikacyjne."idObrebu" IS 'Obręb ewidencyjny, w którym leży kontur';
COMMENT ON COLUMN egib.kontury_klasyfikacyjne."OZU" IS 'Oznaczenie zaliczenia do użytku: R, Ł, Ps, Ls, Lz';
COMMENT ON COLUMN egib.kontury_klasyfikacyjne."OZK" IS 'Oznaczenie klasy bonitacyjnej';
COMMENT ON COLUMN egib.kontury_klasyfikacyjne."poczatekWersjiObiektu" IS 'Początek wersji obiektu (data ostatniej zmiany)';
COMMENT ON COLUMN egib.kontury_klasyfikacyjne.geom IS 'Granica konturu klasyfikacyjnego, EPSG:2177';
CREATE INDEX IF NOT EXISTS kontury_klasyfikacyjne_geom_gist ON egib.kontury_klasyfikacyjne USING gist (geom);

-- ---------------------------------------------------------------------------------------------------------------
-- GESUT: branch codes instead of words, status (istniejący/projektowany) apart from eksploatacja (czynny/nieczynny),
-- the type per branch in one column, the operator as the model names it (wladajacy).
ALTER TABLE gesut.przewody DROP CONSTRAINT "przewody_rodzajSieci_check";
ALTER TABLE gesut.przewody DROP CONSTRAINT "przewody_status_check";
ALTER TABLE gesut.przewody DROP CONSTRAINT "przewody_cisnienie_check";
ALTER TABLE gesut.przewody DROP CONSTRAINT "przewody_napiecie_check";
ALTER TABLE gesut.przewody RENAME COLUMN "rodzajSieci" TO "branza";
ALTER TABLE gesut.przewody RENAME COLUMN "operator" TO "wladajacy";
ALTER TABLE gesut.przewody ADD COLUMN IF NOT EXISTS "typ" text;
ALTER TABLE gesut.przewody ADD COLUMN IF NOT EXISTS "eksploatacja" text;
UPDATE gesut.przewody SET
  "typ" = CASE "branza" WHEN 'kanalizacyjna' THEN 'sanitarna' WHEN 'deszczowa' THEN 'deszczowa'
                        WHEN 'gazowa' THEN "cisnienie" WHEN 'elektroenergetyczna' THEN "napiecie" END,
  "branza" = CASE "branza" WHEN 'wodociągowa' THEN 'w' WHEN 'kanalizacyjna' THEN 'k' WHEN 'deszczowa' THEN 'k'
                           WHEN 'gazowa' THEN 'g' WHEN 'elektroenergetyczna' THEN 'e' WHEN 'telekomunikacyjna' THEN 't'
                           WHEN 'ciepłownicza' THEN 'c' WHEN 'inna' THEN 'x' ELSE "branza" END,
  "eksploatacja" = CASE "status" WHEN 'projektowany' THEN NULL WHEN 'nieczynny' THEN 'nieczynny' ELSE 'czynny' END,
  "status" = CASE "status" WHEN 'projektowany' THEN 'projektowany' ELSE 'istniejący' END;
ALTER TABLE gesut.przewody DROP COLUMN "cisnienie";
ALTER TABLE gesut.przewody DROP COLUMN "napiecie";
ALTER TABLE gesut.przewody ADD CONSTRAINT "przewody_branza_check" CHECK ("branza" IN ('w','k','e','g','c','t','s','x'));
ALTER TABLE gesut.przewody ADD CONSTRAINT "przewody_status_check" CHECK ("status" IN ('istniejący','projektowany'));
ALTER TABLE gesut.przewody ADD CONSTRAINT "przewody_eksploatacja_check"
  CHECK (("eksploatacja" IN ('czynny','nieczynny') AND "status" = 'istniejący') OR ("eksploatacja" IS NULL AND "status" = 'projektowany'));
-- The type's code list depends on the branch (docs/model-2021.md, server/domain/code-lists.ts).
ALTER TABLE gesut.przewody ADD CONSTRAINT "przewody_typ_check" CHECK (CASE "branza"
  WHEN 'k' THEN "typ" IN ('sanitarna','deszczowa','ogólnospławna')
  WHEN 'g' THEN "typ" IN ('niskie','średnie','podwyższone średnie','wysokie')
  WHEN 'e' THEN "typ" IN ('nn','SN','WN','oświetleniowa')
  WHEN 'c' THEN "typ" IN ('wysokoparametrowa','niskoparametrowa')
  WHEN 't' THEN "typ" IN ('kablowa','światłowodowa')
  ELSE "typ" IS NULL END OR "typ" IS NULL);
COMMENT ON COLUMN gesut.przewody."branza" IS 'Branża sieci (kod): w wodociągowa, k kanalizacyjna, e elektroenergetyczna, g gazowa, c ciepłownicza, t telekomunikacyjna, s specjalna, x niezidentyfikowana';
COMMENT ON COLUMN gesut.przewody."typ" IS 'Rodzaj przewodu w branży: k sanitarna/deszczowa/ogólnospławna; g ciśnienie niskie/średnie/podwyższone średnie/wysokie; e napięcie nn/SN/WN, oświetleniowa; c wysokoparametrowa/niskoparametrowa; t kablowa/światłowodowa';
COMMENT ON COLUMN gesut.przewody."status" IS 'Status (istnienie) obiektu: istniejący, projektowany';
COMMENT ON COLUMN gesut.przewody."eksploatacja" IS 'Eksploatacja: czynny, nieczynny; pusta dla przewodów projektowanych';
COMMENT ON COLUMN gesut.przewody."wladajacy" IS 'Podmiot władający przewodem';
COMMENT ON COLUMN gesut.przewody."funkcja" IS 'Funkcja przewodu w sieci: magistralny, rozdzielczy, przyłącze';
COMMENT ON COLUMN gesut.przewody."przebieg" IS 'Przebieg: podziemny, naziemny, nadziemny';
CREATE INDEX IF NOT EXISTS przewody_typ_idx ON gesut.przewody ("branza", "typ");

ALTER TABLE gesut.urzadzenia DROP CONSTRAINT "urzadzenia_rodzajSieci_check";
ALTER TABLE gesut.urzadzenia DROP CONSTRAINT "urzadzenia_status_check";
ALTER TABLE gesut.urzadzenia RENAME COLUMN "rodzajSieci" TO "branza";
ALTER TABLE gesut.urzadzenia RENAME COLUMN "operator" TO "wladajacy";
ALTER TABLE gesut.urzadzenia ADD COLUMN IF NOT EXISTS "eksploatacja" text;
UPDATE gesut.urzadzenia SET
  "branza" = CASE "branza" WHEN 'wodociągowa' THEN 'w' WHEN 'kanalizacyjna' THEN 'k' WHEN 'deszczowa' THEN 'k'
                           WHEN 'gazowa' THEN 'g' WHEN 'elektroenergetyczna' THEN 'e' WHEN 'telekomunikacyjna' THEN 't'
                           WHEN 'ciepłownicza' THEN 'c' WHEN 'inna' THEN 'x' ELSE "branza" END,
  "eksploatacja" = CASE "status" WHEN 'projektowany' THEN NULL WHEN 'nieczynny' THEN 'nieczynny' ELSE 'czynny' END,
  "status" = CASE "status" WHEN 'projektowany' THEN 'projektowany' ELSE 'istniejący' END;
ALTER TABLE gesut.urzadzenia ADD CONSTRAINT "urzadzenia_branza_check" CHECK ("branza" IN ('w','k','e','g','c','t','s','x'));
ALTER TABLE gesut.urzadzenia ADD CONSTRAINT "urzadzenia_status_check" CHECK ("status" IN ('istniejący','projektowany'));
ALTER TABLE gesut.urzadzenia ADD CONSTRAINT "urzadzenia_eksploatacja_check"
  CHECK (("eksploatacja" IN ('czynny','nieczynny') AND "status" = 'istniejący') OR ("eksploatacja" IS NULL AND "status" = 'projektowany'));
COMMENT ON COLUMN gesut.urzadzenia."branza" IS 'Branża sieci (kod): w, k, e, g, c, t, s, x';
COMMENT ON COLUMN gesut.urzadzenia."status" IS 'Status (istnienie) obiektu: istniejący, projektowany';
COMMENT ON COLUMN gesut.urzadzenia."eksploatacja" IS 'Eksploatacja: czynny, nieczynny; pusta dla urządzeń projektowanych';
COMMENT ON COLUMN gesut.urzadzenia."wladajacy" IS 'Podmiot władający urządzeniem';
