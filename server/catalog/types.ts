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

export interface StyleSpec {
  /** Fill colour (#rrggbb) and opacity of polygons; absent = not filled. */
  fill?: string;
  fillOpacity?: number;
  /** Stroke colour and width in pixels at 96 dpi. */
  stroke: string;
  strokeWidth: number;
  /** Dash pattern in pixels. */
  dash?: number[];
  /** Point symbol radius in pixels. */
  radius?: number;
  /** Attribute to label features with, and the largest scale denominator at which labels are drawn. */
  label?: { attribute: string; maxScale: number };
}

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
  keywords?: readonly string[];
}

/** An attribute as the services see it: the spec completed with its type and description from the database. */
export interface Attribute extends AttributeSpec {
  type: ValueType;
  description: string;
  nullable: boolean;
}

/** A layer as the services see it. */
export interface Layer extends Omit<LayerSpec, 'attributes'> {
  /** namespace:name */
  typeName: string;
  attributes: readonly Attribute[];
  /** Extent of the data in EPSG:2177 [minx, miny, maxx, maxy] (easting first), from the database. */
  extent: [number, number, number, number] | undefined;
}
