// The automatic verification of returned results: every check with pass/fail and the offending objects. The file
// checks and the attribute checks are pure (on the readings); the geometric ones are SQL over PostGIS on the objects
// staged in portal.zgloszenia_wyniki_obiekty (sql/055) against the register and the notification's area, all with
// bound parameters. A check that cannot run (no usable parcels to compare) says so with passed = null; the whole
// verification passes only when no check failed and at least the files and geometries were checked.
//
// Which register parcels the results replace is derived, not declared: every parcel of egib.dzialki whose area
// overlaps the union of the new parcels by more than a sliver. The changed parcels then tile the work area when the
// union of the new set equals the union of the replaced set (no gap, nothing beyond the replaced parcels) and no two
// new parcels overlap.
import type { Queryable } from '../../db/database.ts';
import { ID_BUDYNKU, ID_DZIALKI, isValidNumerKW, parseIdDzialki } from '../../domain/identifiers.ts';
import { KST } from '../../domain/code-lists.ts';
import { ZONE6_BOX } from '../../coordination/design.ts';
import type { FileReading, ResultObject } from './objects.ts';
import { RULES } from './rules.ts';

export type CheckId = 'files' | 'crs' | 'geometry' | 'identifiers' | 'uniqueness' | 'codeLists' | 'tiling' | 'area' | 'workArea';

export interface Offending {
  warstwa?: 'dzialki' | 'budynki';
  id?: string | null;
  file?: string;
  /** Polish: what is wrong. */
  reason: string;
  /** A point of the problem (EPSG:2177, x = easting). */
  at?: [number, number];
  areaM2?: number;
}

export interface Check { id: CheckId; title: string; passed: boolean | null; summary: string; offending: Offending[] }

export interface Report {
  passed: boolean;
  checkedAt: string;
  files: { name: string; kind: string; ok: boolean; error?: string; objects: number; ignored: number }[];
  counts: { dzialki: number; budynki: number };
  /** Register parcels the new parcels replace (derived by overlap). */
  replaced: string[];
  checks: Check[];
  rules: typeof RULES;
}

const TITLES: Record<CheckId, string> = {
  files: 'Pliki dają się odczytać',
  crs: 'Układ współrzędnych PL-2000 strefa 6 (EPSG:2177)',
  geometry: 'Poprawność geometrii',
  identifiers: 'Identyfikatory poprawnie zbudowane',
  uniqueness: 'Identyfikatory jednoznaczne',
  codeLists: 'Wartości ze słowników modelu EGiB',
  tiling: 'Działki pokrywają obszar zmiany bez luk i nakładań',
  area: 'Pole ewidencyjne zgodne z polem z geometrii',
  workArea: 'Zmiany w granicach obszaru zgłoszonych prac',
};

function check(id: CheckId, offending: Offending[], summaryOk: string, summaryFail: string, skipped?: string): Check {
  if (skipped !== undefined) return { id, title: TITLES[id], passed: null, summary: skipped, offending: [] };
  return { id, title: TITLES[id], passed: offending.length === 0, summary: offending.length ? summaryFail : summaryOk, offending };
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const inZone6 = (c: number[]) => c[0]! >= ZONE6_BOX[0] && c[0]! <= ZONE6_BOX[2] && c[1]! >= ZONE6_BOX[1] && c[1]! <= ZONE6_BOX[3];

function positions(g: ResultObject['geometry']): number[][] {
  if (!g) return [];
  const out: number[][] = [];
  const walk = (c: unknown): void => { if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as number[]); else if (Array.isArray(c)) c.forEach(walk); };
  walk((g as { coordinates?: unknown }).coordinates);
  return out;
}

// ----------------------------------------------------------------------------------------------------------- pure

function filesCheck(readings: readonly FileReading[]): Check {
  const off: Offending[] = readings.filter((r) => !r.ok).map((r) => ({ file: r.file, reason: r.error ?? 'nie daje się odczytać' }));
  if (!readings.some((r) => r.kind !== 'pdf')) off.push({ reason: 'brak danych zmienionych: dołącz plik GML albo DXF' });
  return check('files', off, `odczytano ${readings.length} plików`, 'nie wszystkie pliki dają się odczytać');
}

function crsCheck(objects: readonly ResultObject[]): Check {
  const off: Offending[] = [];
  for (const o of objects) {
    const bad = (reason: string) => off.push({ warstwa: o.warstwa, id: o.identyfikator, reason: `${o.zrodlo}: ${reason}` });
    if (o.format === 'gml' && o.crsName !== null && o.srid === null) bad(`nieznany układ ${o.crsName}, wymagany EPSG:2177`);
    else if (o.format === 'gml' && o.crsName === null && o.geometry) bad('geometria bez srsName — podaj układ EPSG:2177');
    else if (o.srid !== null && o.srid !== 2177) bad(`układ ${o.crsName} (EPSG:${o.srid}), wymagany EPSG:2177`);
    else if (o.format === 'dxf' && o.srid === null && o.geometry) bad('współrzędne poza zakresem strefy 6 PL-2000 (EPSG:2177): x to współrzędna wschodnia (ok. 6 4xx xxx m), y północna');
    else if (o.srid === 2177 && o.geometry && !positions(o.geometry).every(inZone6)) {
      const swapped = positions(o.geometry).every((c) => inZone6([c[1]!, c[0]!]));
      bad(`współrzędne poza zakresem strefy 6 PL-2000${swapped ? ' — osie zamienione (w urn:ogc:def:crs:EPSG::2177 pierwsza jest współrzędna północna)' : ''}`);
    }
  }
  return check('crs', off, 'wszystkie geometrie w EPSG:2177', 'geometrie w innym układzie lub bez układu');
}

function identifiersCheck(objects: readonly ResultObject[]): Offending[] {
  const off: Offending[] = [];
  for (const o of objects) {
    const id = o.identyfikator;
    if (!id) { off.push({ warstwa: o.warstwa, id, reason: `${o.zrodlo}: brak identyfikatora (${o.warstwa === 'dzialki' ? 'idDzialki' : 'idBudynku'})` }); continue; }
    if (o.warstwa === 'dzialki') {
      const p = parseIdDzialki(id);
      if (!p) { off.push({ warstwa: o.warstwa, id, reason: `identyfikator działki „${id}” niezgodny ze wzorem WWPPGG_R.OOOO[.AR_n].NrDz (rozporządzenie EGiB 2021, zał. 1)` }); continue; }
      const a = o.atrybuty;
      if (a.numerDzialki && a.numerDzialki !== p.numer) off.push({ warstwa: o.warstwa, id, reason: `numerDzialki „${a.numerDzialki}” nie zgadza się z identyfikatorem (${p.numer})` });
      if (a.idObrebu && a.idObrebu !== p.idObrebu) off.push({ warstwa: o.warstwa, id, reason: `idObrebu „${a.idObrebu}” nie zgadza się z identyfikatorem (${p.idObrebu})` });
      if (a.numerArkusza && a.numerArkusza !== (p.arkusz ?? '')) off.push({ warstwa: o.warstwa, id, reason: `numerArkusza „${a.numerArkusza}” nie zgadza się z identyfikatorem` });
    } else {
      const m = ID_BUDYNKU.exec(id);
      if (!m) { off.push({ warstwa: o.warstwa, id, reason: `identyfikator budynku „${id}” niezgodny ze wzorem idDzialki.NrBud_BUD (rozporządzenie EGiB 2021, zał. 1)` }); continue; }
      if (o.atrybuty.idDzialki && o.atrybuty.idDzialki !== m[1]) off.push({ warstwa: o.warstwa, id, reason: `idDzialki „${o.atrybuty.idDzialki}” nie zgadza się z identyfikatorem budynku (${m[1]})` });
    }
  }
  return off;
}

function duplicates(objects: readonly ResultObject[]): Offending[] {
  const seen = new Map<string, ResultObject>();
  const off: Offending[] = [];
  for (const o of objects) {
    if (!o.identyfikator) continue;
    const k = `${o.warstwa}\n${o.identyfikator}`;
    const first = seen.get(k);
    if (first) off.push({ warstwa: o.warstwa, id: o.identyfikator, reason: `identyfikator powtórzony: ${first.zrodlo} i ${o.zrodlo}` });
    else seen.set(k, o);
  }
  return off;
}

const BUILDING_STATUS = ['istniejący', 'w budowie', 'do rozbiórki'];
const KST_CODES = new Set(KST.map((c) => c.code));
const INT = /^\d+$/;
const DECIMAL = (places: number) => new RegExp(`^\\d+(\\.\\d{1,${places}})?$`);

function codeListCheck(objects: readonly ResultObject[], existingBuildings: ReadonlySet<string>): Check {
  const off: Offending[] = [];
  for (const o of objects) {
    const a = o.atrybuty;
    const bad = (reason: string) => off.push({ warstwa: o.warstwa, id: o.identyfikator, reason });
    if (o.warstwa === 'dzialki') {
      if (a.poleEwidencyjne === undefined || a.poleEwidencyjne === '') bad('brak poleEwidencyjne (ha, 4 miejsca po przecinku)');
      else if (!DECIMAL(4).test(a.poleEwidencyjne) || Number(a.poleEwidencyjne) <= 0) bad(`poleEwidencyjne „${a.poleEwidencyjne}”: liczba hektarów > 0 z dokładnością do 0,0001 ha`);
      if (a.numerKW && !isValidNumerKW(a.numerKW)) bad(`numerKW „${a.numerKW}” niepoprawny (wzór PO1P/00012345/6 z cyfrą kontrolną)`);
      if (a.JRG && !/^\d{6}_\d\.\d{4}\.G[1-9]\d*$/.test(a.JRG)) bad(`JRG „${a.JRG}” niezgodna ze wzorem idObrebu.G<numer>`);
    } else {
      const isNew = !o.identyfikator || !existingBuildings.has(o.identyfikator);
      if (a.rodzajWgKST !== undefined && !KST_CODES.has(a.rodzajWgKST)) bad(`rodzajWgKST „${a.rodzajWgKST}” spoza słownika KŚT (101–110, Dz.U. 2016 poz. 1864)`);
      if (isNew && a.rodzajWgKST === undefined) bad('brak rodzajWgKST (nowy budynek)');
      if (a.statusBudynku !== undefined && !BUILDING_STATUS.includes(a.statusBudynku)) bad(`statusBudynku „${a.statusBudynku}” spoza słownika (${BUILDING_STATUS.join(', ')})`);
      for (const [name, lo, hi] of [['liczbaKondygnacjiNadziemnych', 1, 60], ['liczbaKondygnacjiPodziemnych', 0, 10]] as const) {
        const v = a[name];
        if (v !== undefined && (!INT.test(v) || Number(v) < lo || Number(v) > hi)) bad(`${name} „${v}”: liczba całkowita ${lo}–${hi}`);
      }
      if (isNew && a.liczbaKondygnacjiNadziemnych === undefined) bad('brak liczbaKondygnacjiNadziemnych (nowy budynek)');
      if (a.powZabudowy !== undefined && (!DECIMAL(2).test(a.powZabudowy) || Number(a.powZabudowy) <= 0)) bad(`powZabudowy „${a.powZabudowy}”: m² > 0 z dokładnością do 0,01 m²`);
      if (a.rokZakonczeniaBudowy !== undefined && (!INT.test(a.rokZakonczeniaBudowy) || Number(a.rokZakonczeniaBudowy) < 1000 || Number(a.rokZakonczeniaBudowy) > 2100)) bad(`rokZakonczeniaBudowy „${a.rokZakonczeniaBudowy}”`);
    }
  }
  return check('codeLists', off, 'wartości atrybutów zgodne ze słownikami', 'wartości spoza słowników lub w złej postaci');
}

// ------------------------------------------------------------------------------------------------------------ SQL

/** The staged objects usable for geometric comparison: readable, EPSG:2177 in zone 6, valid, polygonal. */
export const USABLE = `
  SELECT id, warstwa, identyfikator, atrybuty, ST_Multi(geom)::geometry(MultiPolygon, 2177) AS geom
    FROM portal.zgloszenia_wyniki_obiekty
   WHERE wynik_id = $1 AND geom IS NOT NULL AND ST_SRID(geom) = 2177
     AND ST_GeometryType(geom) IN ('ST_Polygon', 'ST_MultiPolygon') AND ST_IsValid(geom)
     AND ST_CoveredBy(geom, ST_MakeEnvelope(${ZONE6_BOX.join(', ')}, 2177))`;

async function geometryCheck(tx: Queryable, wynikId: string, objects: readonly ResultObject[]): Promise<Check> {
  const off: Offending[] = objects.filter((o) => o.problem).map((o) => ({ warstwa: o.warstwa, id: o.identyfikator, reason: o.problem! }));
  const rows = await tx.query<{ warstwa: 'dzialki' | 'budynki'; identyfikator: string | null; zrodlo: string; valid: boolean; reason: string | null; x: number | null; y: number | null; t: string }>(`
    SELECT warstwa, identyfikator, zrodlo, (d).valid, (d).reason, ST_X((d).location) AS x, ST_Y((d).location) AS y, ST_GeometryType(geom) AS t
      FROM (SELECT *, ST_IsValidDetail(geom) AS d FROM portal.zgloszenia_wyniki_obiekty WHERE wynik_id = $1 AND geom IS NOT NULL) o
     WHERE NOT (d).valid OR ST_GeometryType(geom) NOT IN ('ST_Polygon', 'ST_MultiPolygon')
     ORDER BY id`, [wynikId]);
  for (const r of rows) {
    off.push({
      warstwa: r.warstwa, id: r.identyfikator,
      reason: r.valid ? `${r.zrodlo}: geometria ${r.t.replace('ST_', '')} zamiast wielokąta` : `${r.zrodlo}: geometria niepoprawna — ${r.reason}`,
      ...(r.x !== null && r.y !== null ? { at: [round(r.x, 3), round(r.y, 3)] as [number, number] } : {}),
    });
  }
  return check('geometry', off, 'wszystkie geometrie poprawne (ST_IsValid)', 'geometrie niepoprawne (ST_IsValidDetail)');
}

type Part = { area: number; x: number; y: number; ids: string[] | null };

export async function tilingCheck(tx: Queryable, wynikId: string, tol: number): Promise<{ check: Check; replaced: string[] }> {
  const [n] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${USABLE}) u WHERE warstwa = 'dzialki'`, [wynikId]);
  if (!n!.n) return { check: check('tiling', [], '', '', 'brak poprawnych działek do porównania'), replaced: [] };
  const replaced = (await tx.query<{ id: string }>(`
    WITH n AS (SELECT * FROM (${USABLE}) u WHERE warstwa = 'dzialki'), u AS (SELECT ST_Union(geom) AS g FROM n)
    SELECT d."idDzialki" AS id FROM egib.dzialki d, u
     WHERE d.geom && u.g AND ST_Area(ST_Intersection(d.geom, u.g)) > $2 ORDER BY 1`, [wynikId, tol])).map((r) => r.id);
  const off: Offending[] = [];
  const overlaps = await tx.query<{ a: string; b: string; area: number; x: number; y: number }>(`
    WITH n AS (SELECT * FROM (${USABLE}) u WHERE warstwa = 'dzialki')
    SELECT a.identyfikator AS a, b.identyfikator AS b, ST_Area(i) AS area, ST_X(ST_PointOnSurface(i)) AS x, ST_Y(ST_PointOnSurface(i)) AS y
      FROM n a JOIN n b ON a.id < b.id AND a.geom && b.geom CROSS JOIN LATERAL (SELECT ST_Intersection(a.geom, b.geom) AS i) s
     WHERE ST_Area(i) > $2`, [wynikId, tol]);
  for (const o of overlaps) off.push({ warstwa: 'dzialki', id: `${o.a} / ${o.b}`, reason: `działki ${o.a} i ${o.b} nakładają się na ${round(o.area)} m²`, at: [round(o.x, 3), round(o.y, 3)], areaM2: round(o.area) });
  const parts = (kind: 'gap' | 'outside') => tx.query<Part>(`
    WITH n AS (SELECT * FROM (${USABLE}) u WHERE warstwa = 'dzialki'), u AS (SELECT ST_Union(geom) AS g FROM n),
         r AS (SELECT d."idDzialki", d.geom FROM egib.dzialki d WHERE d."idDzialki" = ANY($3::text[])),
         ur AS (SELECT coalesce(ST_Union(geom), 'SRID=2177;POLYGON EMPTY'::geometry) AS g FROM r),
         p AS (SELECT (ST_Dump(${kind === 'gap' ? 'ST_Difference(ur.g, u.g)' : 'ST_Difference(u.g, ur.g)'})).geom AS g FROM u, ur)
    SELECT ST_Area(p.g) AS area, ST_X(ST_PointOnSurface(p.g)) AS x, ST_Y(ST_PointOnSurface(p.g)) AS y,
           (SELECT array_agg(r."idDzialki" ORDER BY r."idDzialki") FROM r WHERE ST_Area(ST_Intersection(r.geom, p.g)) > 0) AS ids
      FROM p WHERE ST_Area(p.g) > $2 ORDER BY 1 DESC LIMIT 50`, [wynikId, tol, replaced]);
  for (const g of await parts('gap')) {
    off.push({ warstwa: 'dzialki', id: g.ids?.join(', ') ?? null, reason: `luka ${round(g.area)} m²: część działek zastępowanych (${g.ids?.join(', ')}) nie jest pokryta nowymi działkami`, at: [round(g.x, 3), round(g.y, 3)], areaM2: round(g.area) });
  }
  for (const g of await parts('outside')) {
    off.push({ warstwa: 'dzialki', reason: `${round(g.area)} m² nowych działek poza dotychczasowymi działkami ewidencyjnymi`, at: [round(g.x, 3), round(g.y, 3)], areaM2: round(g.area) });
  }
  return {
    check: check('tiling', off, `nowe działki pokrywają dokładnie działki zastępowane: ${replaced.join(', ')}`, 'luki lub nakładania działek'),
    replaced,
  };
}

async function areaCheck(tx: Queryable, wynikId: string): Promise<Check> {
  const rows = await tx.query<{ id: string; decl: string | null; ell: number; plan: number }>(`
    SELECT identyfikator AS id, atrybuty->>'poleEwidencyjne' AS decl, ST_Area(ST_Transform(geom, 4326)::geography, true) AS ell, ST_Area(geom) AS plan
      FROM (${USABLE}) u WHERE warstwa = 'dzialki' ORDER BY id`, [wynikId]);
  if (!rows.length) return check('area', [], '', '', 'brak poprawnych działek');
  const tol = RULES.areaToleranceM2.value;
  const off: Offending[] = [];
  for (const r of rows) {
    if (r.decl === null || !/^\d+(\.\d+)?$/.test(r.decl)) continue; // reported by codeLists
    const declared = Number(r.decl) * 10_000;
    const diff = declared - r.ell;
    if (Math.abs(diff) > tol) {
      off.push({ warstwa: 'dzialki', id: r.id, reason: `poleEwidencyjne ${r.decl} ha (${round(declared)} m²), pole z geometrii ${round(r.ell)} m² (na elipsoidzie GRS80; w płaszczyźnie układu ${round(r.plan)} m²): różnica ${round(diff)} m² > ${tol} m²`, areaM2: round(diff) });
    }
  }
  return check('area', off, `pola zgodne w granicy ${tol} m²`, 'pole ewidencyjne niezgodne z geometrią');
}

async function workAreaCheck(tx: Queryable, wynikId: string, zgloszenieId: string, tol: number): Promise<Check> {
  const rows = await tx.query<{ warstwa: 'dzialki' | 'budynki'; id: string | null; area: number; x: number; y: number }>(`
    SELECT u.warstwa, u.identyfikator AS id, ST_Area(o) AS area, ST_X(ST_PointOnSurface(o)) AS x, ST_Y(ST_PointOnSurface(o)) AS y
      FROM (${USABLE}) u, portal.zgloszenia z CROSS JOIN LATERAL (SELECT ST_Difference(u.geom, z.obszar) AS o) d
     WHERE z.id = $2 AND ST_Area(o) > $3 ORDER BY u.id`, [wynikId, zgloszenieId, tol]);
  const off = rows.map((r): Offending => ({ warstwa: r.warstwa, id: r.id, reason: `${round(r.area)} m² poza obszarem zgłoszonych prac`, at: [round(r.x, 3), round(r.y, 3)], areaM2: round(r.area) }));
  return check('workArea', off, 'wszystkie zmiany w obszarze zgłoszenia', 'zmiany poza obszarem zgłoszenia');
}

/** Runs every check; the objects of `readings` must already be staged under wynikId. */
export async function verifyResults(tx: Queryable, wynikId: string, zgloszenieId: string, readings: readonly FileReading[]): Promise<Report> {
  const objects = readings.flatMap((r) => r.objects);
  const tol = RULES.sliverM2.value;
  const parcels = objects.filter((o) => o.warstwa === 'dzialki' && o.identyfikator).map((o) => o.identyfikator!);
  const buildings = objects.filter((o) => o.warstwa === 'budynki' && o.identyfikator).map((o) => o.identyfikator!);

  const files = filesCheck(readings);
  const crs = crsCheck(objects);
  const geometry = await geometryCheck(tx, wynikId, objects);
  const { check: tiling, replaced } = await tilingCheck(tx, wynikId, tol);

  // Identifiers: form (pure), the district exists, a building's parcel exists after the change.
  const idOff = identifiersCheck(objects);
  const districts = [...new Set(parcels.map((p) => parseIdDzialki(p)?.idObrebu).filter((d): d is string => !!d))];
  const knownDistricts = new Set((await tx.query<{ id: string }>('SELECT "idObrebu" AS id FROM egib.obreby WHERE "idObrebu" = ANY($1::text[])', [districts])).map((r) => r.id));
  for (const o of objects) {
    const d = o.warstwa === 'dzialki' && o.identyfikator ? parseIdDzialki(o.identyfikator)?.idObrebu : undefined;
    if (d && !knownDistricts.has(d)) idOff.push({ warstwa: 'dzialki', id: o.identyfikator, reason: `obręb ${d} nie istnieje w ewidencji` });
  }
  const buildingParcels = [...new Set(buildings.map((b) => ID_BUDYNKU.exec(b)?.[1]).filter((p): p is string => !!p))];
  const registerParcels = new Set((await tx.query<{ id: string }>('SELECT "idDzialki" AS id FROM egib.dzialki WHERE "idDzialki" = ANY($1::text[])', [buildingParcels])).map((r) => r.id));
  const afterChange = (p: string) => parcels.includes(p) || (registerParcels.has(p) && !replaced.includes(p));
  for (const b of buildings) {
    const p = ID_BUDYNKU.exec(b)?.[1];
    if (p && !afterChange(p)) idOff.push({ warstwa: 'budynki', id: b, reason: `działka ${p} budynku nie istnieje po zmianie (ani w wynikach, ani w ewidencji poza działkami zastępowanymi)` });
  }
  const identifiers = check('identifiers', idOff, 'identyfikatory zgodne z rozporządzeniem EGiB 2021', 'identyfikatory niepoprawne');

  // Uniqueness: within the results; against register parcels that are not replaced; never an identifier of a
  // parcel that no longer exists (identifiers of removed parcels are not given again).
  const uniqOff = duplicates(objects);
  const valid = parcels.filter((p) => ID_DZIALKI.test(p));
  for (const r of await tx.query<{ id: string }>('SELECT "idDzialki" AS id FROM egib.dzialki WHERE "idDzialki" = ANY($1::text[]) AND NOT ("idDzialki" = ANY($2::text[]))', [valid, replaced])) {
    uniqOff.push({ warstwa: 'dzialki', id: r.id, reason: `identyfikator ${r.id} ma już inna działka w ewidencji, której wyniki nie zastępują` });
  }
  for (const r of await tx.query<{ id: string }>(`SELECT DISTINCT a."idDzialki" AS id FROM egib.dzialki_archiwalne a
      WHERE a."idDzialki" = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM egib.dzialki d WHERE d."idDzialki" = a."idDzialki")`, [valid])) {
    uniqOff.push({ warstwa: 'dzialki', id: r.id, reason: `identyfikator ${r.id} należał do działki usuniętej z ewidencji i nie może być nadany ponownie` });
  }
  const uniqueness = check('uniqueness', uniqOff, 'identyfikatory jednoznaczne', 'identyfikatory powtórzone lub zajęte');

  const existingBuildings = new Set((await tx.query<{ id: string }>('SELECT "idBudynku" AS id FROM egib.budynki WHERE "idBudynku" = ANY($1::text[])', [buildings])).map((r) => r.id));
  const codeLists = codeListCheck(objects, existingBuildings);
  const area = await areaCheck(tx, wynikId);
  const workArea = await workAreaCheck(tx, wynikId, zgloszenieId, tol);

  const checks = [files, crs, geometry, identifiers, uniqueness, codeLists, tiling, area, workArea];
  return {
    passed: checks.every((c) => c.passed !== false) && files.passed === true && geometry.passed === true && objects.length > 0,
    checkedAt: new Date().toISOString(),
    files: readings.map((r) => ({ name: r.file, kind: r.kind, ok: r.ok, ...(r.error ? { error: r.error } : {}), objects: r.objects.length, ignored: r.ignored })),
    counts: { dzialki: objects.filter((o) => o.warstwa === 'dzialki').length, budynki: objects.filter((o) => o.warstwa === 'budynki').length },
    replaced,
    checks,
    rules: RULES,
  };
}
