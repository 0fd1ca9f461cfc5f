// Types of the parts of untyped libraries the writers use.
declare module '@mapbox/shp-write/src/write.js' {
  /** Low-level shapefile writer: .shp and .shx of one geometry type (POINT, POLYLINE, POLYGON). */
  function write(
    rows: readonly Record<string, unknown>[],
    geometryType: 'POINT' | 'POLYLINE' | 'POLYGON',
    geometries: readonly unknown[],
    callback: (err: Error | null, files: { shp: DataView; shx: DataView; dbf: DataView; prj: string }) => void,
  ): void;
  export default write;
}
