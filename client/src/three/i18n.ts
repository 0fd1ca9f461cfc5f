// Texts of the 3D view in Polish (default) and English. The language itself (URL, stored choice, switching) is the
// portals' one (ui/i18n.ts), so a choice made in a portal holds in the 3D view and back.
import { lang as sharedLang, onLangChange, setLang, type Lang } from '../ui/i18n.ts';

export type { Lang };

const TEXTS: Record<string, { pl: string; en: string }> = {
  home: { pl: 'SIP Poznań', en: 'SIP Poznań' },
  title: { pl: 'Widok 3D miasta', en: '3D city view' },
  navigation: { pl: 'Nawigacja', en: 'Navigation' },
  orbit: { pl: 'Orbita', en: 'Orbit' },
  walk: { pl: 'Spacer', en: 'Walk' },
  orbitHint: { pl: 'Lewy przycisk: obrót, prawy: przesunięcie, kółko: przybliżenie. Kliknij obiekt, by zobaczyć atrybuty.', en: 'Left button: rotate, right: pan, wheel: zoom. Click an object for its attributes.' },
  walkHint: { pl: 'W/S/A/D lub strzałki: ruch, przeciągnij myszą: rozglądanie, Shift: bieg.', en: 'W/S/A/D or arrows: move, drag the mouse: look around, Shift: run.' },
  layers: { pl: 'Warstwy', en: 'Layers' },
  planned: { pl: 'Budynki projektowane', en: 'Planned buildings' },
  trees: { pl: 'Drzewa', en: 'Trees' },
  networks: { pl: 'Sieci uzbrojenia projektowane', en: 'Planned utility lines' },
  networksLegend: {
    pl: 'Przewody GESUT o statusie „projektowany” (uzgodnione na naradzie koordynacyjnej) na swojej głębokości pod terenem, w kolorze branży, widoczne przez teren; bladsze – głębokość nieznana, rysowane na 1 m.',
    en: 'GESUT lines with status “projektowany” (approved at a coordination meeting) at their depth below the terrain, in the branch colour, seen through the ground; paler – depth unknown, drawn at 1 m.',
  },
  plannedNetwork: { pl: 'Przewód projektowany', en: 'Planned utility line' },
  lineId: { pl: 'Identyfikator przewodu', en: 'Line identifier' },
  branch: { pl: 'Branża (kod)', en: 'Branch (code)' },
  status: { pl: 'Status', en: 'Status' },
  caseNumber: { pl: 'Numer sprawy koordynacyjnej', en: 'Coordination case number' },
  diameter: { pl: 'Średnica [mm]', en: 'Diameter [mm]' },
  depth: { pl: 'Głębokość osi', en: 'Depth of the axis' },
  depthUnknown: { pl: 'nieznana (rysowany na 1 m)', en: 'unknown (drawn at 1 m)' },
  buildings: { pl: 'Budynki istniejące', en: 'Existing buildings' },
  sun: { pl: 'Słońce', en: 'Sun' },
  date: { pl: 'Data', en: 'Date' },
  time: { pl: 'Godzina', en: 'Time' },
  sunInfo: { pl: 'Azymut {az}°, wysokość {alt}° (czas lokalny Europe/Warsaw)', en: 'Azimuth {az}°, altitude {alt}° (local time Europe/Warsaw)' },
  sunBelow: { pl: 'Słońce pod horyzontem ({alt}°)', en: 'Sun below the horizon ({alt}°)' },
  study: { pl: 'Analiza zacienienia', en: 'Shadow study' },
  plannedBuilding: { pl: 'Budynek projektowany', en: 'Planned building' },
  day: { pl: 'Dzień', en: 'Day' },
  equinox: { pl: 'Równonoc (21 III i 21 IX, 7–17) – §60 WT', en: 'Equinox (21 Mar and 21 Sep, 7–17) – §60 WT' },
  development: { pl: 'Zabudowa', en: 'Development' },
  devStandard: { pl: 'inna niż śródmiejska (3 h)', en: 'not downtown (3 h)' },
  devDowntown: { pl: 'śródmiejska (1,5 h)', en: 'downtown (1.5 h)' },
  pdf: { pl: 'Pobierz raport (PDF)', en: 'Download the report (PDF)' },
  compliance: { pl: 'Nasłonecznienie elewacji budynków mieszkalnych (próg {h} h, §60 warunków technicznych)', en: 'Sunlight of residential facades (threshold {h} h, §60 of the building regulation)' },
  verdict: { pl: 'Ocena', en: 'Verdict' },
  'v:spełnia': { pl: 'spełnia', en: 'complies' },
  'v:niespełnione przed': { pl: 'poniżej progu już przed', en: 'below already' },
  'v:pogorszenie': { pl: 'pogorszenie', en: 'made worse' },
  'v:naruszenie': { pl: 'naruszenie', en: 'violation' },
  noResidential: { pl: 'Żadna elewacja budynku mieszkalnego nie traci słońca.', en: 'No residential facade loses sun.' },
  ownParcels: { pl: 'Działki inwestycji (poza oceną): {list}', en: 'The investment\'s own parcels (not judged): {list}' },
  march: { pl: '21 marca', en: '21 March' },
  june: { pl: '21 czerwca', en: '21 June' },
  december: { pl: '21 grudnia', en: '21 December' },
  step: { pl: 'Krok [min]', en: 'Step [min]' },
  threshold: { pl: 'Pokaż działki tracące więcej niż [h]', en: 'Show parcels losing more than [h]' },
  run: { pl: 'Oblicz', en: 'Compute' },
  running: { pl: 'Obliczanie…', en: 'Computing…' },
  csv: { pl: 'Pobierz raport (CSV)', en: 'Download the report (CSV)' },
  parcel: { pl: 'Działka', en: 'Parcel' },
  meanLost: { pl: 'Średnio [h]', en: 'Mean [h]' },
  maxLost: { pl: 'Maks. [h]', en: 'Max [h]' },
  area: { pl: 'Pow. [m²]', en: 'Area [m²]' },
  facade: { pl: 'Elewacja budynku', en: 'Building facade' },
  before: { pl: 'Przed [h]', en: 'Before [h]' },
  after: { pl: 'Po [h]', en: 'After [h]' },
  studySummary: { pl: '{n} działek traci więcej niż {h} h słońca; {f} elewacji traci słońce. Obliczono w {ms} ms ({steps} kroków).', en: '{n} parcels lose more than {h} h of sun; {f} facades lose sun. Computed in {ms} ms ({steps} steps).' },
  noParcels: { pl: 'Żadna działka nie traci tyle słońca.', en: 'No parcel loses that much sun.' },
  hoursLost: { pl: 'Utracone godziny słońca', en: 'Hours of sun lost' },
  loading: { pl: 'Wczytywanie modelu…', en: 'Loading the model…' },
  ready: { pl: 'Model wczytany', en: 'Model loaded' },
  error: { pl: 'Błąd: {m}', en: 'Error: {m}' },
  close: { pl: 'Zamknij', en: 'Close' },
  tree: { pl: 'Drzewo', en: 'Tree' },
};

export function currentLang(): Lang { return sharedLang(); }

export function t(key: string, vars: Record<string, string | number> = {}): string {
  const entry = TEXTS[key];
  let s = entry ? entry[sharedLang()] : key;
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

/** Writes the texts of every [data-t] element. */
export function applyTexts(root: ParentNode = document): void {
  document.documentElement.lang = sharedLang();
  root.querySelectorAll<HTMLElement>('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t!); });
}

onLangChange(() => applyTexts());

export function toggleLang(): Lang {
  setLang(sharedLang() === 'pl' ? 'en' : 'pl');
  return sharedLang();
}
