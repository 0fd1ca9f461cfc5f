// The changed objects of returned results, as the GML and DXF readers hand them to the verification: one shape for
// both formats (pure types).
import type { Geometry } from 'geojson';

/** The register classes results may change: parcels (EGB_DzialkaEwidencyjna) and buildings (EGB_Budynek). */
export type Warstwa = 'dzialki' | 'budynki';

export interface ResultObject {
  warstwa: Warstwa;
  /** The file format it was read from. */
  format: 'gml' | 'dxf';
  /** idDzialki / idBudynku as in the file (null when missing). */
  identyfikator: string | null;
  /** The attributes as written in the file, by the 2021 model's names, as text. */
  atrybuty: Record<string, string>;
  /** GeoJSON geometry, easting first, in the CRS `srid`; null when it could not be read. */
  geometry: Geometry | null;
  srid: number | null;
  /** The CRS name the file gave (null: none given). */
  crsName: string | null;
  /** Why the geometry could not be read. */
  problem?: string;
  /** Where in which file: for the report. */
  zrodlo: string;
}

export interface FileReading {
  file: string;
  kind: 'gml' | 'dxf' | 'pdf';
  ok: boolean;
  error?: string;
  objects: ResultObject[];
  /** Features or entities of other classes, left out. */
  ignored: number;
}
