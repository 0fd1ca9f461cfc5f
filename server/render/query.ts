// The SQL that fetches one layer for one map: geometry selected by the view's native box (index), clipped
// to it plus a margin, simplified to half a pixel, transformed, and mapped to pixels by PostGIS, which writes
// SVG path data that Skia parses in one call. Features a scale rule hides are not selected; a layer without
// labels comes back as one joined path per combination of rule values. One query per layer, every value a
// bound parameter.
import type { Queryable } from '../db/database.ts';
import type { Attribute, LabelSpec, Layer } from '../catalog/types.ts';
import type { Role } from '../catalog/roles.ts';
import { visibleAttributes } from '../catalog/catalog.ts';
import { attributeSql, buildLayerWhere, geometrySql, keySql } from '../catalog/layer-sql.ts';
import { NATIVE_CRS } from '../crs/definitions.ts';
import type { Box, MapRequest } from './map-request.ts';
import { pixelTransform } from './map-request.ts';
import type { StyleRule, Symbolizer } from './styles.ts';

export interface LayerView {
  req: Pick<MapRequest, 'crs' | 'bbox' | 'width' | 'height'>;
  /** The view in the native CRS grown by the symbol margin: selects and clips the data. */
  nativeBox: Box;
  /** Native units per pixel (simplification tolerance). */
  nativePixel: number;
  /** Fetch label text and anchors (the scale is within the label's range). */
  withLabels: boolean;
}

export interface FetchedFeature {
  /** SVG path data in pixels (lines, polygons). */
  path?: string;
  /** Pixel position (points). */
  x?: number;
  y?: number;
  /** Values of the attributes the style's rules read, as text. */
  values: Record<string, string | null>;
  /** The label's anchor; for a label along a line its angle (radians, pixels: x right, y down). */
  label?: { text: string; x: number; y: number; radius: number; angle?: number };
  /** Features merged into this one (an aggregated group of a layer without labels); 1 when absent. */
  count?: number;
}

type Kind = 'point' | 'line' | 'polygon';

export function geometryKind(layer: Pick<Layer, 'geometry'>): Kind {
  const t = layer.geometry.type;
  if (t === 'Point' || t === 'MultiPoint') return 'point';
  if (t === 'LineString' || t === 'MultiLineString') return 'line';
  return 'polygon';
}

export interface PlannedLayerSql {
  sql: string;
  params: unknown[];
  ruleAttributes: Attribute[];
  /** The label's SQL expression, when labels are fetched. */
  label: string | undefined;
  /** One row per combination of rule values with the paths of all its features joined (no per-feature rows). */
  aggregated: boolean;
}

/**
 * A line's final stroke width as SQL (the last matching rule that sets it wins, as in resolveSymbol), or undefined
 * when no rule can hide a line: then every selected line is drawn. With it, lines a scale rule hides (service
 * connections below 1:5000) are never fetched.
 */
function strokeWidthSql(base: Symbolizer, rules: readonly StyleRule[], attributes: ReadonlyMap<string, Attribute>, p: (v: unknown, cast: string) => string): string | undefined {
  const setting = rules.filter((r) => r.set.strokeWidth !== undefined);
  if (base.strokeWidth > 0 && !setting.some((r) => r.set.strokeWidth === 0)) return undefined;
  const branches: string[] = [];
  for (const r of [...setting].reverse()) {
    const parts = Object.entries(r.when).map(([name, values]) => `(${attributeSql(attributes.get(name)!)})::text = ANY(${p(values, 'text[]')})`);
    if (!parts.length) {
      // A rule for every feature: nothing before it matters.
      if (!branches.length) return r.set.strokeWidth! > 0 ? undefined : p(r.set.strokeWidth, 'float8');
      return `(CASE ${branches.join(' ')} ELSE ${p(r.set.strokeWidth, 'float8')} END)`;
    }
    branches.push(`WHEN ${parts.join(' AND ')} THEN ${p(r.set.strokeWidth, 'float8')}`);
  }
  return branches.length ? `(CASE ${branches.join(' ')} ELSE ${p(base.strokeWidth, 'float8')} END)` : p(base.strokeWidth, 'float8');
}

/**
 * Plans the query of a layer in a view. Attributes come from what the role may see. `symbol` is the style's base symbol:
 * with it, features the rules make invisible at this scale are filtered out in the database.
 */
export function planLayerSql(layer: Layer, role: Role, rules: readonly StyleRule[], labelSpec: string | Pick<LabelSpec, 'attribute' | 'text' | 'alongLine'> | undefined, view: LayerView, symbol?: Symbolizer): PlannedLayerSql {
  const params: unknown[] = [];
  const p = (v: unknown, cast: string) => { params.push(v); return `$${params.length}::${cast}`; };
  const base = buildLayerWhere(layer, params);
  const visible = new Map(visibleAttributes(layer, role).map((a) => [a.name, a]));
  const ruleAttributes = [...new Set(rules.flatMap((r) => Object.keys(r.when)))].map((n) => visible.get(n)).filter((a): a is Attribute => !!a);
  const kind = geometryKind(layer);
  // The label: an attribute's value, or a text written from several attributes (all of which the role must see).
  const spec = typeof labelSpec === 'string' ? { attribute: labelSpec } : labelSpec;
  let label: string | undefined;
  if (spec && view.withLabels && (kind !== 'line' || ('alongLine' in spec && spec.alongLine))) {
    if ('text' in spec && spec.text) label = spec.text.attributes.every((a) => visible.has(a)) ? spec.text.sql : undefined;
    else { const a = visible.get(spec.attribute); label = a ? attributeSql(a) : undefined; }
  }

  const g = geometrySql(layer);
  const [x0, y0, x1, y1] = view.nativeBox;
  const env = `ST_MakeEnvelope(${p(x0, 'float8')}, ${p(y0, 'float8')}, ${p(x1, 'float8')}, ${p(y1, 'float8')}, ${p(NATIVE_CRS.epsg, 'int')})`;
  const { sx, sy, minx, maxy } = pixelTransform(view.req);
  const toTarget = (e: string) => (view.req.crs.epsg === NATIVE_CRS.epsg ? e : `ST_Transform(${e}, ${p(view.req.crs.epsg, 'int')})`);
  // y stays up here (py = (y - maxy)·sy ≤ 0): ST_AsSVG negates it, which is the downward pixel row.
  const toPixels = (e: string) => `ST_Affine(${toTarget(e)}, ${p(sx, 'float8')}, 0, 0, ${p(sy, 'float8')}, ${p(-minx * sx, 'float8')}, ${p(-maxy * sy, 'float8')})`;

  const columns: string[] = [];
  if (kind === 'point') {
    columns.push(`${toPixels(layer.geometry.type === 'Point' ? g : `ST_Centroid(${g})`)} AS pix`);
  } else {
    const dim = kind === 'polygon' ? 3 : 2;
    // Most features lie inside the view: only the ones crossing its edge pay for clipping.
    const clipped = `CASE WHEN ${g} @ ${env} THEN ${g} ELSE ST_CollectionExtract(ST_ClipByBox2D(${g}, ${env}), ${dim}) END`;
    columns.push(`${toPixels(`ST_Simplify(${clipped}, ${p(view.nativePixel / 2, 'float8')}, true)`)} AS pix`);
  }
  ruleAttributes.forEach((a, i) => columns.push(`(${attributeSql(a)})::text AS r${i}`));
  if (label) columns.push(`(${label})::text AS label`);

  const visibleOnly = kind === 'line' && symbol ? strokeWidthSql(symbol, rules, visible, p) : undefined;
  const filter = visibleOnly ? ` AND ${visibleOnly} > 0` : '';
  // Without labels the features of a line or polygon layer are only drawn: the database joins the paths of
  // each combination of rule values into one string (tens of rows instead of tens of thousands); the order
  // inside a path does not change what an even-odd fill or a stroke paints.
  const aggregated = kind !== 'point' && !label;
  if (aggregated) {
    // OFFSET 0 keeps the subquery: flattened, the geometry expression would run once per reference.
    const inner = `SELECT ${columns.join(', ')} FROM ${base.from} WHERE (${base.sql}) AND ${g} && ${env}${filter} OFFSET 0`;
    const groupBy = ruleAttributes.map((_, i) => `q.r${i}`);
    const sql = `SELECT ${[...groupBy, `string_agg(ST_AsSVG(q.pix, 0, 1), ' ') AS path`, 'count(*)::int AS n'].join(', ')} FROM (${inner}) q`
      + (groupBy.length ? ` GROUP BY ${groupBy.join(', ')}` : '');
    return { sql, params, ruleAttributes, label, aggregated };
  }
  const inner = `SELECT ${columns.join(', ')} FROM ${base.from} WHERE (${base.sql}) AND ${g} && ${env}${filter} ORDER BY ${keySql(layer)} OFFSET 0`;
  const outer: string[] = kind === 'point' ? ['ST_X(q.pix) AS x', '-ST_Y(q.pix) AS y'] : ['ST_AsSVG(q.pix, 0, 1) AS path'];
  ruleAttributes.forEach((_, i) => outer.push(`q.r${i}`));
  let from = `(${inner}) q`;
  if (label) {
    outer.push('q.label');
    if (kind === 'polygon') {
      // The label goes inside the part of the polygon in view: at its centroid when that is inside (a
      // rectangle's centre), else at a point on its surface. The distance from there to the boundary tells
      // whether the label fits (a largest inscribed circle would be better but costs 20 times as much).
      const W = view.req.width, H = view.req.height;
      const box = `ST_MakeEnvelope(0, ${p(-H, 'float8')}, ${p(W, 'float8')}, 0, ${p(view.req.crs.epsg, 'int')})`;
      from += ` LEFT JOIN LATERAL (SELECT v.g, ST_Centroid(v.g) AS c
          FROM (SELECT CASE WHEN q.pix @ ${box} THEN q.pix ELSE ST_ClipByBox2D(q.pix, ${box}) END AS g) v
          WHERE q.label IS NOT NULL AND NOT ST_IsEmpty(v.g)) l ON true
        LEFT JOIN LATERAL (SELECT CASE WHEN ST_Intersects(l.c, l.g) THEN l.c ELSE ST_PointOnSurface(l.g) END AS a) a ON true`;
      outer.push('ST_X(a.a) AS lx', '-ST_Y(a.a) AS ly', 'ST_Distance(a.a, ST_Boundary(l.g)) AS lr');
    } else if (kind === 'line') {
      // Along the longest part in view, at its middle, turned to the direction between 10% either side of it; the
      // part's length (pixels) says whether the text fits.
      from += ` LEFT JOIN LATERAL (SELECT d.geom AS ln FROM ST_Dump(q.pix) d WHERE q.label IS NOT NULL
          ORDER BY ST_Length(d.geom) DESC LIMIT 1) l ON true`;
      outer.push('ST_X(ST_LineInterpolatePoint(l.ln, 0.5)) AS lx', '-ST_Y(ST_LineInterpolatePoint(l.ln, 0.5)) AS ly', 'ST_Length(l.ln) AS lr',
        `atan2(ST_Y(ST_LineInterpolatePoint(l.ln, 0.4)) - ST_Y(ST_LineInterpolatePoint(l.ln, 0.6)),
               ST_X(ST_LineInterpolatePoint(l.ln, 0.6)) - ST_X(ST_LineInterpolatePoint(l.ln, 0.4))) AS la`);
    } else {
      outer.push('ST_X(q.pix) AS lx', '-ST_Y(q.pix) AS ly', '0 AS lr');
    }
  }
  return { sql: `SELECT ${outer.join(', ')} FROM ${from}`, params, ruleAttributes, label, aggregated: false };
}

interface Row { path?: string | null; x?: number; y?: number; n?: number; label?: string | null; lx?: number | null; ly?: number | null; lr?: number | null; la?: number | null; [r: string]: unknown }

function groupOrder(a: Row, b: Row, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = (a[`r${i}`] as string | null) ?? '', y = (b[`r${i}`] as string | null) ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Runs the plan (one statement, one round trip) and shapes the rows for drawing. On PostgreSQL the statement runs
 * without parallel workers and under the request pool's statement timeout, both set on the pool's connections
 * (db/postgres.ts): a map queries its layers at once on as many connections already.
 */
export async function fetchLayer(db: Queryable, plan: PlannedLayerSql): Promise<FetchedFeature[]> {
  // Prepared (planned once per connection and text): planning the PostGIS statement was a fifth of a small map's
  // database time. The texts are few: one per layer, role, label choice, target CRS and the rules a scale keeps.
  const rows = await db.query<Row>(plan.sql, plan.params, { prepare: true });
  // Groups come in hash order: sorted by their values, the paint order of groups is the same on every run.
  if (plan.aggregated && plan.ruleAttributes.length) rows.sort((a, b) => groupOrder(a, b, plan.ruleAttributes.length));
  const out: FetchedFeature[] = [];
  for (const r of rows) {
    const values: Record<string, string | null> = {};
    plan.ruleAttributes.forEach((a, i) => { values[a.name] = (r[`r${i}`] as string | null) ?? null; });
    const f: FetchedFeature = { values };
    if (r.path !== undefined) {
      if (!r.path) continue; // collapsed or clipped away
      f.path = r.path;
      if (r.n !== undefined) f.count = Number(r.n);
    } else {
      f.x = Number(r.x); f.y = Number(r.y);
    }
    if (r.label && r.lx != null && r.ly != null && Number.isFinite(Number(r.lx))) {
      f.label = { text: r.label, x: Number(r.lx), y: Number(r.ly), radius: Number(r.lr ?? 0), ...(r.la != null ? { angle: Number(r.la) } : {}) };
    }
    out.push(f);
  }
  return out;
}
