// OGC GeoPackage 1.3 (https://www.geopackage.org/spec130/): one SQLite file, one feature table per layer, with the
// required metadata tables, standard GeoPackage geometry blobs (header + ISO WKB) and an R-tree spatial index
// (the gpkg_rtree_index extension, with its triggers, so the file stays consistent when edited in QGIS).
import Database from 'better-sqlite3';
import type { Geometry, Position } from 'geojson';
import type { Attribute, Layer, ValueType } from '../catalog/types.ts';
import type { FeatureRow } from '../query/feature-query.ts';
import { SRS_WKT } from './srs.ts';
import { valueText } from './values.ts';

const SQL_TYPE: Record<ValueType, string> = { string: 'TEXT', integer: 'INTEGER', number: 'REAL', boolean: 'BOOLEAN', date: 'DATE', dateTime: 'DATETIME' };

const q = (name: string) => '"' + name.replace(/"/g, '""') + '"';

const WKB_TYPE: Record<string, number> = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 };

/**
 * ISO WKB (little-endian, 2D) of a GeoJSON geometry and its envelope in one pass. (wkx does the same through a
 * deprecated Buffer constructor per geometry; this is the writer's inner loop, run for every feature.)
 */
class WkbWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private at = 0;
  env: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
  private header(type: number): void { this.room(5); this.buf.writeUInt8(1, this.at); this.buf.writeUInt32LE(type, this.at + 1); this.at += 5; }
  private uint(n: number): void { this.room(4); this.buf.writeUInt32LE(n, this.at); this.at += 4; }
  private coord(p: Position): void {
    const x = p[0]!, y = p[1]!, e = this.env;
    this.buf.writeDoubleLE(x, this.at); this.buf.writeDoubleLE(y, this.at + 8); this.at += 16;
    if (x < e[0]) e[0] = x; if (x > e[2]) e[2] = x;
    if (y < e[1]) e[1] = y; if (y > e[3]) e[3] = y;
  }
  private points(ps: readonly Position[]): void {
    this.uint(ps.length);
    this.room(ps.length * 16);
    for (const p of ps) this.coord(p);
  }
  reset(): void { this.at = 0; this.env = [Infinity, Infinity, -Infinity, -Infinity]; }
  write(g: Geometry): void {
    this.header(WKB_TYPE[g.type]!);
    switch (g.type) {
      case 'Point': this.room(16); this.coord(g.coordinates); break;
      case 'LineString': this.points(g.coordinates); break;
      case 'Polygon': this.uint(g.coordinates.length); for (const r of g.coordinates) this.points(r); break;
      case 'MultiPoint': this.uint(g.coordinates.length); for (const p of g.coordinates) this.write({ type: 'Point', coordinates: p }); break;
      case 'MultiLineString': this.uint(g.coordinates.length); for (const l of g.coordinates) this.write({ type: 'LineString', coordinates: l }); break;
      case 'MultiPolygon': this.uint(g.coordinates.length); for (const p of g.coordinates) this.write({ type: 'Polygon', coordinates: p }); break;
      case 'GeometryCollection': this.uint(g.geometries.length); for (const c of g.geometries) this.write(c); break;
    }
  }
  take(): Buffer { return this.buf.subarray(0, this.at); }
}

const wkbWriter = new WkbWriter();

/** A GeoPackage geometry blob: "GP", version 0, flags (little-endian, xy envelope), srs id, envelope, WKB. */
export function gpkgGeometry(g: Geometry, srsId: number): { blob: Buffer; envelope: [number, number, number, number] } {
  const w = wkbWriter;
  w.reset();
  w.write(g);
  const wkb = w.take();
  const envelope = w.env;
  const blob = Buffer.allocUnsafe(40 + wkb.length);
  blob.write('GP', 0, 'ascii');
  blob.writeUInt8(0, 2);
  blob.writeUInt8(0b0000_0011, 3); // envelope [minx, maxx, miny, maxy], little-endian
  blob.writeInt32LE(srsId, 4);
  blob.writeDoubleLE(envelope[0], 8);
  blob.writeDoubleLE(envelope[2], 16);
  blob.writeDoubleLE(envelope[1], 24);
  blob.writeDoubleLE(envelope[3], 32);
  wkb.copy(blob, 40);
  return { blob, envelope };
}

function sqlValue(v: unknown, type: ValueType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'boolean') return v ? 1 : 0;
  if (type === 'integer' || type === 'number') return Number(v);
  return valueText(v);
}

export interface GpkgLayerResult { table: string; features: number }

export class GeoPackageWriter {
  private readonly db: Database.Database;
  private readonly tables = new Set<string>();

  constructor(file: string, private readonly srsId: number) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('application_id = 1196444487'); // "GPKG"
    this.db.pragma('user_version = 10300');
    this.createMetadata();
  }

  private createMetadata(): void {
    const srs = SRS_WKT[this.srsId];
    if (!srs) throw new Error(`no WKT for EPSG:${this.srsId}`);
    this.db.exec(`
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
      CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
        scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));`);
    const insert = this.db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
    insert.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
    insert.run('WGS 84 geodetic', 4326, 'EPSG', 4326, SRS_WKT[4326]!.wkt, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
    if (this.srsId !== 4326) insert.run(srs.name, this.srsId, 'EPSG', this.srsId, srs.wkt, srs.name);
  }

  /** Writes one layer's features as a table named after the layer. */
  async addLayer(layer: Layer, attributes: readonly Attribute[], batches: AsyncIterable<FeatureRow[]>, onRows?: (n: number) => void): Promise<GpkgLayerResult> {
    let table = layer.name;
    if (this.tables.has(table)) table = `${layer.namespace}_${layer.name}`;
    this.tables.add(table);
    const geomCol = layer.geometry.column;
    const columns = attributes.map((a) => `${q(a.name)} ${SQL_TYPE[a.type]}`);
    this.db.exec(`CREATE TABLE ${q(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${q(geomCol)} ${layer.geometry.type.toUpperCase()}${columns.length ? ', ' + columns.join(', ') : ''})`);
    const placeholders = ['?', '?', ...attributes.map(() => '?')].join(', ');
    const insert = this.db.prepare(`INSERT INTO ${q(table)} (fid, ${q(geomCol)}${attributes.map((a) => ', ' + q(a.name)).join('')}) VALUES (${placeholders})`);
    const rtreeRows: [number, number, number, number, number][] = [];
    const extent = [Infinity, Infinity, -Infinity, -Infinity];
    let n = 0;
    const insertBatch = this.db.transaction((rows: FeatureRow[]) => {
      for (const r of rows) {
        let blob: Buffer | null = null;
        if (r.geometry) {
          const g = gpkgGeometry(JSON.parse(r.geometry) as Geometry, this.srsId);
          blob = g.blob;
          const [x0, y0, x1, y1] = g.envelope;
          rtreeRows.push([r.key, x0, x1, y0, y1]);
          if (x0 < extent[0]!) extent[0] = x0; if (y0 < extent[1]!) extent[1] = y0;
          if (x1 > extent[2]!) extent[2] = x1; if (y1 > extent[3]!) extent[3] = y1;
        }
        insert.run(r.key, blob, ...attributes.map((a) => sqlValue(r.properties[a.name], a.type)));
        n++;
      }
    });
    for await (const rows of batches) {
      insertBatch(rows);
      onRows?.(rows.length);
    }
    const hasExtent = Number.isFinite(extent[0]);
    this.db.prepare(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
      VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)`).run(table, table, layer.title.pl, ...(hasExtent ? extent : [null, null, null, null]), this.srsId);
    this.db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)').run(table, geomCol, layer.geometry.type.toUpperCase(), this.srsId);
    this.spatialIndex(table, geomCol, rtreeRows);
    return { table, features: n };
  }

  /** The R-tree of the feature envelopes and the spec's triggers that keep it up to date (GeoPackage 1.3, F.3). */
  private spatialIndex(table: string, column: string, rows: readonly [number, number, number, number, number][]): void {
    const rtree = `rtree_${table}_${column}`;
    const t = q(table), c = q(column), r = q(rtree);
    this.db.exec(`CREATE VIRTUAL TABLE ${r} USING rtree(id, minx, maxx, miny, maxy)`);
    const insert = this.db.prepare(`INSERT INTO ${r} VALUES (?, ?, ?, ?, ?)`);
    this.db.transaction(() => { for (const row of rows) insert.run(...row); })();
    // ST_MinX … in the triggers are provided by the application that edits the file (GDAL, QGIS), as the spec says.
    const trig = (name: string, sql: string) => this.db.exec(`CREATE TRIGGER ${q(`${rtree}_${name}`)} ${sql}`);
    trig('insert', `AFTER INSERT ON ${t} WHEN (new.${c} NOT NULL AND NOT ST_IsEmpty(NEW.${c})) BEGIN
      INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c})); END`);
    trig('update1', `AFTER UPDATE OF ${c} ON ${t} WHEN OLD.fid = NEW.fid AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c})) BEGIN
      INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c})); END`);
    trig('update2', `AFTER UPDATE OF ${c} ON ${t} WHEN OLD.fid = NEW.fid AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c})) BEGIN
      DELETE FROM ${r} WHERE id = OLD.fid; END`);
    trig('update3', `AFTER UPDATE ON ${t} WHEN OLD.fid != NEW.fid AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c})) BEGIN
      DELETE FROM ${r} WHERE id = OLD.fid;
      INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c})); END`);
    trig('update4', `AFTER UPDATE ON ${t} WHEN OLD.fid != NEW.fid AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c})) BEGIN
      DELETE FROM ${r} WHERE id IN (OLD.fid, NEW.fid); END`);
    trig('delete', `AFTER DELETE ON ${t} WHEN old.${c} NOT NULL BEGIN DELETE FROM ${r} WHERE id = OLD.fid; END`);
    this.db.prepare(`INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`).run(table, column);
  }

  /**
   * A metadata record of the whole GeoPackage (a released file's licence): the Metadata extension of GeoPackage 1.3
   * (Annex F.8, "gpkg_metadata"): gpkg_metadata with md_scope "dataset" and a gpkg_metadata_reference of
   * reference_scope "geopackage", both tables registered in gpkg_extensions. GDAL lists a record that is not its
   * own as GPKG_METADATA_ITEM_n of the dataset (ogrinfo, QGIS's layer properties).
   */
  addMetadata(text: string, standardUri: string, mimeType = 'text/plain'): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL,
        md_scope TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml',
        metadata TEXT NOT NULL DEFAULT '');
      CREATE TABLE IF NOT EXISTS gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT,
        row_id_value INTEGER, timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
        CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
        CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));`);
    const ext = this.db.prepare(`INSERT OR IGNORE INTO gpkg_extensions VALUES (?, NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec130/#extension_metadata', 'read-write')`);
    ext.run('gpkg_metadata');
    ext.run('gpkg_metadata_reference');
    const { lastInsertRowid } = this.db.prepare(`INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES ('dataset', ?, ?, ?)`).run(standardUri, mimeType, text);
    this.db.prepare(`INSERT INTO gpkg_metadata_reference (reference_scope, md_file_id) VALUES ('geopackage', ?)`).run(lastInsertRowid);
  }

  close(): void {
    this.db.close();
  }
}
