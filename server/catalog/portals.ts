// The six portals of the geodesy and cadastre office: one shared map, six views of it. Each portal names the
// catalogue layers it shows at first, the tools it offers and the texts it greets its users with; the web client
// and the download register read these, so a portal is described once, here.
import type { Role } from './roles.ts';
import type { Text } from './types.ts';
import type { LayerName } from './layers.ts';

export const PORTAL_IDS = ['klienci', 'geodeci', 'projektanci', 'rzeczoznawcy', 'komornicy', 'branzysci'] as const;
export type PortalId = (typeof PORTAL_IDS)[number];

/** The tools a portal page may offer (the client has one module per tool). */
export type PortalTool = 'search' | 'info' | 'measure' | 'sheets' | 'draw' | 'download' | 'order' | 'wms' | 'view3d';

/**
 * parcel: identifier or any part of it; building: identifier; street: address or street; register: land-register (KW)
 * number; owner: PESEL, REGON or name of an owner (only for the roles entitled to owners' data, roles.ts).
 */
export type SearchKind = 'parcel' | 'building' | 'street' | 'register' | 'owner';

export interface PortalSpec {
  id: PortalId;
  /** The role of the users this portal is for (what they may see once logged in). */
  role: Role;
  title: Text;
  /** Who it is for, one line on the landing page. */
  audience: Text;
  /** What it offers, a short paragraph. */
  description: Text;
  /** Layers (type names of the catalogue: a misspelt one fails tsc) shown when the portal opens; the others are in the layer tree, off. */
  layers: readonly LayerName[];
  tools: readonly PortalTool[];
  search: readonly SearchKind[];
  /** Accent colour of the portal's header (WCAG AA against white text). */
  accent: string;
  /** Map sheet scale offered by default when picking sheets (denominator). */
  sheetScale?: number;
  /** Scale denominator the map opens at, centred on the data; absent = the whole register area. */
  startScale?: number;
}

const EGIB_BASE: readonly LayerName[] = ['egib:obreby', 'egib:dzialki', 'egib:budynki'];

export const PORTALS: readonly PortalSpec[] = [
  {
    id: 'klienci', role: 'klient', accent: '#00558c',
    title: { pl: 'Klienci', en: 'Clients' },
    audience: { pl: 'Mieszkańcy, firmy i instytucje – na potrzeby własne', en: 'Residents, companies and institutions – for their own needs' },
    description: {
      pl: 'Publiczna mapa miasta: działki, budynki i zieleń. Wyszukiwanie działki lub adresu, pomiar odległości i powierzchni, zamawianie wypisów i wyrysów dla wskazanego obszaru.',
      en: 'The public city map: parcels, buildings and greenery. Find a parcel or an address, measure distances and areas, order extracts for a chosen area.',
    },
    layers: [...EGIB_BASE, 'sip:drzewa'],
    tools: ['search', 'info', 'measure', 'draw', 'download', 'order'],
    search: ['parcel', 'street', 'building', 'register'],
  },
  {
    id: 'geodeci', startScale: 4000, role: 'geodeta', accent: '#1d5e20',
    title: { pl: 'Geodeci', en: 'Surveyors' },
    audience: { pl: 'Wykonawcy prac geodezyjnych', en: 'Licensed surveyors' },
    description: {
      pl: 'Wszystko do prac terenowych: obręby, działki, budynki, kontury użytków, sieci uzbrojenia terenu, siatka arkuszy PL-2000. Wybór arkuszy i pobieranie materiałów zasobu.',
      en: 'Everything for field work: districts, parcels, buildings, land-use contours, utility networks and the PL-2000 sheet grid. Pick sheets and download resource material.',
    },
    layers: [...EGIB_BASE, 'egib:kontury_uzytkow', 'gesut:przewody', 'gesut:urzadzenia'],
    tools: ['search', 'info', 'measure', 'sheets', 'draw', 'download', 'order', 'wms'],
    search: ['parcel', 'building', 'street', 'register', 'owner'],
    sheetScale: 1000,
  },
  {
    id: 'projektanci', startScale: 4000, role: 'projektant', accent: '#6a1b7a',
    title: { pl: 'Projektanci', en: 'Designers' },
    audience: { pl: 'Projektanci i architekci', en: 'Designers and architects' },
    description: {
      pl: 'Mapa do celów projektowych: podkład z działek, budynków i sieci, budynki projektowane, wybór arkuszy 1:500 i 1:1000, widok 3D z analizą zacienienia.',
      en: 'A base map for design: parcels, buildings and networks, planned buildings, 1:500 and 1:1000 sheets, and the 3D view with a shadow study.',
    },
    layers: [...EGIB_BASE, 'gesut:przewody', 'sip:budynki_projektowane', 'sip:drzewa'],
    tools: ['search', 'info', 'measure', 'sheets', 'draw', 'download', 'order', 'wms', 'view3d'],
    search: ['parcel', 'street', 'building', 'register'],
    sheetScale: 500,
  },
  {
    id: 'rzeczoznawcy', role: 'rzeczoznawca', accent: '#8a4b00',
    title: { pl: 'Rzeczoznawcy majątkowi', en: 'Property appraisers' },
    audience: { pl: 'Rzeczoznawcy majątkowi', en: 'Licensed property appraisers' },
    description: {
      pl: 'Działki z numerami ksiąg wieczystych i powierzchnią, użytki gruntowe, atrybuty budynków: rok budowy, kondygnacje, powierzchnia zabudowy.',
      en: 'Parcels with land-register numbers and areas, land use, building attributes: year built, storeys, built-up area.',
    },
    layers: [...EGIB_BASE, 'egib:kontury_uzytkow'],
    tools: ['search', 'info', 'measure', 'draw', 'download', 'order'],
    search: ['parcel', 'register', 'street', 'building', 'owner'],
  },
  {
    id: 'komornicy', role: 'komornik', accent: '#7a1f1f',
    title: { pl: 'Komornicy', en: 'Bailiffs' },
    audience: { pl: 'Komornicy sądowi', en: 'Court bailiffs' },
    description: {
      pl: 'Wyszukiwanie działek i budynków według numeru księgi wieczystej, identyfikatora, obrębu i numeru lub adresu. Dane właścicieli widoczne wyłącznie po zalogowaniu na konto uprawnione.',
      en: 'Find parcels and buildings by land-register (KW) number, identifier, district and number or address. Owners are shown only to entitled, logged-in accounts.',
    },
    layers: [...EGIB_BASE],
    tools: ['search', 'info', 'measure', 'download', 'order'],
    search: ['register', 'parcel', 'building', 'street', 'owner'],
  },
  {
    id: 'branzysci', startScale: 4000, role: 'branzysta', accent: '#9c2b00',
    title: { pl: 'Branżyści', en: 'Utility-network firms' },
    audience: { pl: 'Gestorzy i projektanci sieci uzbrojenia terenu', en: 'Utility operators and network designers' },
    description: {
      pl: 'Sieci uzbrojenia terenu (GESUT) według branż: wodociągowa, kanalizacyjna, gazowa, elektroenergetyczna, telekomunikacyjna, ciepłownicza – istniejące i projektowane.',
      en: 'Utility networks (GESUT) by branch: water, sewage, gas, power, telecom, district heating – existing and planned.',
    },
    layers: ['egib:dzialki', 'egib:budynki', 'gesut:przewody', 'gesut:urzadzenia'],
    tools: ['search', 'info', 'measure', 'sheets', 'draw', 'download', 'order', 'wms'],
    search: ['street', 'parcel', 'building', 'register'],
    sheetScale: 500,
  },
];

export function portalById(id: string): PortalSpec | undefined {
  return PORTALS.find((p) => p.id === id);
}
