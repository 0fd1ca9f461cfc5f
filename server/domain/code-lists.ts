// The code lists of the EGiB and GESUT data models, with the names people read beside the codes.
// One module for the catalogue (styles, legends, name attributes), the info panels, 3D and the tests; the sources
// and the rename table of the 2021 model are in docs/model-2021.md.

/** One entry of a code list: the stored code and its name in Polish and English. */
export interface Code { readonly code: string; readonly pl: string; readonly en: string }

const list = (rows: readonly (readonly [string, string, string])[]): readonly Code[] =>
  rows.map(([code, pl, en]) => ({ code, pl, en }));

/**
 * OFU, oznaczenie formy użytkowania: the land-use forms of annex 6 to the EGiB regulation
 * (rozporządzenie MRPiT z 27 lipca 2021 r., Dz.U. 2021 poz. 1390), in the annex's order of groups.
 */
export const OFU: readonly Code[] = list([
  ['R', 'Grunty orne', 'Arable land'],
  ['S', 'Sady', 'Orchards'],
  ['Ł', 'Łąki trwałe', 'Permanent meadows'],
  ['Ps', 'Pastwiska trwałe', 'Permanent pastures'],
  ['Br', 'Grunty rolne zabudowane', 'Built-up agricultural land'],
  ['Wsr', 'Grunty pod stawami', 'Ponds'],
  ['W', 'Grunty pod rowami', 'Ditches'],
  ['Lzr', 'Grunty zadrzewione i zakrzewione na użytkach rolnych', 'Wooded agricultural land'],
  ['Ls', 'Lasy', 'Forests'],
  ['Lz', 'Grunty zadrzewione i zakrzewione', 'Wooded and shrub land'],
  ['B', 'Tereny mieszkaniowe', 'Residential land'],
  ['Ba', 'Tereny przemysłowe', 'Industrial land'],
  ['Bi', 'Inne tereny zabudowane', 'Other built-up land'],
  ['Bp', 'Zurbanizowane tereny niezabudowane lub w trakcie zabudowy', 'Undeveloped urban land'],
  ['Bz', 'Tereny rekreacyjno-wypoczynkowe', 'Recreational land'],
  ['K', 'Użytki kopalne', 'Mining land'],
  ['dr', 'Drogi', 'Roads'],
  ['Tk', 'Tereny kolejowe', 'Railway land'],
  ['Ti', 'Inne tereny komunikacyjne', 'Other transport land'],
  ['Tp', 'Grunty przeznaczone pod budowę dróg publicznych lub linii kolejowych', 'Land for planned roads and railways'],
  ['Wm', 'Grunty pod morskimi wodami wewnętrznymi', 'Inland sea waters'],
  ['Wp', 'Grunty pod wodami powierzchniowymi płynącymi', 'Flowing surface waters'],
  ['Ws', 'Grunty pod wodami powierzchniowymi stojącymi', 'Standing surface waters'],
  ['Tr', 'Tereny różne', 'Miscellaneous land'],
  ['N', 'Nieużytki', 'Wasteland'],
]);

/** OZU, oznaczenie zaliczenia do użytku (soil classification, annex 6 of the EGiB regulation 2021). */
export const OZU: readonly Code[] = list([
  ['R', 'Grunty orne', 'Arable land'],
  ['Ł', 'Łąki trwałe', 'Permanent meadows'],
  ['Ps', 'Pastwiska trwałe', 'Permanent pastures'],
  ['Ls', 'Lasy', 'Forests'],
  ['Lz', 'Grunty zadrzewione i zakrzewione', 'Wooded and shrub land'],
]);

/** OZK, oznaczenie klasy bonitacyjnej: IIIa–IVb only for arable land, VIz for the poorest (afforestation) soils. */
export const OZK: readonly Code[] = list([
  ['I', 'Klasa I', 'Class I'], ['II', 'Klasa II', 'Class II'], ['III', 'Klasa III', 'Class III'],
  ['IIIa', 'Klasa IIIa', 'Class IIIa'], ['IIIb', 'Klasa IIIb', 'Class IIIb'], ['IV', 'Klasa IV', 'Class IV'],
  ['IVa', 'Klasa IVa', 'Class IVa'], ['IVb', 'Klasa IVb', 'Class IVb'], ['V', 'Klasa V', 'Class V'],
  ['VI', 'Klasa VI', 'Class VI'], ['VIz', 'Klasa VIz', 'Class VIz'],
]);

/**
 * rodzajWgKST: the building kinds of group 1 of the Klasyfikacja Środków Trwałych (rozporządzenie Rady Ministrów
 * z 3 października 2016 r., Dz.U. 2016 poz. 1864), as the EGiB model records them.
 */
export const KST: readonly Code[] = list([
  ['101', 'Budynki przemysłowe', 'Industrial buildings'],
  ['102', 'Budynki transportu i łączności', 'Transport and communications buildings'],
  ['103', 'Budynki handlowo-usługowe', 'Commercial and service buildings'],
  ['104', 'Zbiorniki, silosy i budynki magazynowe', 'Tanks, silos and warehouses'],
  ['105', 'Budynki biurowe', 'Office buildings'],
  ['106', 'Budynki szpitali i zakładów opieki medycznej', 'Hospitals and care buildings'],
  ['107', 'Budynki oświaty, nauki i kultury oraz budynki sportowe', 'Education, science, culture and sport buildings'],
  ['108', 'Budynki produkcyjne, usługowe i gospodarcze dla rolnictwa', 'Agricultural buildings'],
  ['109', 'Pozostałe budynki niemieszkalne', 'Other non-residential buildings'],
  ['110', 'Budynki mieszkalne', 'Residential buildings'],
]);

/**
 * GESUT network branches: the code (the branch symbol of the base-map labels) and the name. The model has one
 * feature type per branch (GES_PrzewodWodociagowy, …, GES_PrzewodNiezidentyfikowany); the service keeps one table
 * with the branch as a code.
 */
export const BRANZA: readonly Code[] = list([
  ['w', 'Sieć wodociągowa', 'Water supply'],
  ['k', 'Sieć kanalizacyjna', 'Sewerage'],
  ['e', 'Sieć elektroenergetyczna', 'Power'],
  ['g', 'Sieć gazowa', 'Gas'],
  ['c', 'Sieć ciepłownicza', 'District heating'],
  ['t', 'Sieć telekomunikacyjna', 'Telecommunications'],
  ['s', 'Sieć specjalna', 'Special network'],
  ['x', 'Sieć niezidentyfikowana', 'Unidentified network'],
]);

/**
 * The type of a line within its branch (gesut.przewody.typ) with the short symbol base-map labels append to the
 * branch symbol (e.g. kd = kanalizacja deszczowa, gś = gaz średniego ciśnienia, eSN = średnie napięcie).
 */
export const TYP_PRZEWODU: Readonly<Record<string, readonly (Code & { symbol: string })[]>> = {
  k: [
    { code: 'sanitarna', symbol: 's', pl: 'kanalizacja sanitarna', en: 'foul sewer' },
    { code: 'deszczowa', symbol: 'd', pl: 'kanalizacja deszczowa', en: 'storm sewer' },
    { code: 'ogólnospławna', symbol: 'o', pl: 'kanalizacja ogólnospławna', en: 'combined sewer' },
  ],
  g: [
    { code: 'niskie', symbol: 'n', pl: 'niskiego ciśnienia', en: 'low pressure' },
    { code: 'średnie', symbol: 'ś', pl: 'średniego ciśnienia', en: 'medium pressure' },
    { code: 'podwyższone średnie', symbol: 'ps', pl: 'podwyższonego średniego ciśnienia', en: 'raised medium pressure' },
    { code: 'wysokie', symbol: 'w', pl: 'wysokiego ciśnienia', en: 'high pressure' },
  ],
  e: [
    { code: 'nn', symbol: 'nN', pl: 'niskiego napięcia', en: 'low voltage' },
    { code: 'SN', symbol: 'SN', pl: 'średniego napięcia', en: 'medium voltage' },
    { code: 'WN', symbol: 'WN', pl: 'wysokiego napięcia', en: 'high voltage' },
    { code: 'oświetleniowa', symbol: 'o', pl: 'oświetleniowa', en: 'street lighting' },
  ],
  c: [
    { code: 'wysokoparametrowa', symbol: 'w', pl: 'wysokoparametrowa', en: 'high-temperature' },
    { code: 'niskoparametrowa', symbol: 'n', pl: 'niskoparametrowa', en: 'low-temperature' },
  ],
  t: [
    { code: 'kablowa', symbol: '', pl: 'kablowa', en: 'cable' },
    { code: 'światłowodowa', symbol: 'ś', pl: 'światłowodowa', en: 'fibre optic' },
  ],
};

/** status (istnienie) and eksploatacja of GESUT objects: kept apart as the 2021 model keeps them. */
export const STATUS_GESUT: readonly Code[] = list([['istniejący', 'istniejący', 'existing'], ['projektowany', 'projektowany', 'planned']]);
export const EKSPLOATACJA: readonly Code[] = list([['czynny', 'czynny', 'in service'], ['nieczynny', 'nieczynny', 'disused']]);

/**
 * The boundary point's code lists (EGB_PunktGraniczny, annex 1 to the EGiB regulation of 2021, Dz.U. 2021 poz. 1390):
 * sposobPozyskania (SPD), spelnienieWarunkowDokl (STB), rodzajStabilizacji. The codes and names follow the model's
 * lists as the office's software writes them; NOT checked against the annex text here (sql/051 has the same list).
 */
export const PUNKT_SPD: readonly Code[] = list([
  ['1', 'pomiar terenowy', 'field survey'], ['2', 'pomiar fotogrametryczny', 'photogrammetry'], ['3', 'digitalizacja mapy', 'map digitising'],
  ['4', 'wektoryzacja mapy', 'map vectorisation'], ['5', 'przetworzenie danych archiwalnych', 'archival data'], ['6', 'inny', 'other'],
]);
export const PUNKT_STB: readonly Code[] = list([['1', 'spełnia warunki dokładnościowe', 'meets the accuracy condition'], ['2', 'nie spełnia warunków dokładnościowych', 'does not meet it']]);
export const PUNKT_RZG: readonly Code[] = list([
  ['1', 'niestabilizowany', 'not monumented'], ['2', 'znak z kamienia', 'stone marker'], ['3', 'słupek betonowy', 'concrete post'],
  ['4', 'rurka lub pręt metalowy', 'metal pipe or rod'], ['5', 'bolec lub trzpień', 'bolt or pin'], ['6', 'szczegół terenowy', 'terrain detail'], ['7', 'inny', 'other'],
]);

/** The code lists by the attribute that holds their codes: what an info panel looks a name up in. */
export const CODE_LISTS: Readonly<Record<string, readonly Code[]>> = {
  OFU, OZU, OZK, rodzajWgKST: KST, branza: BRANZA,
  sposobPozyskania: PUNKT_SPD, spelnienieWarunkowDokl: PUNKT_STB,
};

/** The name of a code ("110" → "Budynki mieszkalne"), or undefined when the list does not hold it. */
export function codeName(list: readonly Code[], code: string | null | undefined, lang: 'pl' | 'en' = 'pl'): string | undefined {
  if (code === null || code === undefined) return undefined;
  return list.find((c) => c.code === code)?.[lang];
}

/** "110 – Budynki mieszkalne": the code and its name, as an info panel shows them; the bare code if unknown. */
export function codeWithName(list: readonly Code[], code: string, lang: 'pl' | 'en' = 'pl'): string {
  const name = codeName(list, code, lang);
  return name ? `${code} – ${name}` : code;
}

/**
 * The designation of a klasoużytek as the register writes it: OFU, then for classified land OZU (when it differs
 * from OFU, after a hyphen) and OZK: "RIVa", "ŁIII", "S-RIIIa", "B-RIVb", or the bare OFU ("dr", "B").
 */
export function klasouzytek(ofu: string, ozu: string | null | undefined, ozk: string | null | undefined): string {
  if (!ozu || !ozk) return ofu;
  return ofu === ozu ? `${ofu}${ozk}` : `${ofu}-${ozu}${ozk}`;
}

/** SQL CASE giving a code's name (the catalogue's name attributes); codes and names are constants of this module. */
export function codeNameSql(column: string, codes: readonly Code[], lang: 'pl' | 'en' = 'pl'): string {
  const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;
  return `(CASE ${column} ${codes.map((c) => `WHEN ${q(c.code)} THEN ${q(c[lang])}`).join(' ')} END)`;
}
