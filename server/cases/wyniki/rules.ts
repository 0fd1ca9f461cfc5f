// The rules the automatic verification of returned results applies, as data with their sources (pure). What is
// not verified against the text of the act says so (`verified: false`); the office may tighten a value here.

export interface Rule { value: number; unit: string; basis: string; verified: boolean; note?: string }

export const RULES = {
  /**
   * Area of a parcel: poleEwidencyjne is given in hectares to 0.0001 ha (EGiB regulation 2021, Dz.U. 2021 poz. 1390,
   * annex 1, EGB_DzialkaEwidencyjna.poleEwidencyjne; docs/model-2021.md). The area is computed from the boundary
   * coordinates with the projection correction, i.e. on the GRS80 ellipsoid (PostGIS geography area on the
   * spheroid here). The declared value must equal the computed one to its last place: a difference of at most one
   * unit of 0.0001 ha (1 m²) is the rounding. Which paragraph of the regulation states the ellipsoid rule and
   * whether it allows a wider difference for new data has not been checked against the act's text.
   */
  areaToleranceM2: {
    value: 1, unit: 'm²', verified: false,
    basis: 'rozporządzenie MRPiT z 27 lipca 2021 r. w sprawie ewidencji gruntów i budynków (Dz.U. 2021 poz. 1390), zał. 1: poleEwidencyjne w ha z dokładnością do 0,0001 ha; pole obliczane ze współrzędnych z uwzględnieniem poprawki odwzorowawczej (na elipsoidzie GRS80) — paragraf niezweryfikowany',
    note: 'różnica do jednej jednostki ostatniego miejsca (0,0001 ha = 1 m²) to zaokrąglenie',
  } satisfies Rule,
  /**
   * Slivers: a gap or overlap smaller than this is numeric noise of coordinates written to the millimetre (the sample
   * register and the service's GML carry 3 decimals), not a change of the boundary.
   */
  sliverM2: { value: 0.01, unit: 'm²', verified: true, basis: 'tolerancja numeryczna usługi (współrzędne z dokładnością do 1 mm)' } satisfies Rule,
} as const;

/** Limits of one submission of results (files are kept in PostgreSQL). */
export const UPLOAD_LIMITS = {
  files: 20,
  fileBytes: 25 * 1024 * 1024,
  totalBytes: 60 * 1024 * 1024,
  /** A GML file is parsed whole into a DOM (xml/parse.ts also caps it at 10,000 elements). */
  gmlBytes: 10 * 1024 * 1024,
  objects: 2000,
} as const;
