-- Downloads: the PL-2000 sheet grid as a layer, extract jobs, and the download register's extra columns.

-- The sheet grid is reference geometry derived from the data's extent, not register data: its own schema.
CREATE SCHEMA IF NOT EXISTS pl2000;
COMMENT ON SCHEMA pl2000 IS 'Podział arkuszowy map w układzie PL-2000 (geometria odniesienia wyliczana z zasięgu danych)';

-- The godło of a sheet from its grid cell, the same rule as server/domain/sheets.ts (Rozporządzenie RM
-- z 15.10.2012 r. w sprawie państwowego systemu odniesień przestrzennych, § 19): cells of every scale counted from
-- x = 4920 km, y = zone·1000 km + 332 km; children numbered row by row from the north-west.
CREATE OR REPLACE FUNCTION pl2000.godlo_arkusza(skala integer, strefa integer, i integer, j integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  w integer; h integer; base text;
  i1 integer; j1 integer; i2 integer; j2 integer;
BEGIN
  SELECT s.w, s.h INTO w, h FROM (VALUES (10000, 8000, 5000), (5000, 4000, 2500), (2000, 1600, 1000), (1000, 800, 500), (500, 400, 250)) AS s(k, w, h) WHERE s.k = skala;
  IF w IS NULL THEN RETURN NULL; END IF;
  base := strefa || '.' || lpad(floor(j::numeric * h / 5000)::text, 3, '0') || '.' || lpad(floor(i::numeric * w / 8000)::text, 2, '0');
  IF skala = 10000 THEN RETURN base; END IF;
  IF skala = 5000 THEN RETURN base || '.' || ((1 - mod(j, 2)) * 2 + mod(i, 2) + 1); END IF;
  IF skala = 2000 THEN RETURN base || '.' || lpad(((4 - mod(j, 5)) * 5 + mod(i, 5) + 1)::text, 2, '0'); END IF;
  IF skala = 1000 THEN i1 := i; j1 := j; ELSE i1 := floor(i / 2.0); j1 := floor(j / 2.0); END IF;
  i2 := floor(i1 / 2.0); j2 := floor(j1 / 2.0);
  base := base || '.' || lpad(((4 - mod(j2, 5)) * 5 + mod(i2, 5) + 1)::text, 2, '0') || '.' || ((1 - mod(j1, 2)) * 2 + mod(i1, 2) + 1);
  IF skala = 1000 THEN RETURN base; END IF;
  RETURN base || '.' || ((1 - mod(j, 2)) * 2 + mod(i, 2) + 1);
END
$$;
COMMENT ON FUNCTION pl2000.godlo_arkusza(integer, integer, integer, integer) IS 'Godło arkusza PL-2000 komórki (i, j) siatki arkuszy w skali i strefie';

-- The sheets of the five scales covering a box of zone 6 (EPSG:2177); id = scale level · 10^12 + j · 10^6 + i.
CREATE OR REPLACE FUNCTION pl2000.arkusze_w_zasiegu(zasieg geometry)
RETURNS TABLE (id bigint, godlo text, skala integer, geom geometry)
-- REFRESH MATERIALIZED VIEW runs with a restricted search_path (PostgreSQL 17+): the body names its schemas' functions.
LANGUAGE sql STABLE STRICT SET search_path = public, pl2000, pg_temp AS $$
  SELECT (s.poziom::bigint * 1000000000000 + j::bigint * 1000000 + i)::bigint,
         pl2000.godlo_arkusza(s.k, 6, i, j), s.k,
         ST_MakeEnvelope(6332000 + i::float8 * s.w, 4920000 + j::float8 * s.h, 6332000 + (i + 1)::float8 * s.w, 4920000 + (j + 1)::float8 * s.h, 2177)
  FROM (VALUES (1, 10000, 8000, 5000), (2, 5000, 4000, 2500), (3, 2000, 1600, 1000), (4, 1000, 800, 500), (5, 500, 400, 250)) AS s(poziom, k, w, h),
       generate_series(floor((ST_XMin(zasieg) - 6332000) / s.w)::integer, ceil((ST_XMax(zasieg) - 6332000) / s.w)::integer - 1) AS i,
       generate_series(floor((ST_YMin(zasieg) - 4920000) / s.h)::integer, ceil((ST_YMax(zasieg) - 4920000) / s.h)::integer - 1) AS j
$$;
COMMENT ON FUNCTION pl2000.arkusze_w_zasiegu(geometry) IS 'Arkusze PL-2000 (strefa 6) w skalach 1:10000–1:500 pokrywające prostokąt';

-- The sheet grid over the extent of the cadastral districts (the data): a materialized view with a GiST index,
-- refreshed by a statement trigger whenever the districts change (so a data load brings its grid with it).
CREATE MATERIALIZED VIEW IF NOT EXISTS pl2000.arkusze AS
  SELECT a.id, a.godlo, a.skala, a.geom::geometry(Polygon, 2177) AS geom
  FROM (SELECT ST_SetSRID(ST_Extent(o.geom)::geometry, 2177) AS e FROM egib.obreby o) AS x,
       LATERAL pl2000.arkusze_w_zasiegu(x.e) AS a
  WHERE x.e IS NOT NULL;
COMMENT ON MATERIALIZED VIEW pl2000.arkusze IS 'Podział arkuszowy mapy zasadniczej w układzie PL-2000 (skale 1:10000, 1:5000, 1:2000, 1:1000, 1:500) w zasięgu danych';
COMMENT ON COLUMN pl2000.arkusze.id IS 'Klucz techniczny (poziom skali, rząd i kolumna siatki)';
COMMENT ON COLUMN pl2000.arkusze.godlo IS 'Godło arkusza';
COMMENT ON COLUMN pl2000.arkusze.skala IS 'Mianownik skali arkusza';
COMMENT ON COLUMN pl2000.arkusze.geom IS 'Ramka arkusza, EPSG:2177';
CREATE UNIQUE INDEX IF NOT EXISTS arkusze_id_idx ON pl2000.arkusze (id);
CREATE INDEX IF NOT EXISTS arkusze_geom_idx ON pl2000.arkusze USING gist (geom);
CREATE INDEX IF NOT EXISTS arkusze_godlo_idx ON pl2000.arkusze (godlo);

CREATE OR REPLACE FUNCTION pl2000.odswiez_arkusze() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  REFRESH MATERIALIZED VIEW pl2000.arkusze;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION pl2000.odswiez_arkusze() IS 'Wyzwalacz: przelicza podział arkuszowy (pl2000.arkusze) po zmianie obrębów';
DROP TRIGGER IF EXISTS arkusze_odswiez ON egib.obreby;
CREATE TRIGGER arkusze_odswiez AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON egib.obreby
  FOR EACH STATEMENT EXECUTE FUNCTION pl2000.odswiez_arkusze();

-- Extract and map-sheet jobs: accepted requests survive a restart (resumed or marked failed at start).
CREATE TABLE IF NOT EXISTS portal.zadania (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rodzaj        text NOT NULL DEFAULT 'wycinek',
  status        text NOT NULL DEFAULT 'oczekuje' CHECK (status IN ('oczekuje', 'trwa', 'gotowe', 'blad', 'anulowane', 'wygaslo')),
  postep        real NOT NULL DEFAULT 0 CHECK (postep BETWEEN 0 AND 1),
  parametry     jsonb NOT NULL,
  uzytkownik_id integer REFERENCES portal.uzytkownicy (id),
  rola          text NOT NULL,
  portal        text NOT NULL,
  obszar        geometry(Geometry, 2177),
  plik          text,
  "nazwaPliku"  text,
  "typPliku"    text,
  "rozmiarBajtow" bigint,
  "liczbaObiektow" bigint,
  blad          text,
  proby         integer NOT NULL DEFAULT 0,
  utworzono     timestamptz NOT NULL DEFAULT now(),
  rozpoczeto    timestamptz,
  zakonczono    timestamptz,
  aktualizowano timestamptz NOT NULL DEFAULT now(),
  wygasa        timestamptz
);
COMMENT ON TABLE portal.zadania IS 'Zadania przygotowania plików do pobrania (wycinki danych), z postępem i czasem wygaśnięcia';
COMMENT ON COLUMN portal.zadania.id IS 'Identyfikator zadania (losowy UUID: zarazem prawo dostępu do wyniku zadania anonimowego)';
COMMENT ON COLUMN portal.zadania.rodzaj IS 'Rodzaj zadania (wycinek)';
COMMENT ON COLUMN portal.zadania.status IS 'oczekuje, trwa, gotowe, blad, anulowane, wygaslo';
COMMENT ON COLUMN portal.zadania.uzytkownik_id IS 'Zlecający użytkownik (pusty dla anonimowego)';
COMMENT ON COLUMN portal.zadania.rola IS 'Rola zlecającego (decyduje o widocznych atrybutach)';
COMMENT ON COLUMN portal.zadania.portal IS 'Portal, z którego zlecono';
COMMENT ON COLUMN portal.zadania.obszar IS 'Obszar wycinka, EPSG:2177';
COMMENT ON COLUMN portal.zadania."nazwaPliku" IS 'Nazwa pliku podawana przy pobraniu';
COMMENT ON COLUMN portal.zadania."typPliku" IS 'Typ MIME pliku';
COMMENT ON COLUMN portal.zadania."rozmiarBajtow" IS 'Rozmiar pliku w bajtach';
COMMENT ON COLUMN portal.zadania."liczbaObiektow" IS 'Liczba obiektów w pliku';
COMMENT ON COLUMN portal.zadania.blad IS 'Opis błędu dla zlecającego';
COMMENT ON COLUMN portal.zadania.utworzono IS 'Czas przyjęcia zadania';
COMMENT ON COLUMN portal.zadania.rozpoczeto IS 'Czas ostatniego uruchomienia';
COMMENT ON COLUMN portal.zadania.zakonczono IS 'Czas zakończenia';
COMMENT ON COLUMN portal.zadania.wygasa IS 'Czas, po którym plik jest usuwany';
COMMENT ON COLUMN portal.zadania.postep IS 'Postęp 0–1';
COMMENT ON COLUMN portal.zadania.parametry IS 'Zlecenie: warstwy, format, obszar, układ współrzędnych';
COMMENT ON COLUMN portal.zadania.plik IS 'Nazwa pliku wyniku w katalogu pobrań';
COMMENT ON COLUMN portal.zadania.proby IS 'Liczba uruchomień (wznowienia po restarcie)';
COMMENT ON COLUMN portal.zadania.aktualizowano IS 'Ostatni znak życia wykonawcy (zadanie bez niego dłużej niż próg jest wznawiane)';
CREATE INDEX IF NOT EXISTS zadania_status_idx ON portal.zadania (status);
CREATE INDEX IF NOT EXISTS zadania_uzytkownik_idx ON portal.zadania (uzytkownik_id, utworzono);

ALTER TABLE portal.pobrania ADD COLUMN IF NOT EXISTS zadanie_id uuid REFERENCES portal.zadania (id) ON DELETE SET NULL;
ALTER TABLE portal.pobrania ADD COLUMN IF NOT EXISTS warstwy text[];
ALTER TABLE portal.pobrania ADD COLUMN IF NOT EXISTS "liczbaObiektow" bigint;
ALTER TABLE portal.pobrania ADD COLUMN IF NOT EXISTS rola text;
COMMENT ON COLUMN portal.pobrania.zadanie_id IS 'Zadanie, które przygotowało plik (pusty dla pobrań natychmiastowych)';
COMMENT ON COLUMN portal.pobrania.warstwy IS 'Pobrane warstwy katalogu';
COMMENT ON COLUMN portal.pobrania."liczbaObiektow" IS 'Liczba obiektów w pliku';
COMMENT ON COLUMN portal.pobrania.rola IS 'Rola pobierającego';
CREATE INDEX IF NOT EXISTS pobrania_portal_czas_idx ON portal.pobrania (portal, czas);

-- Statistics per portal and month (the admin endpoint and page).
CREATE OR REPLACE FUNCTION portal.statystyki_pobran(od timestamptz, do_ timestamptz)
RETURNS TABLE (portal text, miesiac date, pobrania bigint, bajty numeric, uzytkownicy bigint, anonimowe bigint)
LANGUAGE sql STABLE AS $$
  SELECT p.portal, date_trunc('month', p.czas AT TIME ZONE 'Europe/Warsaw')::date, count(*), coalesce(sum(p."rozmiarBajtow"), 0),
         count(DISTINCT p.uzytkownik_id), count(*) FILTER (WHERE p.uzytkownik_id IS NULL)
  FROM portal.pobrania p
  WHERE p.czas >= od AND p.czas < do_
  GROUP BY 1, 2 ORDER BY 2, 1
$$;
COMMENT ON FUNCTION portal.statystyki_pobran(timestamptz, timestamptz) IS 'Liczba pobrań, bajty i użytkownicy według portalu i miesiąca';
