-- Data version: one counter and the time of the last change of any data table of egib, gesut and sip. HTTP
-- validators (ETag, Last-Modified) and the server's tile and image cache key on it.
-- Bumped by statement-level triggers inside the changing transaction, so the new version becomes visible exactly
-- when the changed data does (a reader never sees a new version with old data). The triggers fire BEFORE each
-- statement: a writer takes the version row's lock before any row lock of its own, so writers queue on it instead
-- of deadlocking over it. Writes are serialised from a transaction's first data change to its commit — right for a
-- register loaded in batches, not for many concurrent small writers.

CREATE TABLE IF NOT EXISTS public.data_version (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  version     bigint NOT NULL DEFAULT 1,
  changed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
COMMENT ON TABLE public.data_version IS 'Wersja danych: licznik zmian i czas ostatniej zmiany tabel egib, gesut i sip (walidatory HTTP, pamięć podręczna kafli)';
COMMENT ON COLUMN public.data_version.id IS 'Zawsze true: tabela ma jeden wiersz';
COMMENT ON COLUMN public.data_version.version IS 'Licznik zwiększany przez każdą instrukcję zmieniającą dane';
COMMENT ON COLUMN public.data_version.changed_at IS 'Czas ostatniej zmiany danych';
INSERT INTO public.data_version (id) VALUES (true) ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION public.bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
BEGIN
  UPDATE public.data_version SET version = version + 1, changed_at = clock_timestamp() WHERE id RETURNING version INTO v;
  -- Delivered at commit to the instances that LISTEN: they need not wait for their next poll.
  PERFORM pg_notify('data_version', v::text);
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION public.bump_data_version() IS 'Wyzwalacz: zwiększa wersję danych (public.data_version)';

-- (Re)creates the version triggers on every table of the data schemas; idempotent. A later migration that adds a
-- data table calls it again: SELECT public.track_data_version();
CREATE OR REPLACE FUNCTION public.track_data_version(schemas text[] DEFAULT ARRAY['egib', 'gesut', 'sip']) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  n integer := 0;
BEGIN
  FOR t IN
    SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = ANY (schemas) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS data_version_bump ON %s', t.rel);
    EXECUTE format('CREATE TRIGGER data_version_bump BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version()', t.rel);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;
COMMENT ON FUNCTION public.track_data_version(text[]) IS 'Zakłada wyzwalacze wersji danych na wszystkich tabelach podanych schematów';

SELECT public.track_data_version();
