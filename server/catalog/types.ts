// The shape of the layer catalogue: everything a protocol, a style, a legend or a portal needs to know about a layer.
import type { Role } from './roles.ts';

export interface Text { pl: string; en: string }

export type GeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon';

/** Value types of published attributes (mapped to XSD, JSON Schema, CSV and SQL casts by the formats). */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'dateTime';

export interface AttributeSpec {
  /** Published property name = the column name (the official data model's name). */
  name: string;
  /** Short titles for tables and popups; the long description is the column's COMMENT in the database. */
  title: Text;
  /** Who may see (and filter on) it; absent = everyone the layer is visible to. */
  roles?: readonly Role[];
  /** A computed attribute: a trusted SQL expression over the layer's table aliased as t, with its type. */
  sql?: string;
  type?: ValueType;
}

/** How features are drawn: the same symbolizer for WMS images, MapLibre styles and legends. */
export interface Symbolizer {
  /** Fill colour (#rrggbb) and opacity of polygons and point symbols; absent = not filled. */
  fill?: string;
  fillOpacity?: number;
  /** Stroke colour and width in pixels at the standard 0.28 mm pixel; width 0 hides the stroke (and a line). */
  stroke: string;
  strokeWidth: number;
  /** Dash pattern in pixels. */
  dash?: readonly number[];
  /** Point symbol radius in pixels. */
  radius?: number;
}

/**
 * A per-value variant of a layer's symbolizer: applies where every listed attribute has one of its values
 * (an empty `when` applies to every feature); when several apply, later rules win property by property.
 */
export interface StyleRule {
  when: Readonly<Record<string, readonly string[]>>;
  title: Text;
  /** Shown as its own legend entry (false for modifiers such as line width by function). */
  legend?: boolean;
  /** Scale denominators between which the rule applies (generalisation: thinner or hidden at small scales). */
  scale?: { min?: number; max?: number };
  set: Partial<Symbolizer>;
}

/** Labels: what to write, from which scale, and the typography (pixels at the standard 0.28 mm pixel). */
export interface LabelSpec {
  attribute: string;
  /** The largest scale denominator at which labels are drawn. */
  maxScale: number;
  /** Text size in pixels. */
  size: number;
  bold?: boolean;
  italic?: boolean;
  colour?: string;
  halo?: string;
  /** Higher is placed first. */
  priority?: number;
  /** Candidate offsets from the anchor in pixels (x right, y down), tried in order. */
  offsets?: readonly (readonly [number, number])[];
  /** Leave out labels of polygons whose inscribed circle is smaller (pixels): slivers. */
  minRadius?: number;
  /**
   * A label written from several attributes (catalog/cartography.ts: "w150", "m4") instead of `attribute`'s value;
   * `attribute` stays the one a label needs to exist.
   */
  text?: { attributes: readonly string[]; sql: string };
  /** Lines: the label runs along the line (turned to its direction), beside it. */
  alongLine?: boolean;
  /** Once per feature on the whole map (tiles: at one point per feature, not once per tile it crosses). */
  once?: boolean;
}

/**
 * A layer's style, data in the catalogue: the base symbolizer, per-value rules, paint order and labels. The WMS
 * renderer, the MapLibre style generator and the legends all read it (through server/style/model.ts).
 */
export interface StyleSpec extends Symbolizer {
  rules?: readonly StyleRule[];
  /** Paint order across layers: lower is drawn first (default 50). */
  zIndex?: number;
  label?: LabelSpec;
}

/**
 * A layer's part in the portals' search (query/search.ts) and the attributes each search reads: parcels by
 * identifier, district + number and land register; the districts they are in; buildings by identifier and address.
 */
export type SearchSpec =
  | { as: 'parcel'; attributes: { id: string; number: string; district: string; sheet: string; landRegister: string; location: string } }
  | { as: 'district'; attributes: { id: string; name: string } }
  | { as: 'building'; attributes: { id: string; parcel: string; street: string; houseNumber: string } };

/**
 * A layer's parts in the 3D service (services/threed): solids of existing buildings, of planned buildings (the
 * shadow study; the portals' "open in 3D" link), trees, the parcels of an area, the base map draped on the terrain,
 * and the utility lines whose planned ones (status projektowany) the designers' 3D view draws below the terrain.
 */
export type ThreedRole = 'buildings' | 'plannedBuildings' | 'trees' | 'parcels' | 'baseMap' | 'networks';

export interface LayerSpec {
  /** Namespace prefix: egib, gesut or sip. */
  namespace: 'egib' | 'gesut' | 'sip';
  /** Local name; the published type name is namespace:name. */
  name: string;
  title: Text;
  abstract: Text;
  /** Group in layer trees and capabilities (EGiB, GESUT by branch, SIP). */
  group: Text;
  /** Schema-qualified source table. */
  table: string;
  /** Unique integer key of the table (stable paging order and feature ids). */
  key: string;
  geometry: { column: string; type: GeometryType };
  /** A fixed restriction of the table to this layer, e.g. one network branch (column = value, a bound parameter). */
  where?: { column: string; value: string };
  attributes: readonly AttributeSpec[];
  /** Who may see the layer; absent = public. */
  roles?: readonly Role[];
  style: StyleSpec;
  /** Scale denominators between which the layer is drawn by default. */
  scale?: { min?: number; max?: number };
  /**
   * Vector tiles (and the MapLibre style over them) hold the layer from this zoom on, above what `scale` gives: a
   * dense layer whose tiles at the first level would be too heavy to fetch (issue 19: ≤ 500 kB gzip a tile) starts one
   * level later on the web map, while WMS still draws it over its whole scale range.
   */
  tileMinZoom?: number;
  keywords?: readonly string[];
  // ---- the jobs a layer does beyond being published (data here, read by the services)
  /** Found by the portals' search, and by which attributes. */
  search?: SearchSpec;
  /** Its parts in the 3D view. */
  threed?: readonly ThreedRole[];
  /** Drawn on a map sheet when the request names no layers (downloads/map-sheet.ts). */
  mapSheet?: boolean;
  /** Its data extent is the area the service covers (the portals' start view, /api/portals/{id}). */
  serviceExtent?: boolean;
  /**
   * The attribute OGC API `datetime` compares with (an instant); absent = the layer has no temporal property and
   * `datetime` is refused for it.
   */
  temporal?: string;
}

/** An attribute as the services see it: the spec completed with its type and description from the database. */
export interface Attribute extends AttributeSpec {
  type: ValueType;
  description: string;
  nullable: boolean;
  /** The column's SQL type as PostgreSQL names it (format_type, e.g. numeric(12,4)); absent for a computed attribute. */
  sqlType?: string;
}

/** A layer as the services see it. */
export interface Layer extends Omit<LayerSpec, 'attributes'> {
  /** namespace:name */
  typeName: string;
  attributes: readonly Attribute[];
  /** Extent of the data in EPSG:2177 [minx, miny, maxx, maxy] (easting first), from the database. */
  extent: [number, number, number, number] | undefined;
}
