// One filter language for every protocol: FES 2.0 (WFS), CQL2 (OGC API), BBOX and id parameters are all
// parsed into this tree, and one compiler turns it into parameterised SQL.
import type { Geometry } from 'geojson';

/** A geometry literal: GeoJSON coordinates always easting/longitude first, with the CRS they are in. */
export interface GeometryLiteral { kind: 'geometry'; geometry: Geometry; crs: string }

export type Expression =
  | { kind: 'property'; name: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | GeometryLiteral;

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type SpatialRelation =
  | 'bbox' | 'intersects' | 'disjoint' | 'equals' | 'touches' | 'crosses' | 'within' | 'contains' | 'overlaps';

export type Filter =
  | { op: 'and' | 'or'; args: Filter[] }
  | { op: 'not'; arg: Filter }
  | { op: 'compare'; operator: ComparisonOperator; left: Expression; right: Expression; matchCase: boolean }
  /** pattern uses % for any run and _ for one character, with \ escaping (parsers translate their own wildcards) */
  | { op: 'like'; expr: Expression; pattern: string; matchCase: boolean }
  | { op: 'between'; expr: Expression; lower: Expression; upper: Expression }
  | { op: 'in'; expr: Expression; values: Expression[] }
  | { op: 'isNull'; expr: Expression }
  /** FES PropertyIsNil: the property has no value (no nil reasons are stored, so like isNull) */
  | { op: 'isNil'; expr: Expression }
  /** property absent = the layer's geometry */
  | { op: 'spatial'; relation: SpatialRelation; property?: string; geometry: GeometryLiteral }
  | { op: 'distance'; relation: 'dwithin' | 'beyond'; property?: string; geometry: GeometryLiteral; distance: number; units: string }
  /** feature identifiers as published (gml:id / OGC API id), e.g. dzialki.123 */
  | { op: 'resourceId'; ids: string[] }
  | { op: 'include' }
  | { op: 'exclude' };

/** A client's mistake in a filter; protocols turn it into their own exception (400). */
export class FilterError extends Error {
  constructor(message: string, readonly locator = 'FILTER') { super(message); }
}
