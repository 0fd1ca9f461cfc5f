// Applies accepted results to the register, inside the caller's transaction (the one that also moves the case to
// "przyjęte do zasobu"), so the register, the archive and the case change together or not at all, and the data
// version (sql/006: statement triggers on every egib table) is bumped in the same commit: tile and map caches and
// HTTP validators see the new version exactly when the new data are visible.
//
// Versions (EGiB 2021 model: startWersjaObiekt / koniecWersjaObiektu; here poczatekWersjiObiektu): every parcel
// the results replace and every building they change or move is first copied to egib.dzialki_archiwalne /
// egib.budynki_archiwalne with koniecWersjiObiektu = the transaction time; the new versions get
// poczatekWersjiObiektu = the same time. What depends on a replaced parcel follows it:
//   - a new parcel keeping a replaced parcel's identifier is that parcel's new version (UPDATE in place);
//   - a new parcel with a new identifier inherits numerKW, JRG, położenie and the ownership shares of the replaced
//     parcel it overlaps most (its "parent": a split leaves the owners as they were) unless the file gives them;
//   - the land-use pieces (klasoużytki) of the replaced parcels are cut again by the new boundaries;
//   - buildings on a removed parcel move to the new parcel holding them, their idBudynku renamed (idDzialki.n_BUD;
//     sip.budynki_3d follows by ON UPDATE CASCADE), each as a new version; buildings in the results are updated or
//     inserted as given;
//   - planned buildings (sip.budynki_projektowane) point at the new parcel they overlap most.
// Before anything is written the tiling is checked again against the register as it is now: results verified
// against an older register (another case accepted meanwhile) are refused with RegisterChanged.
import type { Queryable } from '../../db/database.ts';
import { ID_BUDYNKU, parseIdDzialki } from '../../domain/identifiers.ts';
import { RULES } from './rules.ts';
import { USABLE, tilingCheck } from './verify.ts';

export class RegisterChanged extends Error {}

export interface ApplySummary {
  replaced: string[];
  created: string[];
  updated: string[];
  removed: string[];
  buildingsChanged: string[];
  buildingsMoved: { from: string; to: string }[];
  landUsePieces: number;
}

interface NewParcel { staged: number; id: string; idObrebu: string; arkusz: string | null; numer: string; pole: string; numerKW: string | null; JRG: string | null; polozenie: string | null }

export async function applyResults(tx: Queryable, wynikId: string, zgloszenieId: string, verifiedReplaced: readonly string[]): Promise<ApplySummary> {
  // Writers of the register queue on the data-version row (its triggers take it first in every writing statement);
  // taking it now makes the re-check below and the writes one serial step.
  await tx.query('SELECT version FROM public.data_version WHERE id FOR UPDATE');
  const tol = RULES.sliverM2.value;
  const { check, replaced } = await tilingCheck(tx, wynikId, tol);
  if (check.passed === false || replaced.join('\n') !== [...verifiedReplaced].sort().join('\n')) {
    throw new RegisterChanged('the register changed since the results were verified: verify them again');
  }

  const staged = await tx.query<{ staged: number; id: string; atrybuty: Record<string, string> }>(
    `SELECT id::int AS staged, identyfikator AS id, atrybuty FROM (${USABLE}) u WHERE warstwa = 'dzialki' ORDER BY identyfikator`, [wynikId]);
  const parcels: NewParcel[] = staged.map((s) => {
    const p = parseIdDzialki(s.id)!;
    return { staged: s.staged, id: s.id, idObrebu: p.idObrebu, arkusz: p.arkusz, numer: p.numer, pole: s.atrybuty.poleEwidencyjne!,
      numerKW: s.atrybuty.numerKW || null, JRG: s.atrybuty.JRG || null, polozenie: s.atrybuty.polozenie || null };
  });
  const kept = parcels.filter((p) => replaced.includes(p.id)).map((p) => p.id);
  const created = parcels.filter((p) => !replaced.includes(p.id)).map((p) => p.id);
  const removed = replaced.filter((r) => !kept.includes(r));

  // The new parcels with their geometry and parent, as a temporary table of this transaction.
  await tx.query('DROP TABLE IF EXISTS pg_temp.wyniki_nowe');
  await tx.query(`CREATE TEMP TABLE wyniki_nowe ON COMMIT DROP AS
    SELECT n."idDzialki", n."idObrebu", n."numerArkusza", n."numerDzialki", n."poleEwidencyjne"::numeric(12,4) AS "poleEwidencyjne",
           n."numerKW", n."JRG", n.polozenie, o.geom::geometry(MultiPolygon, 2177) AS geom,
           (SELECT d."idDzialki" FROM egib.dzialki d WHERE d."idDzialki" = ANY($3::text[]) AND d.geom && o.geom
             ORDER BY ST_Area(ST_Intersection(d.geom, o.geom)) DESC, d."idDzialki" LIMIT 1) AS rodzic
      FROM jsonb_to_recordset($2::jsonb) AS n(staged int, "idDzialki" text, "idObrebu" text, "numerArkusza" text, "numerDzialki" text,
                                               "poleEwidencyjne" text, "numerKW" text, "JRG" text, polozenie text)
      JOIN (${USABLE}) o ON o.id = n.staged`,
    [wynikId, JSON.stringify(parcels.map((p) => ({ staged: p.staged, idDzialki: p.id, idObrebu: p.idObrebu, numerArkusza: p.arkusz, numerDzialki: p.numer,
      poleEwidencyjne: p.pole, numerKW: p.numerKW, JRG: p.JRG, polozenie: p.polozenie }))), replaced]);

  // 1. Archive the replaced versions.
  await tx.query(`INSERT INTO egib.dzialki_archiwalne ("idDzialki", "poczatekWersjiObiektu", "koniecWersjiObiektu", zgloszenie_id, wersja, geom)
    SELECT "idDzialki", "poczatekWersjiObiektu", now(), $2, to_jsonb(d) - 'geom', geom FROM egib.dzialki d WHERE "idDzialki" = ANY($1::text[])`, [replaced, zgloszenieId]);

  // 2. Take the land-use pieces of the replaced parcels out (cut again in step 7).
  await tx.query('DROP TABLE IF EXISTS pg_temp.wyniki_kontury');
  await tx.query(`CREATE TEMP TABLE wyniki_kontury ON COMMIT DROP AS
    SELECT "OFU", "OZU", "OZK", geom FROM egib.kontury_uzytkow WHERE "idDzialki" = ANY($1::text[])`, [replaced]);
  await tx.query('DELETE FROM egib.kontury_uzytkow WHERE "idDzialki" = ANY($1::text[])', [replaced]);

  // 3. New versions of parcels that keep their identifier; 4. new parcels.
  await tx.query(`UPDATE egib.dzialki d SET geom = n.geom, "poleEwidencyjne" = n."poleEwidencyjne", "numerKW" = coalesce(n."numerKW", d."numerKW"),
      "JRG" = coalesce(n."JRG", d."JRG"), polozenie = coalesce(n.polozenie, d.polozenie), "poczatekWersjiObiektu" = now()
    FROM wyniki_nowe n WHERE d."idDzialki" = n."idDzialki"`);
  await tx.query(`INSERT INTO egib.dzialki ("idDzialki", "numerDzialki", "numerArkusza", "idObrebu", "numerKW", "poleEwidencyjne", "JRG", polozenie, "poczatekWersjiObiektu", geom)
    SELECT n."idDzialki", n."numerDzialki", n."numerArkusza", n."idObrebu", coalesce(n."numerKW", p."numerKW"), n."poleEwidencyjne",
           coalesce(n."JRG", p."JRG"), coalesce(n.polozenie, p.polozenie), now(), n.geom
      FROM wyniki_nowe n LEFT JOIN egib.dzialki p ON p."idDzialki" = n.rodzic
     WHERE NOT EXISTS (SELECT 1 FROM egib.dzialki d WHERE d."idDzialki" = n."idDzialki")`);

  // 5. Ownership shares of a new parcel: its parent's.
  await tx.query(`INSERT INTO egib.udzialy_wlasnosci ("idDzialki", "idPodmiotu", "rodzajPrawa", licznik, mianownik)
    SELECT n."idDzialki", u."idPodmiotu", u."rodzajPrawa", u.licznik, u.mianownik
      FROM wyniki_nowe n JOIN egib.udzialy_wlasnosci u ON u."idDzialki" = n.rodzic
     WHERE NOT (n."idDzialki" = ANY($1::text[]))
    ON CONFLICT DO NOTHING`, [replaced]);

  // 6. Buildings: those in the results, then those left on removed parcels.
  const buildingsChanged = await applyBuildings(tx, wynikId, zgloszenieId);
  const moved = await tx.query<{ from: string; to: string }>(`
    WITH b AS (
      SELECT b.id, b."idBudynku",
             (SELECT n."idDzialki" FROM wyniki_nowe n WHERE n.geom && b.geom
               ORDER BY ST_Area(ST_Intersection(n.geom, b.geom)) DESC, n."idDzialki" LIMIT 1) AS nowa
        FROM egib.budynki b WHERE b."idDzialki" = ANY($1::text[])),
    a AS (
      INSERT INTO egib.budynki_archiwalne ("idBudynku", "poczatekWersjiObiektu", "koniecWersjiObiektu", zgloszenie_id, wersja, geom)
      SELECT x."idBudynku", x."poczatekWersjiObiektu", now(), $2, to_jsonb(x) - 'geom', x.geom FROM egib.budynki x JOIN b ON b.id = x.id)
    UPDATE egib.budynki x SET "idDzialki" = b.nowa,
           "idBudynku" = b.nowa || '.' || substring(x."idBudynku" FROM '\\.([1-9][0-9]*)_BUD$') || '_BUD', "poczatekWersjiObiektu" = now()
      FROM b WHERE b.id = x.id
    RETURNING b."idBudynku" AS "from", x."idBudynku" AS "to"`, [removed, zgloszenieId]);

  // 7. Land-use pieces cut by the new parcels.
  const [pieces] = await tx.query<{ n: number }>(`
    WITH cut AS (
      SELECT n."idDzialki", k."OFU", k."OZU", k."OZK", ST_Multi(ST_CollectionExtract(ST_Intersection(k.geom, n.geom), 3)) AS geom
        FROM wyniki_kontury k JOIN wyniki_nowe n ON k.geom && n.geom),
    ins AS (
      INSERT INTO egib.kontury_uzytkow ("idKonturu", "idDzialki", "OFU", "OZU", "OZK", powierzchnia, "poczatekWersjiObiektu", geom)
      SELECT "idDzialki" || '-' || row_number() OVER (PARTITION BY "idDzialki" ORDER BY "OFU", ST_Area(geom) DESC),
             "idDzialki", "OFU", "OZU", "OZK", greatest(round((ST_Area(geom) / 10000)::numeric, 4), 0.0001), now(), geom
        FROM cut WHERE ST_Area(geom) > $1
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`, [tol]);

  // 8. Planned buildings, then the removed parcels and their shares.
  await tx.query(`UPDATE sip.budynki_projektowane p SET "idDzialki" = (SELECT n."idDzialki" FROM wyniki_nowe n WHERE n.geom && p.geom
      ORDER BY ST_Area(ST_Intersection(n.geom, p.geom)) DESC LIMIT 1)
    WHERE p."idDzialki" = ANY($1::text[])`, [removed]);
  await tx.query('DELETE FROM egib.udzialy_wlasnosci WHERE "idDzialki" = ANY($1::text[])', [removed]);
  await tx.query('DELETE FROM egib.dzialki WHERE "idDzialki" = ANY($1::text[])', [removed]);

  return { replaced, created, updated: kept, removed, buildingsChanged, buildingsMoved: moved, landUsePieces: pieces!.n };
}

/** The buildings of the results: a new version of an existing building, or a new building. */
async function applyBuildings(tx: Queryable, wynikId: string, zgloszenieId: string): Promise<string[]> {
  const rows = await tx.query<{ staged: number; id: string }>(`SELECT id::int AS staged, identyfikator AS id FROM (${USABLE}) u WHERE warstwa = 'budynki'`, [wynikId]);
  if (!rows.length) return [];
  const list = rows.map((r) => ({ staged: r.staged, idBudynku: r.id, idDzialki: ID_BUDYNKU.exec(r.id)![1]! }));
  const j = JSON.stringify(list);
  await tx.query(`INSERT INTO egib.budynki_archiwalne ("idBudynku", "poczatekWersjiObiektu", "koniecWersjiObiektu", zgloszenie_id, wersja, geom)
    SELECT b."idBudynku", b."poczatekWersjiObiektu", now(), $2, to_jsonb(b) - 'geom', b.geom
      FROM egib.budynki b JOIN jsonb_to_recordset($1::jsonb) AS n("idBudynku" text) USING ("idBudynku")`, [j, zgloszenieId]);
  // Attribute values as text from the file; a value missing keeps the old one (or the column default).
  const attr = (name: string, type: string) => `coalesce(NULLIF(o.atrybuty->>'${name}', '')::${type}, b."${name}")`;
  await tx.query(`UPDATE egib.budynki b SET geom = o.geom, "idDzialki" = n."idDzialki",
      "rodzajWgKST" = ${attr('rodzajWgKST', 'text')}, "liczbaKondygnacjiNadziemnych" = ${attr('liczbaKondygnacjiNadziemnych', 'smallint')},
      "liczbaKondygnacjiPodziemnych" = ${attr('liczbaKondygnacjiPodziemnych', 'smallint')},
      "powZabudowy" = coalesce(NULLIF(o.atrybuty->>'powZabudowy', '')::numeric, round(ST_Area(o.geom)::numeric, 2)),
      "statusBudynku" = ${attr('statusBudynku', 'text')}, "rokZakonczeniaBudowy" = ${attr('rokZakonczeniaBudowy', 'smallint')},
      ulica = ${attr('ulica', 'text')}, "numerPorzadkowy" = ${attr('numerPorzadkowy', 'text')}, "poczatekWersjiObiektu" = now()
    FROM jsonb_to_recordset($2::jsonb) AS n(staged int, "idBudynku" text, "idDzialki" text) JOIN (${USABLE}) o ON o.id = n.staged
    WHERE b."idBudynku" = n."idBudynku"`, [wynikId, j]);
  await tx.query(`INSERT INTO egib.budynki ("idBudynku", "idDzialki", "rodzajWgKST", "liczbaKondygnacjiNadziemnych", "liczbaKondygnacjiPodziemnych",
      "powZabudowy", "statusBudynku", "rokZakonczeniaBudowy", ulica, "numerPorzadkowy", "poczatekWersjiObiektu", geom)
    SELECT n."idBudynku", n."idDzialki", o.atrybuty->>'rodzajWgKST', (o.atrybuty->>'liczbaKondygnacjiNadziemnych')::smallint,
           coalesce(NULLIF(o.atrybuty->>'liczbaKondygnacjiPodziemnych', '')::smallint, 0),
           coalesce(NULLIF(o.atrybuty->>'powZabudowy', '')::numeric, round(ST_Area(o.geom)::numeric, 2)),
           coalesce(NULLIF(o.atrybuty->>'statusBudynku', ''), 'istniejący'), NULLIF(o.atrybuty->>'rokZakonczeniaBudowy', '')::smallint,
           NULLIF(o.atrybuty->>'ulica', ''), NULLIF(o.atrybuty->>'numerPorzadkowy', ''), now(), o.geom
      FROM jsonb_to_recordset($2::jsonb) AS n(staged int, "idBudynku" text, "idDzialki" text) JOIN (${USABLE}) o ON o.id = n.staged
     WHERE NOT EXISTS (SELECT 1 FROM egib.budynki b WHERE b."idBudynku" = n."idBudynku")`, [wynikId, j]);
  return list.map((l) => l.idBudynku);
}
