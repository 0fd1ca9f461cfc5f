// Compiled filters against the sample database: the filters GDAL and OWSLib send select the same rows as
// hand-written SQL, and every literal/operator/type combination runs without a database error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSample } from '../support/db.ts';
import { compileFilter, type FilterContext } from '../../server/query/compile-filter.ts';
import { parseFesFilter } from '../../server/query/fes.ts';
import { parseCql2Text } from '../../server/query/cql2.ts';
import { FilterError, type Filter, type GeometryLiteral } from '../../server/query/filter.ts';
import type { ValueType } from '../../server/catalog/types.ts';

const db = connectSample();
afterAll(() => db.close());

type Table = 'dzialki' | 'przewody';

const TABLES: Record<Table, { from: string; columns: Record<string, ValueType> }> = {
  dzialki: {
    from: 'egib.dzialki',
    columns: {
      idDzialki: 'string', numerDzialki: 'string', idObrebu: 'string', numerKW: 'string', poleEwidencyjne: 'number',
      powierzchniaGeometryczna: 'number', polozenie: 'string', poczatekWersjiObiektu: 'dateTime',
    },
  },
  przewody: {
    from: 'gesut.przewody',
    columns: {
      idPrzewodu: 'string', branza: 'string', funkcja: 'string', srednica: 'integer', material: 'string', typ: 'string',
      status: 'string', glebokosc: 'number', poczatekWersjiObiektu: 'dateTime',
    },
  },
};

/** Ids of the rows a filter selects, through the compiler with a context like the catalogue's. */
async function select(table: Table, filter: Filter): Promise<number[]> {
  const params: unknown[] = [];
  const { columns, from } = TABLES[table];
  const ctx: FilterContext = {
    property: (name) => (columns[name] ? { sql: `t."${name}"`, type: columns[name]! } : undefined),
    geometry: 't.geom',
    geometryNames: ['geom'],
    param: (v) => { params.push(v); return `$${params.length}`; },
    featureKey: (id) => (id.startsWith(`${table}.`) && /^\d+$/.test(id.slice(table.length + 1)) ? Number(id.slice(table.length + 1)) : undefined),
    key: 't.id',
  };
  const where = compileFilter(filter, ctx);
  const rows = await db.query<{ id: number }>(`SELECT t.id FROM ${from} t WHERE ${where} ORDER BY t.id`, params);
  return rows.map((r) => Number(r.id));
}

/** Ids by a hand-written WHERE clause: the reference. */
async function reference(table: Table, where: string, params: unknown[] = []): Promise<number[]> {
  const rows = await db.query<{ id: number }>(`SELECT t.id FROM ${TABLES[table].from} t WHERE ${where} ORDER BY t.id`, params);
  return rows.map((r) => Number(r.id));
}

const NS_EGIB = 'xmlns:egib="https://sip.poznan.pl/ns/egib"';
/** GDAL 3.6's wrappers (ogrwfslayer.cpp): FES as the default namespace, the layer prefix and gml declared. */
const gdal20 = (body: string, prefix = NS_EGIB) => `<Filter xmlns="http://www.opengis.net/fes/2.0" ${prefix} xmlns:gml="http://www.opengis.net/gml/3.2">${body}</Filter>`;
const gdal11 = (body: string) => `<Filter xmlns="http://www.opengis.net/ogc" ${NS_EGIB} xmlns:gml="http://www.opengis.net/gml">${body}</Filter>`;
const fixed = (n: number) => n.toFixed(16); // GDAL prints coordinates with %.16f

type Parcel = { id: number; numerDzialki: string; poleEwidencyjne: number; xmin: number; ymin: number; xmax: number; ymax: number; lon: number; lat: number };
type Pipe = { id: number; branza: string; srednica: number | null; x: number; y: number };

let parcel: Parcel;
let pipe: Pipe;

beforeAll(async () => {
  const [p] = await db.query<Parcel>(`
    SELECT id, "numerDzialki", "poleEwidencyjne",
           ST_XMin(geom) AS xmin, ST_YMin(geom) AS ymin, ST_XMax(geom) AS xmax, ST_YMax(geom) AS ymax,
           ST_X(ST_Transform(ST_PointOnSurface(geom), 4326)) AS lon, ST_Y(ST_Transform(ST_PointOnSurface(geom), 4326)) AS lat
    FROM egib.dzialki ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM egib.dzialki)`);
  const [w] = await db.query<Pipe>(`
    SELECT id, "branza", srednica, ST_X(ST_LineInterpolatePoint(geom, 0.5)) AS x, ST_Y(ST_LineInterpolatePoint(geom, 0.5)) AS y
    FROM gesut.przewody WHERE srednica IS NOT NULL ORDER BY id LIMIT 1`);
  if (!p || !w) throw new Error('the sample database has no parcels or no pipes with a diameter: is data/sample loaded?');
  parcel = { ...p, id: Number(p.id), poleEwidencyjne: Number(p.poleEwidencyjne) };
  pipe = { ...w, id: Number(w.id) };
});

describe('GDAL 3.6 WFS 2.0 filters select what SQL selects', () => {
  it('equality on a text attribute', async () => {
    const f = parseFesFilter(gdal20(`<PropertyIsEqualTo><ValueReference>numerDzialki</ValueReference><Literal>${parcel.numerDzialki}</Literal></PropertyIsEqualTo>`));
    const ids = await select('dzialki', f);
    expect(ids).toContain(parcel.id);
    expect(ids).toEqual(await reference('dzialki', 't."numerDzialki" = $1', [parcel.numerDzialki]));
  });

  it('LIKE with GDAL\'s wildcards: 1* and */* (sub-divided parcels)', async () => {
    const like = (pattern: string) => parseFesFilter(gdal20(`<PropertyIsLike wildCard='*' singleChar='_' escapeChar='!' matchCase='true'><ValueReference>numerDzialki</ValueReference><Literal>${pattern}</Literal></PropertyIsLike>`));
    const starts = await select('dzialki', like('1*'));
    expect(starts.length).toBeGreaterThan(0);
    expect(starts).toEqual(await reference('dzialki', `t."numerDzialki" LIKE '1%'`));
    expect(await select('dzialki', like('*/*'))).toEqual(await reference('dzialki', `t."numerDzialki" LIKE '%/%'`));
    expect(await select('dzialki', like('1_'))).toEqual(await reference('dzialki', `t."numerDzialki" LIKE '1_'`));
    expect(await select('dzialki', like('!*'))).toEqual([]);
  });

  it('numeric comparisons on a numeric(12,4) column with GDAL\'s %.16g literals', async () => {
    const f = parseFesFilter(gdal20(`<And><PropertyIsGreaterThanOrEqualTo><ValueReference>poleEwidencyjne</ValueReference><Literal>${parcel.poleEwidencyjne}</Literal></PropertyIsGreaterThanOrEqualTo>`
      + '<Not><PropertyIsNull><ValueReference>numerKW</ValueReference></PropertyIsNull></Not></And>'));
    expect(await select('dzialki', f)).toEqual(await reference('dzialki', 't."poleEwidencyjne" >= $1 AND t."numerKW" IS NOT NULL', [parcel.poleEwidencyjne]));
    const eq = parseFesFilter(gdal20(`<PropertyIsEqualTo><ValueReference>poleEwidencyjne</ValueReference><Literal>${parcel.poleEwidencyjne}</Literal></PropertyIsEqualTo>`));
    expect(await select('dzialki', eq)).toContain(parcel.id);
  });

  it('BBOX with gml:Envelope without srsName: northing first in the layer CRS (EPSG:2177)', async () => {
    const { xmin, ymin, xmax, ymax } = parcel;
    const f = parseFesFilter(gdal20(`<BBOX><ValueReference>egib:geom</ValueReference><gml:Envelope><gml:lowerCorner>${fixed(ymin)} ${fixed(xmin)}</gml:lowerCorner>`
      + `<gml:upperCorner>${fixed(ymax)} ${fixed(xmax)}</gml:upperCorner></gml:Envelope></BBOX>`));
    const ids = await select('dzialki', f);
    expect(ids).toContain(parcel.id);
    expect(ids).toEqual(await reference('dzialki', 't.geom && ST_MakeEnvelope($1, $2, $3, $4, 2177) AND ST_Intersects(t.geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))', [xmin, ymin, xmax, ymax]));
    // Read as easting first, the same numbers are far outside Poznań — outside PL-2000 zone 6's area of use, which
    // is the client's mistake (400), not an empty answer (issue 14: crs/area.ts).
    const swapped = parseFesFilter(gdal20(`<BBOX><ValueReference>egib:geom</ValueReference><gml:Envelope srsName="http://www.opengis.net/gml/srs/epsg.xml#2177"><gml:lowerCorner>${fixed(ymin)} ${fixed(xmin)}</gml:lowerCorner>`
      + `<gml:upperCorner>${fixed(ymax)} ${fixed(xmax)}</gml:upperCorner></gml:Envelope></BBOX>`));
    await expect(select('dzialki', swapped)).rejects.toThrow(/area of use/);
  });

  it('BBOX combined with an attribute filter, in EPSG:4326 lat/lon (SRSNAME on the base URL)', async () => {
    const d = 0.0005;
    const f = parseFesFilter(gdal20(`<And><PropertyIsLike wildCard='*' singleChar='_' escapeChar='!' matchCase='true'><ValueReference>numerDzialki</ValueReference><Literal>*</Literal></PropertyIsLike>`
      + `<BBOX><ValueReference>egib:geom</ValueReference><gml:Envelope srsName="urn:ogc:def:crs:EPSG::4326"><gml:lowerCorner>${parcel.lat - d} ${parcel.lon - d}</gml:lowerCorner>`
      + `<gml:upperCorner>${parcel.lat + d} ${parcel.lon + d}</gml:upperCorner></gml:Envelope></BBOX></And>`));
    const ids = await select('dzialki', f);
    expect(ids).toContain(parcel.id);
    expect(ids).toEqual(await reference('dzialki',
      'ST_Intersects(t.geom, ST_Transform(ST_MakeEnvelope($1::float8 - $3, $2::float8 - $3, $1::float8 + $3, $2::float8 + $3, 4326), 2177))', [parcel.lon, parcel.lat, d]));
  });

  it('gml_id = … as ResourceId siblings; another layer\'s ids match nothing', async () => {
    const [other] = await db.query<{ id: number }>('SELECT max(id) AS id FROM egib.dzialki');
    const ids = [...new Set([parcel.id, Number(other!.id)])];
    const f = parseFesFilter(gdal20(ids.map((id) => `<ResourceId rid="dzialki.${id}"/>`).join('') + '<ResourceId rid="przewody.1"/>'));
    expect(await select('dzialki', f)).toEqual([...ids].sort((a, b) => a - b));
    expect(await select('dzialki', parseFesFilter(gdal20('<ResourceId rid="budynki.1"/>')))).toEqual([]);
  });

  it('ST_DWithin from -where with <Distance unit="m">', async () => {
    const f = parseFesFilter(gdal20(`<DWithin><ValueReference>gesut:geom</ValueReference><gml:Point gml:id="id1" srsName="urn:ogc:def:crs:EPSG::2177"><gml:pos>${pipe.y} ${pipe.x}</gml:pos></gml:Point>`
      + '<Distance unit="m">50</Distance></DWithin>', 'xmlns:gesut="https://sip.poznan.pl/ns/gesut"'));
    const ids = await select('przewody', f);
    expect(ids).toContain(pipe.id);
    expect(ids).toEqual(await reference('przewody', 'ST_DWithin(t.geom, ST_SetSRID(ST_MakePoint($1, $2), 2177), 50)', [pipe.x, pipe.y]));
  });
});

describe('GDAL WFS 1.1 and OWSLib filters', () => {
  it('GmlObjectId and a GML 2 Box in FE 1.1', async () => {
    expect(await select('dzialki', parseFesFilter(gdal11(`<GmlObjectId id="dzialki.${parcel.id}"/>`)))).toEqual([parcel.id]);
    const { xmin, ymin, xmax, ymax } = parcel;
    const box = parseFesFilter(gdal11(`<BBOX><PropertyName>egib:geom</PropertyName><gml:Box><gml:coordinates>${fixed(ymin)},${fixed(xmin)} ${fixed(ymax)},${fixed(xmax)}</gml:coordinates></gml:Box></BBOX>`));
    expect(await select('dzialki', box)).toEqual(await reference('dzialki', 'ST_Intersects(t.geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))', [xmin, ymin, xmax, ymax]));
  });

  it('OWSLib fes2: case-insensitive LIKE with its default wildcards, BBox on ows:BoundingBox, featureid as "id"', async () => {
    const like = parseFesFilter('<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\" matchCase="false">'
      + '<fes:ValueReference>polozenie</fes:ValueReference><fes:Literal>%A%</fes:Literal></fes:PropertyIsLike></fes:Filter>');
    expect(await select('dzialki', like)).toEqual(await reference('dzialki', `t."polozenie" ILIKE '%a%'`));
    const { xmin, ymin, xmax, ymax } = parcel;
    const bbox = parseFesFilter('<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml"><fes:BBOX><fes:ValueReference>ows:BoundingBox</fes:ValueReference>'
      + `<gml:Envelope srsName="urn:ogc:def:crs:EPSG::2177"><gml:lowerCorner>${ymin} ${xmin}</gml:lowerCorner><gml:upperCorner>${ymax} ${xmax}</gml:upperCorner></gml:Envelope></fes:BBOX></fes:Filter>`);
    expect(await select('dzialki', bbox)).toContain(parcel.id);
    const byId = parseFesFilter('<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo><fes:ValueReference>id</fes:ValueReference>'
      + `<fes:Literal>dzialki.${parcel.id}</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>`);
    expect(await select('dzialki', byId)).toEqual([parcel.id]);
  });
});

describe('GESUT: integer, enumerations with Polish letters, NULLs', () => {
  it('between, equality, case-insensitive equality and IN', async () => {
    const between = parseCql2Text('srednica BETWEEN 100 AND 300');
    expect(await select('przewody', between)).toEqual(await reference('przewody', 't.srednica BETWEEN 100 AND 300'));
    const kind = parseFesFilter(gdal20(`<PropertyIsEqualTo><ValueReference>branza</ValueReference><Literal>${pipe.branza}</Literal></PropertyIsEqualTo>`));
    const sameKind = await select('przewody', kind);
    expect(sameKind).toContain(pipe.id);
    expect(sameKind).toEqual(await reference('przewody', 't."branza" = $1', [pipe.branza]));
    expect(await select('przewody', parseCql2Text(`casei(branza) = casei('${pipe.branza.toUpperCase()}')`))).toEqual(sameKind);
    expect(await select('przewody', parseCql2Text("branza IN ('w', 'c')")))
      .toEqual(await reference('przewody', `t."branza" IN ('w', 'c')`));
    expect(await select('przewody', parseCql2Text('typ IS NULL AND NOT srednica IS NULL')))
      .toEqual(await reference('przewody', 't.typ IS NULL AND t.srednica IS NOT NULL'));
  });

  it('DWithin and Beyond split the lines in two', async () => {
    const point: GeometryLiteral = { kind: 'geometry', crs: 'EPSG:2177', geometry: { type: 'Point', coordinates: [pipe.x, pipe.y] } };
    const within = await select('przewody', { op: 'distance', relation: 'dwithin', geometry: point, distance: 0.2, units: 'km' });
    const beyond = await select('przewody', { op: 'distance', relation: 'beyond', geometry: point, distance: 200, units: 'urn:ogc:def:uom:EPSG::9001' });
    expect(within).toContain(pipe.id);
    expect(within.length + beyond.length).toBe((await reference('przewody', 'TRUE')).length);
    expect(within).toEqual(await reference('przewody', 'ST_DWithin(t.geom, ST_SetSRID(ST_MakePoint($1, $2), 2177), 200)', [pipe.x, pipe.y]));
  });

  it('a non-numeric literal against an integer property is a FilterError, not a database error', async () => {
    await expect(select('przewody', parseCql2Text("srednica = 'duża'"))).rejects.toThrow(FilterError);
    await expect(select('przewody', parseFesFilter(gdal20('<PropertyIsLessThan><ValueReference>srednica</ValueReference><Literal>3O0</Literal></PropertyIsLessThan>'))))
      .rejects.toThrow(/"3O0" is not a number/);
  });
});

describe('CQL2 spatial filters in CRS:84 and EPSG:2177', () => {
  it('a lon/lat point on a parcel finds it; the same point in EPSG:4326 order too', async () => {
    const text = await select('dzialki', parseCql2Text(`S_INTERSECTS(geom, POINT(${parcel.lon} ${parcel.lat}))`));
    expect(text).toContain(parcel.id);
    expect(text).toEqual(await reference('dzialki', 'ST_Intersects(t.geom, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 2177))', [parcel.lon, parcel.lat]));
    expect(await select('dzialki', parseCql2Text(`S_INTERSECTS(geom, POINT(${parcel.lat} ${parcel.lon}))`, { filterCrs: 'http://www.opengis.net/def/crs/EPSG/0/4326' }))).toEqual(text);
    expect(await select('dzialki', parseCql2Text(`S_CONTAINS(geom, POINT(${parcel.lon} ${parcel.lat}))`))).toEqual(text);
    expect(await select('dzialki', parseCql2Text(`S_WITHIN(POINT(${parcel.lon} ${parcel.lat}), geom)`))).toEqual(text);
  });

  it('a self-intersecting polygon (a bow-tie) is read as the two triangles it encloses, never a GEOS error', async () => {
    // The bow-tie's crossing point is the parcel's centre: each lobe covers half of the parcel's box.
    const { xmin, ymin, xmax, ymax } = parcel;
    const bowtie = `POLYGON((${xmin} ${ymin}, ${xmax} ${ymax}, ${xmax} ${ymin}, ${xmin} ${ymax}, ${xmin} ${ymin}))`;
    const f = parseCql2Text(`S_INTERSECTS(geom, ${bowtie.replace(/(-?[\d.]+) (-?[\d.]+)/g, '$2 $1')})`, { filterCrs: 'http://www.opengis.net/def/crs/EPSG/0/2177' });
    const found = await select('dzialki', f);
    expect(found).toContain(parcel.id);
    expect(found).toEqual(await reference('dzialki', 'ST_Intersects(t.geom, ST_MakeValid(ST_GeomFromText($1, 2177)))', [bowtie]));
    // In another CRS the literal is transformed, and stays valid for GEOS as well.
    const lonlat = await select('dzialki', parseCql2Text(`S_INTERSECTS(geom, POLYGON((${parcel.lon - 1e-4} ${parcel.lat - 1e-4}, ${parcel.lon + 1e-4} ${parcel.lat + 1e-4}, ${parcel.lon + 1e-4} ${parcel.lat - 1e-4}, ${parcel.lon - 1e-4} ${parcel.lat + 1e-4}, ${parcel.lon - 1e-4} ${parcel.lat - 1e-4})))`));
    expect(lonlat).toContain(parcel.id);
  });

  it('BBOX(…) in EPSG:2177 follows its axis order (northing first)', async () => {
    const { xmin, ymin, xmax, ymax } = parcel;
    const f = parseCql2Text(`S_INTERSECTS(geom, BBOX(${ymin}, ${xmin}, ${ymax}, ${xmax}))`, { filterCrs: 'http://www.opengis.net/def/crs/EPSG/0/2177' });
    expect(await select('dzialki', f)).toEqual(await reference('dzialki', 'ST_Intersects(t.geom, ST_MakeEnvelope($1, $2, $3, $4, 2177))', [xmin, ymin, xmax, ymax]));
  });
});

describe('every operator on every type runs without a database error', () => {
  const cases: [Table, string][] = [
    ['dzialki', "numerDzialki <> '1' AND idObrebu >= '306401_1.0001' AND polozenie < 'M' AND numerKW <= 'PO1P/99999999/9'"],
    ['dzialki', 'poleEwidencyjne > 0.5 OR powierzchniaGeometryczna < 1e3 OR poleEwidencyjne = 1'],
    ['dzialki', "poczatekWersjiObiektu >= TIMESTAMP('2000-01-01T00:00:00Z') AND poczatekWersjiObiektu < '2100-01-01'"],
    ['dzialki', "poczatekWersjiObiektu BETWEEN '2000-01-01T00:00:00+01:00' AND '2100-12-31 23:59'"],
    ['dzialki', 'numerDzialki = idObrebu OR poleEwidencyjne > powierzchniaGeometryczna OR poleEwidencyjne = numerDzialki'],
    ['dzialki', "casei(polozenie) LIKE casei('%ŁĄ%') OR polozenie NOT LIKE '%\\%%' OR numerDzialki IN ('1', '2/3')"],
    ['dzialki', "poleEwidencyjne LIKE '0.%' OR 1 = 1 OR 'a' = 'b' OR TRUE"],
    ['dzialki', 'S_DISJOINT(geom, BBOX(16.8, 52.3, 17.1, 52.5)) OR S_OVERLAPS(geom, POLYGON((16.9 52.4, 16.91 52.4, 16.91 52.41, 16.9 52.4)))'],
    ['dzialki', 'S_TOUCHES(geom, LINESTRING(16.9 52.4, 16.91 52.41)) OR S_CROSSES(geom, MULTILINESTRING((16.9 52.4, 16.91 52.41))) OR S_EQUALS(geom, MULTIPOINT(16.9 52.4))'],
    ['dzialki', 'S_INTERSECTS(geom, GEOMETRYCOLLECTION(POINT(16.9 52.4), POLYGON((16.9 52.4, 16.91 52.4, 16.91 52.41, 16.9 52.4))))'],
    ['przewody', "srednica >= '100' AND srednica < 250.5 AND glebokosc <= 2 AND glebokosc > '0.5' AND srednica <> -1"],
    ['przewody', "srednica IN (100, '150', 200.0) OR srednica NOT BETWEEN 10 AND 3000 OR status = 'istniejący'"],
  ];
  for (const [table, text] of cases) {
    it(`${table}: ${text}`, async () => {
      await expect(select(table, parseCql2Text(text))).resolves.toBeInstanceOf(Array);
    });
  }

  it('FES spatial operators with GML 3.2 geometries in three CRSs', async () => {
    const geometries = [
      `<gml:Polygon srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing><gml:posList>52.40 16.90 52.40 16.91 52.41 16.91 52.40 16.90</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>`,
      `<gml:LineString srsName="urn:ogc:def:crs:EPSG::2180"><gml:posList>${505000} ${357000} ${506000} ${358000}</gml:posList></gml:LineString>`,
      `<gml:MultiSurface srsName="EPSG:3857"><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>1880000 6870000 1881000 6870000 1881000 6871000 1880000 6870000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface>`,
    ];
    for (const op of ['Intersects', 'Within', 'Contains', 'Disjoint', 'Equals', 'Touches', 'Crosses', 'Overlaps']) {
      for (const g of geometries) {
        await expect(select('dzialki', parseFesFilter(gdal20(`<${op}><ValueReference>egib:geom</ValueReference>${g}</${op}>`)))).resolves.toBeInstanceOf(Array);
      }
    }
  });
});
