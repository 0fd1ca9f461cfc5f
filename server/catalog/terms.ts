// The terms on which each material is handed out (issue 17 item 7): free by law, or charged by the tariff and handed
// out only through an order with its DOO and licence. One table, as data, read by the services' capabilities
// (Fees, AccessConstraints), the OGC API's licence, the README's decision table (a test checks they agree) and the
// direct download surfaces (WFS GetFeature, OGC API items, extracts, sheets: DOWNLOAD_TERMS=tariff).
//
// The law: materials of the state geodetic and cartographic resource are handed out for a fee (art. 40a ust. 1
// ustawy z 17 maja 1989 r. – Prawo geodezyjne i kartograficzne, t.j. Dz.U. 2024 poz. 1151 ze zm.) by the annex's
// tables (server/fees/tariff.ts), with a licence (art. 40c), except what art. 40a ust. 2 makes free (parcels and
// buildings in the scope of identifiers and geometry (and the building's KŚT kind), the terrain model, …) and what the
// spatial-information act makes free (view services). The legal basis of every fee or exemption is the tariff row
// named here, so it is written once. The city's own SIP data (planned buildings from building permits, the tree
// inventory) are not materials of the resource: the city publishes them as open data.
import type { Text } from './types.ts';
import type { LayerName } from './layers.ts';
import { tariffRow } from '../fees/tariff.ts';

export type TermsId = 'view' | 'egib_podstawowe' | 'egib' | 'gesut' | 'osnowa' | 'mapa_zasadnicza' | 'nmt' | 'model3d' | 'sip' | 'dokumenty';

export interface MaterialTerms {
  id: TermsId;
  nazwa: Text;
  /** Where users get it. */
  where: Text;
  /** free: handed out directly; tariff: charged, only through an order (DOO, licence). */
  fee: 'free' | 'tariff';
  /** The tariff row holding the fee or exemption and its legal basis (server/fees/tariff.ts). */
  tariffRow?: string;
  /** The basis when no tariff row applies (the city's own data). */
  basis?: string;
}

const OPEN_DATA = 'ustawa z dnia 11 sierpnia 2021 r. o otwartych danych i ponownym wykorzystywaniu informacji sektora publicznego (Dz.U. 2023 poz. 1524 ze zm.); dane miasta spoza zasobu geodezyjnego';

export const TERMS: readonly MaterialTerms[] = [
  { id: 'view', fee: 'free', tariffRow: 'ZW.view',
    nazwa: { pl: 'Przeglądanie: mapy WMS, kafle, mapy portali, informacja o obiekcie, widok 3D', en: 'Viewing: WMS maps, tiles, the portals’ maps, feature info, the 3D view' },
    where: { pl: 'WMS, /tiles, portale, /widok-3d', en: 'WMS, /tiles, portals, /widok-3d' } },
  { id: 'egib_podstawowe', fee: 'free', tariffRow: 'ZW.egib_podstawowe',
    nazwa: { pl: 'Działki i budynki: identyfikatory, geometria, rodzaj budynku wg KŚT', en: 'Parcels and buildings: identifiers, geometry, KŚT building kind' },
    where: { pl: 'WFS, OGC API Features, pobieranie danych', en: 'WFS, OGC API Features, data downloads' } },
  { id: 'nmt', fee: 'free', tariffRow: 'ZW.nmt',
    nazwa: { pl: 'Numeryczny model terenu i pokrycia terenu', en: 'Terrain and surface models' },
    where: { pl: 'pobieranie danych (GeoTIFF), widok 3D', en: 'data downloads (GeoTIFF), 3D view' } },
  { id: 'model3d', fee: 'free', tariffRow: 'ZW.model3d',
    nazwa: { pl: 'Model 3D budynków (identyfikatory i geometria)', en: '3D building model (identifiers and geometry)' },
    where: { pl: '/3d (3D Tiles, CityJSON)', en: '/3d (3D Tiles, CityJSON)' } },
  { id: 'sip', fee: 'free', basis: OPEN_DATA,
    nazwa: { pl: 'Dane SIP miasta: budynki projektowane (z pozwoleń na budowę), inwentaryzacja drzew', en: 'The city’s SIP data: planned buildings (from permits), the tree inventory' },
    where: { pl: 'WFS, OGC API Features, pobieranie danych', en: 'WFS, OGC API Features, data downloads' } },
  { id: 'egib', fee: 'tariff', tariffRow: 'ZD.egib.ha',
    nazwa: { pl: 'Pozostałe dane EGiB: pole ewidencyjne, księga wieczysta, JRG, użytki, kontury klasyfikacyjne, punkty graniczne', en: 'Other EGiB data: registered area, land register, JRG, land use, soil classes, boundary points' },
    where: { pl: 'zamówienie (portal → Zamów, POST /api/orders)', en: 'an order (portal → Order, POST /api/orders)' } },
  { id: 'gesut', fee: 'tariff', tariffRow: 'ZD.gesut.ha',
    nazwa: { pl: 'Dane GESUT: przewody i urządzenia sieci uzbrojenia terenu', en: 'GESUT data: utility lines and devices' },
    where: { pl: 'zamówienie (portal → Zamów, POST /api/orders)', en: 'an order (portal → Order, POST /api/orders)' } },
  // Free by art. 40a ust. 2 pkt 1 lit. f (PRPOG) and lit. g (szczegółowe osnowy geodezyjne), checked against the text
  // of the act (t.j. Dz.U. 2023 poz. 1752, art. 40a; see server/fees/tariff.ts), and handed out without a licence
  // (art. 40c ust. 5). Earlier this said "tariff, table number unknown", which the act does not support.
  { id: 'osnowa', fee: 'free',
    basis: 'art. 40a ust. 2 pkt 1 lit. f i g ustawy Prawo geodezyjne i kartograficzne (t.j. Dz.U. 2023 poz. 1752): bez opłaty zbiory danych państwowego rejestru podstawowych osnów geodezyjnych, grawimetrycznych i magnetycznych oraz szczegółowych osnów geodezyjnych; bez licencji (art. 40c ust. 5)',
    nazwa: { pl: 'Punkty osnowy geodezyjnej', en: 'Survey control points' },
    where: { pl: 'WFS, OGC API Features, pobieranie danych; materiały do zgłoszenia prac geodezyjnych', en: 'WFS, OGC API Features, data downloads; the material package of a notified survey work' } },
  { id: 'mapa_zasadnicza', fee: 'tariff', tariffRow: 'MZ.arkusz.el',
    nazwa: { pl: 'Arkusze mapy zasadniczej (PDF, PNG, GeoTIFF)', en: 'Base map sheets (PDF, PNG, GeoTIFF)' },
    where: { pl: 'zamówienie (portal → Zamów, POST /api/orders)', en: 'an order (portal → Order, POST /api/orders)' } },
  { id: 'dokumenty', fee: 'tariff', tariffRow: 'T11.wypis.el',
    nazwa: { pl: 'Wypisy i wyrysy z ewidencji gruntów i budynków', en: 'Extracts from the land and building register (wypis, wyrys)' },
    where: { pl: 'zamówienie (portal → Zamów, POST /api/orders)', en: 'an order (portal → Order, POST /api/orders)' } },
];

/**
 * The material each published layer is, and for a layer that is partly free the attributes of its free part: a
 * parcel's identifier and geometry are free, its registered area and land register are not (art. 40a ust. 2 pkt 1
 * lit. i–j, via tariff row ZW.egib_podstawowe). A layer added to the catalogue fails tsc until it is classified here.
 */
export const LAYER_TERMS: Readonly<Record<LayerName, { terms: TermsId; free?: { terms: TermsId; attributes: readonly string[] } }>> = {
  'egib:obreby': { terms: 'egib_podstawowe' },
  'egib:dzialki': { terms: 'egib', free: { terms: 'egib_podstawowe', attributes: ['idDzialki', 'numerDzialki', 'idObrebu', 'numerArkusza'] } },
  'egib:budynki': { terms: 'egib', free: { terms: 'egib_podstawowe', attributes: ['idBudynku', 'idDzialki', 'rodzajWgKST'] } },
  'egib:kontury_uzytkow': { terms: 'egib' },
  'egib:kontury_klasyfikacyjne': { terms: 'egib' },
  'egib:punkty_graniczne': { terms: 'egib' },
  'gesut:przewody': { terms: 'gesut' },
  'gesut:przewody_wodociagowe': { terms: 'gesut' },
  'gesut:przewody_kanalizacyjne': { terms: 'gesut' },
  'gesut:przewody_deszczowe': { terms: 'gesut' },
  'gesut:przewody_inne': { terms: 'gesut' },
  'gesut:przewody_elektroenergetyczne': { terms: 'gesut' },
  'gesut:przewody_gazowe': { terms: 'gesut' },
  'gesut:przewody_cieplownicze': { terms: 'gesut' },
  'gesut:przewody_telekomunikacyjne': { terms: 'gesut' },
  'gesut:urzadzenia': { terms: 'gesut' },
  'sip:budynki_projektowane': { terms: 'sip' },
  'sip:drzewa': { terms: 'sip' },
  'sip:arkusze': { terms: 'view' },
  'sip:punkty_osnowy': { terms: 'osnowa' },
};

export function termsOf(id: TermsId): MaterialTerms {
  return TERMS.find((t) => t.id === id)!;
}

/** The legal basis of a material's terms, from its tariff row (act, provision, version) or its own basis. */
export function termsBasis(t: MaterialTerms): string {
  const row = t.tariffRow ? tariffRow(t.tariffRow) : undefined;
  if (row) return `${row.legalBasis.provision} – ${row.legalBasis.act} (wersja ${row.legalBasis.version})${row.verified ? '' : '; niezweryfikowane z tekstem aktu'}`;
  return t.basis ?? '';
}

const list = (ids: readonly MaterialTerms[], lang: 'pl' | 'en') => ids.map((t) => t.nazwa[lang]).join('; ');

/** The capabilities' Fees: what is free and why, what is charged and how to get it. */
export function feesText(): string {
  const free = TERMS.filter((t) => t.fee === 'free');
  const paid = TERMS.filter((t) => t.fee === 'tariff');
  return [
    `Bez opłaty: ${list(free, 'pl')} (art. 40a ust. 2 ustawy Prawo geodezyjne i kartograficzne; ustawa o infrastrukturze informacji przestrzennej; dane SIP miasta jako otwarte dane).`,
    `Odpłatnie według załącznika do ustawy Prawo geodezyjne i kartograficzne, wyłącznie przez zamówienie z Dokumentem Obliczenia Opłaty i licencją: ${list(paid, 'pl')}.`,
    `Free: ${list(free, 'en')}. Charged by the annex to the Geodetic and Cartographic Law, only through an order with its fee document (DOO) and licence: ${list(paid, 'en')}.`,
  ].join(' ');
}

/** The capabilities' AccessConstraints: the licence and the personal data rule. */
export function accessConstraintsText(): string {
  return [
    'Materiały państwowego zasobu geodezyjnego i kartograficznego udostępnia się na podstawie licencji (art. 40c ustawy Prawo geodezyjne i kartograficzne); korzystanie bez licencji lub z przekroczeniem jej zakresu podlega karze (art. 48a).',
    'Dane osobowe właścicieli i władających wyłącznie dla uprawnionych (geodeci, rzeczoznawcy majątkowi, komornicy sądowi, pracownicy ośrodka; RODO).',
    'Materials of the geodetic and cartographic resource are licensed (art. 40c); personal data of owners only for entitled users (GDPR).',
  ].join(' ');
}
