// THE layer catalogue: every published layer once. WFS, OGC API, WMS, tiles, legends and the portals read it.
// Attribute types and long descriptions come from the database (column types and COMMENTs), not from here.
// Styles are data here too: colours, per-value rules (styles.ts), paint order (zIndex) and label typography.
import type { AttributeSpec, LabelSpec, LayerSpec, StyleRule, StyleSpec, Text } from './types.ts';
import { BUILDING_LABEL, CARTO_ATTRIBUTES, NETWORK_LABEL } from './cartography.ts';
import { PERSONAL_DATA_ROLES } from './roles.ts';
import { BRANZA, KST, OFU, codeNameSql } from '../domain/code-lists.ts';
import { BRANCHES, BRANCH_RULES, branchColumn, BUILDING_RULES, CENTRE, DEVICE_RULES, LAND_USE_RULES, LINE_MODIFIERS, PARCEL_RULES, SHEET_RULES } from './styles.ts';

const EGIB: Text = { pl: 'Ewidencja gruntów i budynków (EGiB)', en: 'Land and building register (EGiB)' };
const GESUT: Text = { pl: 'Sieci uzbrojenia terenu (GESUT)', en: 'Utility networks (GESUT)' };
const SIP: Text = { pl: 'System informacji przestrzennej (SIP)', en: 'Spatial information system (SIP)' };

/** Who sees the survey registers (boundary and control points): surveyors and the office (issue 18). */
const SURVEY_ROLES = ['geodeta', 'pracownik', 'admin'] as const;

const VERSION: AttributeSpec = { name: 'poczatekWersjiObiektu', title: { pl: 'Początek wersji obiektu', en: 'Version start' } };

/** Owners of a parcel as one text: personal data, only for the roles entitled to it. */
const OWNERS: AttributeSpec = {
  name: 'wlasciciele',
  title: { pl: 'Właściciele i władający', en: 'Owners and holders' },
  roles: PERSONAL_DATA_ROLES,
  type: 'string',
  sql: `(SELECT string_agg(coalesce(w."nazwa", w."imie" || ' ' || w."nazwisko") || ' (' || u."rodzajPrawa" || ' '
          || u."licznik" || '/' || u."mianownik" || ')', '; ' ORDER BY w.id)
         FROM egib.udzialy_wlasnosci u JOIN egib.wlasciciele w ON w.id = u."idPodmiotu" WHERE u."idDzialki" = t."idDzialki")`,
};

export { BRANCHES } from './styles.ts';

/** A code's name from its code list, computed in SQL so that every protocol carries it beside the code. */
const nameOf = (name: string, column: string, codes: Parameters<typeof codeNameSql>[1], title: Text): AttributeSpec =>
  ({ name, title, type: 'string', sql: codeNameSql(`t.${JSON.stringify(column)}`, codes) });

const BRANCH_NAME = nameOf('nazwaBranzy', 'branza', BRANZA, { pl: 'Branża', en: 'Network branch' });

// Names after the GESUT application schema of 2021 (docs/model-2021.md): branza as the branch code, status and
// eksploatacja apart, the type within the branch, wladajacy.
const LINE_ATTRIBUTES: readonly AttributeSpec[] = [
  { name: 'idPrzewodu', title: { pl: 'Identyfikator przewodu', en: 'Line identifier' } },
  { name: 'branza', title: { pl: 'Branża (kod)', en: 'Branch (code)' } },
  BRANCH_NAME,
  { name: 'typ', title: { pl: 'Rodzaj w branży', en: 'Type within the branch' } },
  { name: 'funkcja', title: { pl: 'Funkcja', en: 'Function' } },
  { name: 'srednica', title: { pl: 'Średnica [mm]', en: 'Diameter [mm]' } },
  { name: 'material', title: { pl: 'Materiał', en: 'Material' } },
  { name: 'wladajacy', title: { pl: 'Władający', en: 'Operator' } },
  { name: 'status', title: { pl: 'Status', en: 'Status' } },
  { name: 'eksploatacja', title: { pl: 'Eksploatacja', en: 'Operation' } },
  { name: 'przebieg', title: { pl: 'Przebieg', en: 'Placement' } },
  { name: 'glebokosc', title: { pl: 'Głębokość [m]', en: 'Depth [m]' } },
  { name: 'numerSprawyKoordynacyjnej', title: { pl: 'Numer sprawy koordynacyjnej', en: 'Coordination case number' } },
  VERSION,
];

/** Utility lines: the branch colour, width by function and dash by status from the rules. */
const lineStyle = (colour: string, rules: readonly StyleRule[], dash?: readonly number[]): StyleSpec =>
  ({ stroke: colour, strokeWidth: 1.5, ...(dash ? { dash: [...dash] } : {}), zIndex: 50, rules, label: networkLabelSpec(colour === '#333333' ? '#222222' : colour) });

/**
 * The label of utility lines as the base map writes it ("w150", "kd300": cartography.ts), along the line at
 * 1:500–1:1000 (the scales of the base map's network detail), in the branch's colour.
 */
function networkLabelSpec(colour: string): LabelSpec {
  return {
    attribute: CARTO_ATTRIBUTES.branch, text: NETWORK_LABEL, alongLine: true, maxScale: 1_000, size: 9, colour, halo: '#ffffff',
    priority: 35, offsets: [[0, -6], [0, 6]], minRadius: 50,
  };
}

/**
 * The temporal property of every layer that carries the object's version start (poczatekWersjiObiektu, the
 * lifecycle attribute of the official EGiB/GESUT/BDOT data models): what OGC API `datetime` filters on.
 */
const withTemporal = (specs: readonly LayerSpec[]): readonly LayerSpec[] =>
  specs.map((s) => (s.attributes.includes(VERSION) ? { ...s, temporal: VERSION.name } : s));

/** The soil classification of EGB_Klasouzytek and EGB_KonturKlasyfikacyjny (EGiB 2021 model): OZU and OZK. */
const SOIL_CLASS: readonly AttributeSpec[] = [
  { name: 'OZU', title: { pl: 'Zaliczenie do użytku (OZU)', en: 'Soil use class (OZU)' } },
  { name: 'OZK', title: { pl: 'Klasa bonitacyjna (OZK)', en: 'Soil quality class (OZK)' } },
];

const CATALOGUE = [
  {
    namespace: 'egib', name: 'obreby', group: EGIB,
    title: { pl: 'Obręby ewidencyjne', en: 'Cadastral districts' },
    abstract: { pl: 'Obręby ewidencyjne jednostki ewidencyjnej Poznań (306401_1).', en: 'Cadastral districts of the Poznań cadastral unit (306401_1).' },
    table: 'egib.obreby', key: 'id', geometry: { column: 'geom', type: 'MultiPolygon' },
    attributes: [
      { name: 'idObrebu', title: { pl: 'Identyfikator obrębu', en: 'District identifier' } },
      { name: 'nazwaObrebu', title: { pl: 'Nazwa obrębu', en: 'District name' } },
      VERSION,
    ],
    style: {
      stroke: '#000000', strokeWidth: 2.5, dash: [12, 4, 2, 4], zIndex: 80,
      // The district's name once per district (tiles: at one point of it, not in every tile it crosses), from 1:25000.
      label: { attribute: 'nazwaObrebu', maxScale: 25_000, size: 14, bold: true, colour: '#222222', halo: '#ffffff', priority: 100, offsets: CENTRE, minRadius: 20, once: true },
    },
    scale: { max: 100_000 },
    keywords: ['EGiB', 'obręby', 'cadastral districts'],
    search: { as: 'district', attributes: { id: 'idObrebu', name: 'nazwaObrebu' } },
    mapSheet: true,
    serviceExtent: true,
  },
  {
    namespace: 'egib', name: 'dzialki', group: EGIB,
    title: { pl: 'Działki ewidencyjne', en: 'Cadastral parcels' },
    abstract: { pl: 'Działki ewidencyjne z numerem, księgą wieczystą i polem ewidencyjnym. Dane o właścicielach tylko dla uprawnionych.',
      en: 'Cadastral parcels with number, land-register number and registered area. Owners only for entitled roles.' },
    table: 'egib.dzialki', key: 'id', geometry: { column: 'geom', type: 'MultiPolygon' },
    attributes: [
      { name: 'idDzialki', title: { pl: 'Identyfikator działki', en: 'Parcel identifier' } },
      { name: 'numerDzialki', title: { pl: 'Numer działki', en: 'Parcel number' } },
      { name: 'idObrebu', title: { pl: 'Obręb', en: 'District' } },
      { name: 'numerArkusza', title: { pl: 'Arkusz mapy (AR)', en: 'Map sheet (AR)' } },
      { name: 'numerKW', title: { pl: 'Numer księgi wieczystej', en: 'Land-register number' } },
      { name: 'poleEwidencyjne', title: { pl: 'Pole ewidencyjne [ha]', en: 'Registered area [ha]' } },
      { name: 'JRG', title: { pl: 'Jednostka rejestrowa gruntów', en: 'Land register unit' } },
      { name: 'powierzchniaGeometryczna', title: { pl: 'Powierzchnia geometryczna [m²]', en: 'Geometric area [m²]' } },
      { name: 'polozenie', title: { pl: 'Położenie', en: 'Location' } },
      VERSION,
      OWNERS,
    ],
    style: {
      stroke: '#000000', strokeWidth: 0.8, zIndex: 30, rules: PARCEL_RULES,
      label: { attribute: 'numerDzialki', maxScale: 2_500, size: 11, colour: '#000000', halo: '#ffffff', priority: 60, offsets: CENTRE, minRadius: 5 },
    },
    scale: { max: 25_000 },
    // On the web map parcels start at zoom 13 (1:20 800 at Poznań): a zoom-12 tile (about 6 km square) held 39,000
    // parcels, 0.86 MB gzip with the buildings, and at 1:25 000 a 30 m parcel is a 1.2 mm cell of a grey mesh.
    tileMinZoom: 13,
    keywords: ['EGiB', 'działki', 'parcels', 'cadastre'],
    search: { as: 'parcel', attributes: { id: 'idDzialki', number: 'numerDzialki', district: 'idObrebu', sheet: 'numerArkusza', landRegister: 'numerKW', location: 'polozenie' } },
    threed: ['parcels', 'baseMap'],
    mapSheet: true,
  },
  {
    namespace: 'egib', name: 'budynki', group: EGIB,
    title: { pl: 'Budynki', en: 'Buildings' },
    abstract: { pl: 'Budynki ewidencyjne z rodzajem wg KŚT, liczbą kondygnacji i adresem.', en: 'Registered buildings with KŚT class, storeys and address.' },
    table: 'egib.budynki', key: 'id', geometry: { column: 'geom', type: 'MultiPolygon' },
    attributes: [
      { name: 'idBudynku', title: { pl: 'Identyfikator budynku', en: 'Building identifier' } },
      { name: 'idDzialki', title: { pl: 'Działka', en: 'Parcel' } },
      { name: 'rodzajWgKST', title: { pl: 'Rodzaj wg KŚT (kod)', en: 'Class (KŚT code)' } },
      nameOf('nazwaRodzajuWgKST', 'rodzajWgKST', KST, { pl: 'Rodzaj wg KŚT', en: 'Class (KŚT)' }),
      { name: 'liczbaKondygnacjiNadziemnych', title: { pl: 'Kondygnacje nadziemne', en: 'Storeys above ground' } },
      { name: 'liczbaKondygnacjiPodziemnych', title: { pl: 'Kondygnacje podziemne', en: 'Storeys below ground' } },
      { name: 'powZabudowy', title: { pl: 'Powierzchnia zabudowy [m²]', en: 'Built-up area [m²]' } },
      { name: 'lacznaPowUzytkowaLokaliWyodrebnionych', title: { pl: 'Pow. użytkowa lokali wyodrębnionych [m²]', en: 'Usable area of separate units [m²]' } },
      { name: 'lacznaPowUzytkowaLokaliNiewyodrebnionych', title: { pl: 'Pow. użytkowa lokali niewyodrębnionych [m²]', en: 'Usable area of other units [m²]' } },
      { name: 'statusBudynku', title: { pl: 'Status', en: 'Status' } },
      { name: 'rokZakonczeniaBudowy', title: { pl: 'Rok zakończenia budowy', en: 'Year completed' } },
      { name: 'ulica', title: { pl: 'Ulica', en: 'Street' } },
      { name: 'numerPorzadkowy', title: { pl: 'Numer porządkowy', en: 'House number' } },
      VERSION,
    ],
    style: {
      fill: '#e9c9b8', fillOpacity: 1, stroke: '#6b2d1f', strokeWidth: 1, zIndex: 20, rules: BUILDING_RULES,
      // Function symbol + storeys ("m4"), as the base map labels buildings (cartography.ts).
      label: { attribute: CARTO_ATTRIBUTES.buildingKind, text: BUILDING_LABEL, maxScale: 1_500, size: 9, colour: '#4a1d12', halo: '#f7e6dc', priority: 40, offsets: [[0, 0], [0, 10], [0, -10]], minRadius: 4 },
    },
    scale: { max: 25_000 },
    keywords: ['EGiB', 'budynki', 'buildings'],
    search: { as: 'building', attributes: { id: 'idBudynku', parcel: 'idDzialki', street: 'ulica', houseNumber: 'numerPorzadkowy' } },
    threed: ['buildings'],
    mapSheet: true,
  },
  {
    namespace: 'egib', name: 'kontury_uzytkow', group: EGIB,
    title: { pl: 'Użytki gruntowe (klasoużytki)', en: 'Land use (land-use and soil classes)' },
    abstract: { pl: 'Klasoużytki działek (EGB_Klasouzytek): forma użytkowania (OFU), klasyfikacja gleboznawcza (OZU, OZK) i pole powierzchni w ha.',
      en: 'Land-use pieces of parcels (EGB_Klasouzytek): land-use form (OFU), soil classification (OZU, OZK) and area in ha.' },
    table: 'egib.kontury_uzytkow', key: 'id', geometry: { column: 'geom', type: 'MultiPolygon' },
    attributes: [
      { name: 'idKonturu', title: { pl: 'Identyfikator konturu', en: 'Contour identifier' } },
      { name: 'idDzialki', title: { pl: 'Działka', en: 'Parcel' } },
      { name: 'OFU', title: { pl: 'Forma użytkowania (OFU)', en: 'Land use (OFU)' } },
      nameOf('nazwaOFU', 'OFU', OFU, { pl: 'Forma użytkowania', en: 'Land use' }),
      ...SOIL_CLASS,
      { name: 'oznaczenieKlasouzytku', title: { pl: 'Klasoużytek', en: 'Land-use and soil class' }, type: 'string',
        sql: `(t."OFU" || CASE WHEN t."OZU" IS NULL THEN '' WHEN t."OZU" = t."OFU" THEN t."OZK" ELSE '-' || t."OZU" || t."OZK" END)` },
      { name: 'powierzchnia', title: { pl: 'Pole powierzchni [ha]', en: 'Area [ha]' } },
      VERSION,
    ],
    style: {
      stroke: '#2e8b57', strokeWidth: 0.8, dash: [4, 3], zIndex: 10, rules: LAND_USE_RULES,
      label: { attribute: 'OFU', maxScale: 2_000, size: 10, italic: true, colour: '#1f6b3d', halo: '#ffffff', priority: 20, offsets: [[0, 15], [0, -15], [0, 0]], minRadius: 9 },
    },
    scale: { max: 10_000 },
    keywords: ['EGiB', 'użytki gruntowe', 'klasoużytki', 'land use'],
    threed: ['baseMap'],
    mapSheet: true,
  },
  {
    namespace: 'egib', name: 'kontury_klasyfikacyjne', group: EGIB,
    title: { pl: 'Kontury klasyfikacyjne', en: 'Soil classification contours' },
    abstract: { pl: 'Kontury klasyfikacyjne (EGB_KonturKlasyfikacyjny): oznaczenie zaliczenia do użytku (OZU) i klasa bonitacyjna (OZK).',
      en: 'Soil classification contours (EGB_KonturKlasyfikacyjny): soil use class (OZU) and quality class (OZK).' },
    table: 'egib.kontury_klasyfikacyjne', key: 'id', geometry: { column: 'geom', type: 'MultiPolygon' },
    attributes: [
      { name: 'idKonturu', title: { pl: 'Identyfikator konturu', en: 'Contour identifier' } },
      { name: 'idObrebu', title: { pl: 'Obręb', en: 'District' } },
      ...SOIL_CLASS,
      VERSION,
    ],
    style: {
      stroke: '#7a5c1e', strokeWidth: 0.8, dash: [2, 2], zIndex: 12,
      label: { attribute: 'OZK', maxScale: 2_000, size: 10, italic: true, colour: '#7a5c1e', halo: '#ffffff', priority: 15, offsets: CENTRE, minRadius: 9 },
    },
    scale: { max: 10_000 },
    keywords: ['EGiB', 'klasyfikacja gleboznawcza', 'soil classification'],
  },
  {
    // The boundary points (EGB_PunktGraniczny, sql/051): for surveyors and the office (the material package of a
    // survey-work notification, issue 18); their codes are in domain/code-lists.ts (PUNKT_SPD, PUNKT_STB, PUNKT_RZG).
    namespace: 'egib', name: 'punkty_graniczne', group: EGIB, roles: SURVEY_ROLES,
    title: { pl: 'Punkty graniczne', en: 'Boundary points' },
    abstract: { pl: 'Punkty graniczne (EGB_PunktGraniczny): identyfikator, sposób pozyskania (SPD), spełnienie warunków dokładnościowych (STB), rodzaj stabilizacji, operat źródłowy.',
      en: 'Boundary points (EGB_PunktGraniczny): identifier, acquisition method (SPD), accuracy condition (STB), monumentation, source survey report.' },
    table: 'egib.punkty_graniczne', key: 'id', geometry: { column: 'geom', type: 'Point' },
    attributes: [
      { name: 'idPunktu', title: { pl: 'Identyfikator punktu', en: 'Point identifier' } },
      { name: 'sposobPozyskania', title: { pl: 'Sposób pozyskania (SPD)', en: 'Acquisition method (SPD)' } },
      { name: 'spelnienieWarunkowDokl', title: { pl: 'Warunki dokładnościowe (STB)', en: 'Accuracy condition (STB)' } },
      { name: 'rodzajStabilizacji', title: { pl: 'Rodzaj stabilizacji', en: 'Monumentation' } },
      { name: 'oznWMaterialeZrodlowym', title: { pl: 'Oznaczenie w materiale źródłowym', en: 'Label in the source' } },
      { name: 'numerOperatuTechnicznego', title: { pl: 'Operat techniczny', en: 'Survey report' } },
      { name: 'dodatkoweInformacje', title: { pl: 'Dodatkowe informacje', en: 'Notes' } },
      VERSION,
    ],
    style: { fill: '#ffffff', stroke: '#6b2d1f', strokeWidth: 1, radius: 2, zIndex: 85 },
    scale: { max: 2_000 },
    keywords: ['EGiB', 'punkty graniczne', 'boundary points'],
  },
  {
    namespace: 'gesut', name: 'przewody', group: GESUT,
    title: { pl: 'Przewody (wszystkie branże)', en: 'Utility lines (all branches)' },
    abstract: { pl: 'Przewody sieci uzbrojenia terenu wszystkich branż.', en: 'Utility lines of all network branches.' },
    table: 'gesut.przewody', key: 'id', geometry: { column: 'geom', type: 'LineString' },
    attributes: LINE_ATTRIBUTES,
    style: lineStyle('#333333', [...BRANCH_RULES, ...LINE_MODIFIERS]),
    scale: { max: 10_000 },
    keywords: ['GESUT', 'uzbrojenie terenu', 'utilities'],
    threed: ['networks'],
  },
  ...BRANCHES.map((b) => ({
    namespace: 'gesut', name: b.name, group: GESUT,
    title: { pl: b.pl, en: b.en },
    abstract: { pl: `${b.pl}: przewody z GESUT.`, en: `${b.en}: utility lines from GESUT.` },
    table: 'gesut.przewody', key: 'id', geometry: { column: 'geom', type: 'LineString' },
    where: { column: branchColumn(b), value: b.value },
    attributes: LINE_ATTRIBUTES,
    style: lineStyle(b.colour, LINE_MODIFIERS),
    scale: { max: 10_000 },
    keywords: ['GESUT', b.pl, b.en],
    mapSheet: true,
  }) as const satisfies LayerSpec),
  {
    namespace: 'gesut', name: 'urzadzenia', group: GESUT,
    title: { pl: 'Urządzenia sieci', en: 'Network devices' },
    abstract: { pl: 'Hydranty, zasuwy, studzienki, wpusty, stacje transformatorowe i inne urządzenia sieci.', en: 'Hydrants, valves, manholes, inlets, transformer stations and other devices.' },
    table: 'gesut.urzadzenia', key: 'id', geometry: { column: 'geom', type: 'Point' },
    attributes: [
      { name: 'idUrzadzenia', title: { pl: 'Identyfikator urządzenia', en: 'Device identifier' } },
      { name: 'branza', title: { pl: 'Branża (kod)', en: 'Branch (code)' } },
      BRANCH_NAME,
      { name: 'rodzajUrzadzenia', title: { pl: 'Rodzaj urządzenia', en: 'Device type' } },
      { name: 'wladajacy', title: { pl: 'Władający', en: 'Operator' } },
      { name: 'status', title: { pl: 'Status', en: 'Status' } },
      { name: 'eksploatacja', title: { pl: 'Eksploatacja', en: 'Operation' } },
      VERSION,
    ],
    style: { stroke: '#333333', strokeWidth: 1, fill: '#ffffff', radius: 3, zIndex: 60, rules: DEVICE_RULES },
    scale: { max: 5_000 },
    keywords: ['GESUT', 'urządzenia', 'devices'],
    mapSheet: true,
  },
  {
    namespace: 'sip', name: 'budynki_projektowane', group: SIP,
    title: { pl: 'Budynki projektowane', en: 'Planned buildings' },
    abstract: { pl: 'Budynki projektowane rejestrowane na podstawie pozwoleń na budowę.', en: 'Planned buildings registered from building permits.' },
    table: 'sip.budynki_projektowane', key: 'id', geometry: { column: 'geom', type: 'MultiPolygon' },
    attributes: [
      { name: 'numerPozwolenia', title: { pl: 'Numer pozwolenia', en: 'Permit number' } },
      { name: 'dataPozwolenia', title: { pl: 'Data pozwolenia', en: 'Permit date' } },
      { name: 'organWydajacy', title: { pl: 'Organ wydający', en: 'Issuing authority' } },
      { name: 'rodzajInwestora', title: { pl: 'Rodzaj inwestora', en: 'Investor type' } },
      { name: 'nazwaInwestycji', title: { pl: 'Nazwa inwestycji', en: 'Project name' } },
      { name: 'funkcja', title: { pl: 'Funkcja (kod KŚT)', en: 'Use (KŚT code)' } },
      nameOf('nazwaFunkcji', 'funkcja', KST, { pl: 'Funkcja (KŚT)', en: 'Use (KŚT)' }),
      { name: 'liczbaKondygnacjiNadziemnych', title: { pl: 'Kondygnacje nadziemne', en: 'Storeys above ground' } },
      { name: 'liczbaKondygnacjiPodziemnych', title: { pl: 'Kondygnacje podziemne', en: 'Storeys below ground' } },
      { name: 'wysokosc', title: { pl: 'Wysokość [m]', en: 'Height [m]' } },
      { name: 'rzednaTerenu', title: { pl: 'Rzędna terenu [m]', en: 'Ground height [m]' } },
      { name: 'rodzajDachu', title: { pl: 'Rodzaj dachu', en: 'Roof type' } },
      { name: 'idDzialki', title: { pl: 'Działka', en: 'Parcel' } },
      { name: 'status', title: { pl: 'Stan inwestycji', en: 'Status' } },
      VERSION,
    ],
    style: { fill: '#d63384', fillOpacity: 0.35, stroke: '#a0105c', strokeWidth: 1.5, dash: [6, 3], zIndex: 40 },
    scale: { max: 25_000 },
    keywords: ['SIP', 'pozwolenia na budowę', 'building permits'],
    threed: ['plannedBuildings'],
  },
  {
    namespace: 'sip', name: 'drzewa', group: SIP,
    title: { pl: 'Drzewa', en: 'Trees' },
    abstract: { pl: 'Inwentaryzacja zieleni: drzewa z gatunkiem, wysokością, średnicą korony i obwodem pnia.', en: 'Tree inventory: species, height, crown diameter and trunk circumference.' },
    table: 'sip.drzewa', key: 'id', geometry: { column: 'geom', type: 'Point' },
    attributes: [
      { name: 'numerInwentarzowy', title: { pl: 'Numer inwentarzowy', en: 'Inventory number' } },
      { name: 'gatunek', title: { pl: 'Gatunek', en: 'Species' } },
      { name: 'gatunekLacinski', title: { pl: 'Gatunek (łac.)', en: 'Species (Latin)' } },
      { name: 'wysokosc', title: { pl: 'Wysokość [m]', en: 'Height [m]' } },
      { name: 'srednicaKorony', title: { pl: 'Średnica korony [m]', en: 'Crown diameter [m]' } },
      { name: 'obwodPnia', title: { pl: 'Obwód pnia [cm]', en: 'Trunk circumference [cm]' } },
      { name: 'stanZdrowotny', title: { pl: 'Stan zdrowotny', en: 'Condition' } },
      VERSION,
    ],
    style: { fill: '#3a9d23', stroke: '#1e5b10', strokeWidth: 1, radius: 3.5, zIndex: 70 },
    scale: { max: 5_000 },
    keywords: ['SIP', 'zieleń', 'trees'],
    threed: ['trees'],
    mapSheet: true,
  },
  {
    // The detailed survey control network (sql/051), for surveyors and the office (issue 18).
    namespace: 'sip', name: 'punkty_osnowy', group: SIP, roles: SURVEY_ROLES,
    title: { pl: 'Punkty osnowy szczegółowej', en: 'Survey control points' },
    abstract: { pl: 'Punkty szczegółowej osnowy geodezyjnej: numer, rodzaj, klasa, stabilizacja, współrzędne x, y (PL-2000) i wysokość H (PL-EVRF2007-NH).',
      en: 'Detailed survey control points: number, kind, class, monumentation, x, y (PL-2000) and height H (PL-EVRF2007-NH).' },
    table: 'sip.punkty_osnowy', key: 'id', geometry: { column: 'geom', type: 'Point' },
    attributes: [
      { name: 'numer', title: { pl: 'Numer punktu', en: 'Point number' } },
      { name: 'rodzaj', title: { pl: 'Rodzaj osnowy', en: 'Network kind' } },
      { name: 'klasa', title: { pl: 'Klasa', en: 'Class' } },
      { name: 'rodzajStabilizacji', title: { pl: 'Rodzaj stabilizacji', en: 'Monumentation' } },
      { name: 'x', title: { pl: 'x [m]', en: 'x (northing) [m]' } },
      { name: 'y', title: { pl: 'y [m]', en: 'y (easting) [m]' } },
      { name: 'H', title: { pl: 'H [m]', en: 'H [m]' } },
      VERSION,
    ],
    style: { fill: '#ffffff', stroke: '#000000', strokeWidth: 1.2, radius: 4, zIndex: 88 },
    scale: { max: 5_000 },
    keywords: ['osnowa geodezyjna', 'control points'],
  },
  {
    // The sheet index of the base map (issue 7): a view generated over the extent of the data (sql/007).
    namespace: 'sip', name: 'arkusze', group: SIP,
    title: { pl: 'Podział arkuszowy PL-2000', en: 'PL-2000 map sheet index' },
    abstract: { pl: 'Arkusze mapy zasadniczej w układzie PL-2000 w skalach 1:10000, 1:5000, 1:2000, 1:1000 i 1:500 z godłami.',
      en: 'Base-map sheets of the PL-2000 system at 1:10000, 1:5000, 1:2000, 1:1000 and 1:500 with their names (godło).' },
    table: 'pl2000.arkusze', key: 'id', geometry: { column: 'geom', type: 'Polygon' },
    attributes: [
      { name: 'godlo', title: { pl: 'Godło arkusza', en: 'Sheet name' } },
      { name: 'skala', title: { pl: 'Skala (mianownik)', en: 'Scale denominator' } },
    ],
    style: {
      stroke: '#c0392b', strokeWidth: 1, zIndex: 90, rules: SHEET_RULES,
      label: { attribute: 'godlo', maxScale: 6_000, size: 11, bold: true, colour: '#c0392b', halo: '#ffffff', priority: 30, offsets: CENTRE, minRadius: 20 },
    },
    // The 1:10000 frames reach beyond the data and widen the service's extent: drawn out to the scale of that extent.
    scale: { max: 500_000 },
    keywords: ['PL-2000', 'arkusze', 'godło', 'map sheets'],
  },
] as const satisfies readonly LayerSpec[];

/** The published type name (namespace:name) of a catalogue entry. */
type TypeNameOf<L> = L extends { namespace: infer N extends string; name: infer M extends string } ? `${N}:${M}` : never;

/** Every published type name, from the list above: a name written elsewhere (portals.ts) that is not here fails tsc. */
export type LayerName = TypeNameOf<(typeof CATALOGUE)[number]>;

/** The list as the services read it. */
export const LAYERS: readonly LayerSpec[] = withTemporal(CATALOGUE);
