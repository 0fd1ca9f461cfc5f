-- Search as people type (issue 16): case- and diacritics-insensitive matching of street, district and owner names.
-- unaccent and pg_trgm are contrib extensions of PostgreSQL and of PGlite (@electric-sql/pglite/contrib), so both
-- database modes fold text the same way. public.sip_fold is the one normalisation: lower case, accents removed
-- (ł → l, ż → z …), whitespace collapsed. The search code (server/query/search.ts) compares sip_fold(column) with
-- sip_fold($n) of the user's text, so the JS side never needs its own copy of the rules.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- IMMUTABLE with the dictionary named explicitly (unaccent(text) alone is only STABLE), so it can be indexed.
CREATE OR REPLACE FUNCTION public.sip_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, t)), '\s+', ' ', 'g')) $$;
COMMENT ON FUNCTION public.sip_fold(text) IS 'Tekst do wyszukiwania: małe litery, bez znaków diakrytycznych, pojedyncze spacje';

CREATE INDEX IF NOT EXISTS budynki_ulica_fold_trgm ON egib.budynki USING gin (public.sip_fold("ulica") gin_trgm_ops);
CREATE INDEX IF NOT EXISTS obreby_nazwa_fold_trgm ON egib.obreby USING gin (public.sip_fold("nazwaObrebu") gin_trgm_ops);
CREATE INDEX IF NOT EXISTS wlasciciele_nazwisko_fold ON egib.wlasciciele (public.sip_fold("nazwisko"));
CREATE INDEX IF NOT EXISTS wlasciciele_nazwa_fold_trgm ON egib.wlasciciele USING gin (public.sip_fold("nazwa") gin_trgm_ops);
CREATE INDEX IF NOT EXISTS wlasciciele_pesel_idx ON egib.wlasciciele ("pesel");
CREATE INDEX IF NOT EXISTS wlasciciele_regon_idx ON egib.wlasciciele ("regon");
CREATE INDEX IF NOT EXISTS udzialy_podmiot_idx ON egib.udzialy_wlasnosci ("idPodmiotu");
CREATE INDEX IF NOT EXISTS dzialki_kw_idx ON egib.dzialki ("numerKW");

-- egib.kontury_klasyfikacyjne (sql/009) is a data table too: give it the data-version triggers (sql/006).
SELECT public.track_data_version();
