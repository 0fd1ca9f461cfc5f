// The base-map conventions as data, shared by the map styles (styles.ts → WMS, tiles, legends, PDF sheets) and the
// CAD export (formats/dxf.ts): the network colours and their AutoCAD colour numbers, the label grammar of utility
// lines and buildings, the CAD layer names. The attribute names these read are in ONE place, CARTO_ATTRIBUTES, so
// that a model rename (the 2021 EGiB/GESUT names, docs/model-2021.md) is one edit here.
//
// Sources:
// - Colours of the networks: Rozporządzenie Ministra Rozwoju, Pracy i Technologii z dnia 23 lipca 2021 r. w sprawie
//   bazy danych obiektów topograficznych oraz mapy zasadniczej (Dz.U. 2021 poz. 1385), annex on the base map's
//   symbols (kolorystyka sieci uzbrojenia terenu): water 0,0,255; sewage 128,51,0; gas 191,191,0; power 255,0,0;
//   telecommunications 255,145,0; heating 210,0,210; special and unidentified black (as in the project's domain
//   notes, ../shared/design/POLISH-DOMAIN-NOTES.md).
// - Labels of lines: the same annex writes a line's label as the branch symbol, the type within the branch and the
//   diameter in millimetres, e.g. "w150", "kd300", "gś110"; the branch symbols are the GESUT 2021 branch codes
//   (w, k, e, g, c, t, s, x) and the type symbols come from the GESUT code list (domain/code-lists.ts). The exact
//   annex wording of the type symbols is *not verified* here (docs/cartography.md).
// - Labels of buildings: the function symbol and the number of storeys above ground (e.g. "m4"); the symbols per
//   KŚT kind below follow common base-map practice and are *not verified* against the annex text.
// - CAD layers and colours: no act prescribes DXF layer names; the names follow what Polish CAD users get from
//   county geodetic offices' exports (EGB_…, GESUT_<branch>_…) and are documented in docs/cartography.md.

/** The attribute names the conventions read (the 2021 model's; one place to follow a rename). */
export const CARTO_ATTRIBUTES = {
  parcelId: 'idDzialki',
  parcelNumber: 'numerDzialki',
  buildingId: 'idBudynku',
  buildingKind: 'rodzajWgKST',
  storeys: 'liczbaKondygnacjiNadziemnych',
  districtName: 'nazwaObrebu',
  landUse: 'OFU',
  branch: 'branza',
  lineType: 'typ',
  diameter: 'srednica',
  material: 'material',
  status: 'status',
  operation: 'eksploatacja',
  lineId: 'idPrzewodu',
  deviceKind: 'rodzajUrzadzenia',
} as const;

/** Values of status / eksploatacja that change how a line is drawn (GESUT 2021 code lists). */
export const PLANNED = 'projektowany';
export const DISUSED = 'nieczynny';

export type Rgb = readonly [number, number, number];

/**
 * The network branches: GESUT code, the base map's colour, the CAD layer word. Storm sewers are sewers (k) of
 * type deszczowa: the sewage colour, drawn as existing lines (only planned lines are dashed).
 */
export const NETWORKS: readonly { code: string; cad: string; rgb: Rgb; pl: string }[] = [
  { code: 'w', cad: 'WODOCIAGOWA', rgb: [0, 0, 255], pl: 'wodociągowa' },
  { code: 'k', cad: 'KANALIZACYJNA', rgb: [128, 51, 0], pl: 'kanalizacyjna' },
  { code: 'g', cad: 'GAZOWA', rgb: [191, 191, 0], pl: 'gazowa' },
  { code: 'e', cad: 'ELEKTROENERGETYCZNA', rgb: [255, 0, 0], pl: 'elektroenergetyczna' },
  { code: 't', cad: 'TELEKOMUNIKACYJNA', rgb: [255, 145, 0], pl: 'telekomunikacyjna' },
  { code: 'c', cad: 'CIEPLOWNICZA', rgb: [210, 0, 210], pl: 'ciepłownicza' },
  { code: 's', cad: 'SPECJALNA', rgb: [0, 0, 0], pl: 'specjalna' },
  { code: 'x', cad: 'NIEZIDENTYFIKOWANA', rgb: [0, 0, 0], pl: 'niezidentyfikowana' },
];

export const hexOf = (rgb: Rgb): string => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** The base-map colour of a branch code (black for an unknown one, as unidentified lines). */
export function networkColour(code: unknown): string {
  return hexOf(NETWORKS.find((n) => n.code === code)?.rgb ?? [0, 0, 0]);
}

/**
 * The AutoCAD Color Index palette (ACI 1–255) as AutoCAD defines it: 1–9 the named colours, 10–249 24 hues in
 * steps of 15° × 5 values (255, 204, 153, 127, 76) × full / half saturation, 250–255 greys.
 */
export const ACI_PALETTE: readonly Rgb[] = (() => {
  const out: Rgb[] = [[0, 0, 0], [255, 0, 0], [255, 255, 0], [0, 255, 0], [0, 255, 255], [0, 0, 255], [255, 0, 255], [255, 255, 255], [65, 65, 65], [128, 128, 128]];
  const values = [255, 204, 153, 127, 76];
  for (let i = 10; i <= 249; i++) {
    const hue = Math.floor((i - 10) / 10) * 15, shade = Math.floor((i % 10) / 2), half = i % 2 === 1;
    const v = values[shade]!, s = half ? 0.5 : 1;
    const f = (n: number) => { const k = (n + hue / 60) % 6; return Math.round(v * (1 - s * Math.max(0, Math.min(k, 4 - k, 1)))); };
    out.push([f(5), f(3), f(1)]);
  }
  out.push([51, 51, 51], [80, 80, 80], [105, 105, 105], [130, 130, 130], [190, 190, 190], [255, 255, 255]);
  return out;
})();

/**
 * The ACI nearest a colour (squared RGB distance). Black and white are both ACI 7, which CAD draws black on a
 * white sheet and white on a black screen: the usual choice for "black" lines.
 */
export function nearestAci(rgb: Rgb): number {
  if (Math.max(...rgb) < 40) return 7;
  let best = 7, dist = Infinity;
  for (let i = 1; i <= 255; i++) {
    if (i === 7) continue;
    const p = ACI_PALETTE[i]!;
    const d = (p[0] - rgb[0]) ** 2 + (p[1] - rgb[1]) ** 2 + (p[2] - rgb[2]) ** 2;
    if (d < dist) { dist = d; best = i; }
  }
  return best;
}

export function rgbOfHex(hex: string): Rgb {
  const c = Number.parseInt(hex.replace('#', ''), 16);
  return [(c >> 16) & 255, (c >> 8) & 255, c & 255];
}

/** Symbols of the line types within a branch (GESUT code list TYP_PRZEWODU), by branch and type. */
export const TYPE_SYMBOLS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  k: { sanitarna: 's', deszczowa: 'd', 'ogólnospławna': 'o' },
  g: { niskie: 'n', 'średnie': 'ś', 'podwyższone średnie': 'ps', wysokie: 'w' },
  e: { nn: 'nN', SN: 'SN', WN: 'WN', 'oświetleniowa': 'o' },
  c: { wysokoparametrowa: 'w', niskoparametrowa: 'n' },
  t: { kablowa: '', 'światłowodowa': 'ś' },
};

/** A utility line's label as the base map writes it: branch symbol + type symbol + diameter, e.g. "w150", "kd300". */
export function networkLabel(p: Record<string, unknown>): string {
  const A = CARTO_ATTRIBUTES;
  const branch = String(p[A.branch] ?? '');
  if (!branch) return '';
  const type = TYPE_SYMBOLS[branch]?.[String(p[A.lineType] ?? '')] ?? '';
  const d = Number(p[A.diameter]);
  return `${branch}${type}${Number.isFinite(d) && d > 0 ? Math.round(d) : ''}`;
}

/** Function symbols of buildings by KŚT kind (group 1 of the KŚT 2016). */
export const BUILDING_SYMBOLS: Readonly<Record<string, string>> = {
  '110': 'm', // mieszkalny
  '101': 'p', // przemysłowy
  '102': 't', // transportu i łączności
  '103': 'h', // handlowo-usługowy
  '104': 's', // zbiorniki, silosy, magazyny
  '105': 'b', // biurowy
  '106': 'z', // szpitali i opieki zdrowotnej
  '107': 'k', // oświaty, nauki, kultury i sportu
  '108': 'g', // gospodarczy dla rolnictwa
  '109': 'i', // inny niemieszkalny
};

/** A building's label: function symbol + storeys above ground, e.g. "m4". */
export function buildingLabel(p: Record<string, unknown>): string {
  const A = CARTO_ATTRIBUTES;
  const symbol = BUILDING_SYMBOLS[String(p[A.buildingKind] ?? '')] ?? '';
  const storeys = Number(p[A.storeys]);
  return `${symbol}${Number.isFinite(storeys) && storeys > 0 ? storeys : ''}`;
}

/**
 * A label written from several attributes by the grammar above, as SQL over the layer's table (alias t; the values
 * are constants of this module, the names quoted identifiers): drawn by the WMS and computed into the vector tiles as
 * LABEL_TEXT_PROPERTY. `attributes` must all be visible to the role.
 */
export interface LabelText { attributes: readonly string[]; sql: string }

/**
 * The vector-tile property that carries a composed label's text, computed by the same SQL as the WMS label (one
 * rule, one text everywhere). The MapLibre style shows it with a plain ['get', …]: every style reader converts that
 * (QGIS 3.22's converter does not know to-string/concat/match over computed keys).
 */
export const LABEL_TEXT_PROPERTY = 'etykieta';

const col = (name: string) => `t."${name.replace(/"/g, '""')}"`;
const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

function networkLabelText(): LabelText {
  const A = CARTO_ATTRIBUTES;
  const typeCase = Object.entries(TYPE_SYMBOLS).map(([b, types]) =>
    `WHEN ${lit(b)} THEN CASE ${col(A.lineType)}::text ${Object.entries(types).map(([t, s]) => `WHEN ${lit(t)} THEN ${lit(s)}`).join(' ')} END`).join(' ');
  return {
    attributes: [A.branch, A.lineType, A.diameter],
    sql: `${col(A.branch)}::text || coalesce(CASE ${col(A.branch)}::text ${typeCase} END, '')`
      + ` || coalesce(CASE WHEN ${col(A.diameter)} > 0 THEN round(${col(A.diameter)})::bigint::text END, '')`,
  };
}

function buildingLabelText(): LabelText {
  const A = CARTO_ATTRIBUTES;
  return {
    attributes: [A.buildingKind, A.storeys],
    sql: `coalesce(CASE ${col(A.buildingKind)}::text ${Object.entries(BUILDING_SYMBOLS).map(([k, s]) => `WHEN ${lit(k)} THEN ${lit(s)}`).join(' ')} END, '')`
      + ` || coalesce(CASE WHEN ${col(A.storeys)} > 0 THEN ${col(A.storeys)}::text END, '')`,
  };
}

/** "w150", "kd300": utility lines at 1:500–1:1000. */
export const NETWORK_LABEL: LabelText = networkLabelText();
/** "m4": buildings. */
export const BUILDING_LABEL: LabelText = buildingLabelText();
