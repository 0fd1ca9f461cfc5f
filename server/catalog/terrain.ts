// The terrain models of the catalogue: the digital terrain model (NMT) and the digital surface model (NMPT), as
// GeoTIFF sheets listed in one table (sql/004_sip.sql). Extracts crop them (downloads/raster.ts), the 3D view
// builds its terrain from the NMT (services/threed), and the client's download menu lists them (/api/portals/{id}).
// The SQL reads the table and its columns from here, as the feature SQL reads a layer's from catalog/layers.ts.
import type { Text } from './types.ts';

export const TERRAIN_MODELS = {
  /** The sheet index: one row per GeoTIFF sheet of a model. */
  table: 'sip.modele_wysokosciowe',
  key: 'id',
  columns: {
    /** NMT or NMPT (the kinds' `value`). */
    kind: 'rodzaj',
    /** The GeoTIFF, relative to the data set's directory. */
    file: 'plik',
    /** Pixel size, metres. */
    resolution: 'rozdzielczosc',
    /** The sheet's extent, EPSG:2177. */
    geometry: 'geom',
  },
  kinds: [
    // Names as the head office of geodesy publishes the models (NMT/NMPT, PL-EVRF2007-NH heights).
    { id: 'nmt', value: 'NMT', title: { pl: 'Numeryczny model terenu (NMT)', en: 'Digital terrain model (DTM)' }, terrain: true },
    { id: 'nmpt', value: 'NMPT', title: { pl: 'Numeryczny model pokrycia terenu (NMPT)', en: 'Digital surface model (DSM)' }, terrain: false },
  ],
} as const satisfies {
  table: string; key: string; columns: Record<string, string>;
  kinds: readonly { id: string; value: string; title: Text; terrain: boolean }[];
};

export type TerrainKind = (typeof TERRAIN_MODELS)['kinds'][number]['id'];

/** The model the 3D view builds its ground from: the bare terrain (NMT). */
export const GROUND_MODEL = TERRAIN_MODELS.kinds.find((k) => k.terrain)!;
