// "Moje sprawy" of the surveyors' portal (issue 18): the signed-in surveyor's survey-work notifications with their
// state, the materials' deadline, the package (when released) and the DOO, and the form to notify new work. The area
// is the polygon drawn with the Area tool, the sheets picked with the Sheets tool, or parcels picked on the map (a
// click asks OGC API Features for the parcel under it) or typed. The form's code lists and checks are the server's
// own pure module (server/cases/zgloszenia/form.ts), imported, not copied; the server decides.
// A case opens in its own panel (from the list, or from a permalink #sprawa=<id> in an e-mail or the office's queue):
// its data and state, the area highlighted with the map fitted to it, the documents (DOO, the package, the handed-in
// results with their verification reports and files) and the history of the case. The office's staff open any case
// this way (read only here; they decide in the back office); anyone else is told the case is not theirs.
import type { MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { ApiError, api, getJson } from '../api.ts';
import { clearOverlay, setOverlay } from '../map/map.ts';
import { transform } from '../../../server/crs/definitions.ts';
import { CEL_PRAC, PACKAGE_SCALES, RODZAJ_PRAC } from '../../../server/cases/zgloszenia/form.ts';
import { h } from '../ui/dom.ts';
import { lang } from '../ui/i18n.ts';
import type { Tool, ToolContext } from '../tools/tool.ts';
import { caseInUrl, caseRefusal, setCaseInUrl, signInToCase } from './case-link.ts';

/** The words of this tool (Polish with English), kept beside it. */
const W = {
  title: { pl: 'Moje sprawy – zgłoszenia prac', en: 'My cases – survey-work notifications' },
  signIn: { pl: 'Zaloguj się kontem geodety, aby zgłaszać prace i odbierać materiały.', en: 'Sign in with a surveyor account to notify work and receive the materials.' },
  signInLink: { pl: 'Zaloguj się', en: 'Sign in' },
  notSurveyor: { pl: 'Zgłoszenia prac składa geodeta (konto z rolą geodeta).', en: 'Survey work is notified by a surveyor (geodeta role).' },
  none: { pl: 'Brak zgłoszeń.', en: 'No notifications yet.' },
  numer: { pl: 'Numer', en: 'Number' },
  stan: { pl: 'Stan', en: 'State' },
  cel: { pl: 'Cel', en: 'Purpose' },
  termin: { pl: 'Termin materiałów', en: 'Materials due' },
  pakiet: { pl: 'Pakiet', en: 'Package' },
  doo: { pl: 'DOO', en: 'DOO' },
  download: { pl: 'pobierz', en: 'download' },
  preparing: { pl: 'w przygotowaniu', en: 'being prepared' },
  unpaid: { pl: 'gotowy – po opłaceniu DOO', en: 'ready – released when the DOO is paid' },
  failed: { pl: 'błąd', en: 'failed' },
  showArea: { pl: 'pokaż obszar', en: 'show area' },
  newTitle: { pl: 'Zgłoś prace geodezyjne', en: 'Notify survey work' },
  rodzaj: { pl: 'Rodzaj prac', en: 'Kind of work' },
  celPrac: { pl: 'Cel prac', en: 'Purpose of the work' },
  uprawnienia: { pl: 'Numer uprawnień', en: 'Licence number' },
  wykonawca: { pl: 'Wykonawca (firma, adres)', en: 'Contractor (firm, address)' },
  start: { pl: 'Przewidywane rozpoczęcie', en: 'Planned start' },
  end: { pl: 'Przewidywane zakończenie', en: 'Planned end' },
  skala: { pl: 'Skala arkuszy mapy', en: 'Map sheet scale' },
  obszar: { pl: 'Obszar prac', en: 'Area of the work' },
  useDrawn: { pl: 'narysowany obszar / wybrane arkusze', en: 'drawn area / picked sheets' },
  useParcels: { pl: 'działki', en: 'parcels' },
  parcelsHint: { pl: 'Identyfikatory rozdzielone przecinkami; albo klikaj działki na mapie.', en: 'Identifiers separated by commas; or click parcels on the map.' },
  noArea: { pl: 'Najpierw narysuj obszar (narzędzie Obszar) albo wybierz arkusze.', en: 'Draw an area (Area tool) or pick sheets first.' },
  submit: { pl: 'Zgłoś', en: 'Notify' },
  filed: { pl: 'Przyjęto zgłoszenie', en: 'Notification filed' },
  back: { pl: '← Lista zgłoszeń', en: '← Notifications' },
  queue: { pl: 'Kolejka spraw ośrodka', en: "The office's queue" },
  rodzajPrac: { pl: 'Rodzaj prac', en: 'Kind of work' },
  wykonawcaUpr: { pl: 'Wykonawca, uprawnienia', en: 'Contractor, licence' },
  okres: { pl: 'Okres prac', en: 'Period of the work' },
  powierzchnia: { pl: 'Obszar', en: 'Area' },
  dzialki: { pl: 'Działki', en: 'Parcels' },
  daysLeft: { pl: 'dni robocze do terminu', en: 'working days left' },
  documents: { pl: 'Dokumenty', en: 'Documents' },
  dooPdf: { pl: 'DOO – dokument obliczenia opłaty (PDF)', en: 'DOO – fee calculation (PDF)' },
  packageZip: { pl: 'Pakiet materiałów zasobu (ZIP)', en: 'Package of resource materials (ZIP)' },
  results: { pl: 'Wyniki prac', en: 'Results of the work' },
  resultsNo: { pl: 'Wyniki nr', en: 'Results no.' },
  report: { pl: 'raport weryfikacji', en: 'verification report' },
  passed: { pl: 'weryfikacja automatyczna pozytywna', en: 'automatic verification passed' },
  failedCheck: { pl: 'weryfikacja automatyczna negatywna', en: 'automatic verification failed' },
  decision: { pl: 'decyzja ośrodka', en: "the office's decision" },
  noResults: { pl: 'Wyniki nie zostały jeszcze złożone.', en: 'No results handed in yet.' },
  history: { pl: 'Historia sprawy', en: 'History of the case' },
} as const;
const w = (k: keyof typeof W) => W[k][lang()];

interface CaseJson {
  id: string; numer: string; stan: string; celPrac: string; terminMaterialow: string; workingDaysLeft: number | null;
  obszar: MultiPolygon;
  package: { status: string; released: boolean; href?: string } | null;
  fee: { total: number; doo: { number: string; href: string } | null } | null;
}

/** A case as its own panel shows it (GET /api/zgloszenia/{id} and /api/survey-works/{id}/results). */
interface CaseDetail extends CaseJson {
  rodzajPrac: string; wykonawca: string; numerUprawnien: string; powierzchniaHa: number; dzialki: string[];
  dataRozpoczecia: string; dataZakonczenia: string;
  history: { at: string; from: string | null; to: string; who: string; reason: string | null }[];
}
interface ResultsJson {
  results: { number: number; submitted: string; passed: boolean; page: string; decision: { decision: string; reason: string | null } | null; files: { name: string; kind: string; href: string }[] }[];
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
const toLonLat = (p: Position) => transform('EPSG:2177', 'CRS:84', [p[0]!, p[1]!]);
const toPl2000 = (p: Position) => transform('CRS:84', 'EPSG:2177', [p[0]!, p[1]!]).map((v) => Math.round(v * 100) / 100);

export class ZgloszeniaTool implements Tool {
  private cases: CaseJson[] = [];
  /** The case whose panel is open (from the list or a permalink), else the list. */
  private openId: string | undefined = caseInUrl();
  private user: { login: string; role: string } | null | undefined;
  private csrf: string | undefined;
  private message: HTMLElement | string = '';
  private areaKind: 'drawn' | 'parcels' = 'parcels';
  private parcels = new Set<string>();
  /** What the surveyor typed, kept across re-renders (a click on the map or a language switch redraws the form). */
  private readonly draft: Record<string, string> = {};
  private active = false;
  private poll: number | undefined;
  private readonly onClick = (e: MapMouseEvent) => { if (this.areaKind === 'parcels') void this.pick(e); };

  constructor(private readonly ctx: ToolContext) {}

  /** Whether the page was opened on a case's permalink (the portal then starts with this tool). */
  get opensCase(): boolean { return this.openId !== undefined; }

  /** Opens a case's panel (a permalink followed within the page). */
  openCase(id: string): void { this.openId = id; if (this.active) this.render(); }

  render(): void {
    const panel = h('div', { class: 'tool-panel', id: 'zgloszenia-panel' }, h('h2', {}, w('title')));
    const staff = this.user?.role === 'pracownik' || this.user?.role === 'admin';
    if (this.user === undefined) { void this.load(); panel.append(h('p', {}, '…')); }
    else if (this.user === null) panel.append(...(this.openId ? signInToCase() : [h('p', {}, w('signIn')), h('a', { href: `/konto/logowanie?next=${encodeURIComponent(location.pathname)}` }, w('signInLink'))]));
    else if (this.openId) { const id = this.openId; panel.append(h('p', {}, '…')); void this.drawCase(id); }
    else if (this.user.role !== 'geodeta') panel.append(h('p', {}, w('notSurveyor')), staff ? h('p', {}, h('a', { href: '/biuro/sprawy' }, w('queue'))) : '');
    else panel.append(this.list(), this.form());
    if (this.message) panel.append(h('div', { role: 'status', id: 'zgloszenia-message' }, this.message));
    this.ctx.panel.replaceChildren(panel);
  }

  private async load(): Promise<void> {
    try {
      const s = await api.session();
      this.user = s.user; this.csrf = s.csrfToken;
      if (s.user?.role === 'geodeta') this.cases = (await getJson<{ zgloszenia: CaseJson[] }>('/api/zgloszenia')).zgloszenia;
    } catch (e) { this.user = null; this.message = (e as Error).message; }
    if (this.active) this.render();
    // While a package is being prepared, look again now and then.
    const pending = this.cases.some((c) => c.package && (c.package.status === 'queued' || c.package.status === 'running'));
    if (pending && this.active && this.poll === undefined) this.poll = window.setTimeout(() => { this.poll = undefined; void this.load(); }, 3000);
  }

  private list(): HTMLElement {
    if (!this.cases.length) return h('p', { id: 'zgloszenia-none' }, w('none'));
    const head = h('tr', {}, ...(['numer', 'stan', 'cel', 'termin', 'pakiet', 'doo'] as const).map((k) => h('th', {}, w(k))));
    const rows = this.cases.map((c) => {
      const pkg = !c.package ? '—' : c.package.status === 'done'
        ? (c.package.released && c.package.href ? h('a', { href: new URL(c.package.href, location.href).pathname, download: '' }, w('download')) : w('unpaid'))
        : c.package.status === 'failed' ? w('failed') : w('preparing');
      const doo = c.fee?.doo ? h('a', { href: new URL(c.fee.doo.href, location.href).pathname, target: '_blank' }, `${c.fee.doo.number} (${c.fee.total.toFixed(2)} zł)`) : '—';
      const show = h('button', { type: 'button', class: 'link' }, w('showArea'));
      show.addEventListener('click', () => this.showArea(c));
      const open = h('a', { href: `#sprawa=${c.id}`, 'data-case': c.numer }, c.numer);
      open.addEventListener('click', (e) => { e.preventDefault(); this.openCase(c.id); });
      const due = `${c.terminMaterialow}${c.workingDaysLeft !== null ? ` (${c.workingDaysLeft})` : ''}`;
      return h('tr', { 'data-numer': c.numer }, h('td', {}, open, h('br'), show), h('td', { class: 'stan' }, c.stan), h('td', {}, c.celPrac), h('td', {}, due), h('td', { class: 'pakiet' }, pkg), h('td', {}, doo));
    });
    return h('table', { class: 'cases', id: 'zgloszenia-list' }, h('thead', {}, head), h('tbody', {}, ...rows));
  }

  /** The case's own panel: its data, the area on the map, the documents, the results and the history. */
  private async drawCase(id: string): Promise<void> {
    const target = this.ctx.panel;
    const shown = () => this.active && this.openId === id;
    const back = h('button', { type: 'button', id: 'cases-back' }, w('back'));
    back.addEventListener('click', () => { this.openId = undefined; setCaseInUrl(undefined); clearOverlay(this.ctx.map, 'sip-highlight'); this.render(); });
    const frame = (...children: (Node | string | null)[]) => {
      if (!shown()) return;
      const panel = h('div', { class: 'tool-panel', id: 'zgloszenia-panel' }, h('h2', {}, w('title')), back, ...children);
      if (this.message) panel.append(h('div', { role: 'status', id: 'zgloszenia-message' }, this.message));
      target.replaceChildren(panel);
    };
    let c: CaseDetail, r: ResultsJson;
    try {
      [c, r] = await Promise.all([getJson<CaseDetail>(`/api/zgloszenia/${id}`), getJson<ResultsJson>(`/api/survey-works/${id}/results`)]);
    } catch (e) {
      clearOverlay(this.ctx.map, 'sip-highlight');
      frame(caseRefusal(e) ?? h('p', { class: 'error', role: 'alert' }, (e as Error).message));
      return;
    }
    if (!shown()) return;
    setCaseInUrl(id);
    this.showArea(c);
    const locale = lang() === 'pl' ? 'pl-PL' : 'en-GB';
    const when = (t: string) => new Date(t).toLocaleString(locale, { timeZone: 'Europe/Warsaw' });
    const row = (label: string, value: Node | string, attrs: Record<string, string> = {}) => [h('dt', {}, label), h('dd', attrs, value)];
    const path = (href: string) => new URL(href, location.href).pathname;
    const docs: HTMLElement[] = [];
    if (c.fee?.doo) docs.push(h('li', {}, h('a', { href: path(c.fee.doo.href), target: '_blank', id: 'case-doo' }, `${w('dooPdf')}: ${c.fee.doo.number}, ${c.fee.total.toFixed(2)} zł`)));
    if (c.package) {
      docs.push(h('li', { id: 'case-package' }, c.package.status === 'done' && c.package.released && c.package.href
        ? h('a', { href: path(c.package.href), download: '' }, w('packageZip'))
        : `${w('packageZip')}: ${c.package.status === 'done' ? w('unpaid') : c.package.status === 'failed' ? w('failed') : w('preparing')}`));
    }
    const results = r.results.map((x) => h('li', { 'data-results': String(x.number) },
      `${w('resultsNo')} ${x.number} (${when(x.submitted)}): ${x.passed ? w('passed') : w('failedCheck')}`,
      x.decision ? `; ${w('decision')}: ${x.decision.decision}${x.decision.reason ? ` – ${x.decision.reason}` : ''}` : '',
      ' · ', h('a', { href: x.page, target: '_blank' }, w('report')),
      x.files.length ? h('ul', {}, ...x.files.map((f) => h('li', {}, h('a', { href: f.href, download: '' }, f.name)))) : ''));
    frame(
      h('dl', { class: 'case-head' },
        ...row(w('numer'), c.numer, { id: 'case-number' }), ...row(w('stan'), c.stan, { id: 'case-state' }),
        ...row(w('rodzajPrac'), c.rodzajPrac), ...row(w('cel'), c.celPrac),
        ...row(w('wykonawcaUpr'), `${c.wykonawca}, ${c.numerUprawnien}`),
        ...row(w('okres'), `${c.dataRozpoczecia} – ${c.dataZakonczenia}`),
        ...row(w('powierzchnia'), `${c.powierzchniaHa.toFixed(4)} ha`),
        ...(c.dzialki.length ? row(w('dzialki'), c.dzialki.join(', ')) : []),
        ...row(w('termin'), `${c.terminMaterialow}${c.workingDaysLeft !== null ? ` (${w('daysLeft')}: ${c.workingDaysLeft})` : ''}`, { id: 'case-term' })),
      h('section', {}, h('h3', {}, w('documents')), docs.length ? h('ul', { id: 'case-documents' }, ...docs) : h('p', {}, '—')),
      h('section', {}, h('h3', {}, w('results')), results.length ? h('ul', { id: 'case-results' }, ...results) : h('p', { class: 'hint' }, w('noResults'))),
      h('section', {}, h('h3', {}, w('history')), h('ol', { class: 'case-history', id: 'case-history' },
        ...c.history.map((x) => h('li', {}, `${when(x.at)} – ${x.to} (${x.who})${x.reason ? `: ${x.reason}` : ''}`)))),
    );
  }

  private showArea(c: CaseJson): void {
    const coordinates = c.obszar.coordinates.map((poly) => poly.map((ring) => ring.map(toLonLat)));
    const f: Feature = { type: 'Feature', properties: { numer: c.numer }, geometry: { type: 'MultiPolygon', coordinates } };
    setOverlay(this.ctx.map, 'sip-highlight', { type: 'FeatureCollection', features: [f] });
    const all = coordinates.flat(2);
    const xs = all.map((p) => p[0]!), ys = all.map((p) => p[1]!);
    this.ctx.map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 60, maxZoom: 18, duration: 0 });
  }

  private form(): HTMLElement {
    const select = (name: string, values: readonly (string | number)[], chosen?: string | number) =>
      h('select', { name, id: `zg-${name}` }, ...values.map((v) => h('option', { value: String(v), selected: v === chosen }, String(v))));
    const field = (label: string, control: HTMLElement) => h('label', { class: 'field' }, label, control);
    const plus30 = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
    const parcels = h('input', { name: 'dzialki', id: 'zg-dzialki', value: [...this.parcels].join(', '), placeholder: '306401_1.0004.12' });
    parcels.addEventListener('change', () => { this.parcels = new Set(parcels.value.split(',').map((s) => s.trim()).filter(Boolean)); });
    const kind = (value: 'drawn' | 'parcels', label: string) => {
      const r = h('input', { type: 'radio', name: 'zg-area', value, checked: this.areaKind === value });
      r.addEventListener('change', () => { this.areaKind = value; this.render(); });
      return h('label', {}, r, ' ', label);
    };
    const form = h('form', { id: 'zgloszenie-form' },
      h('h3', {}, w('newTitle')),
      field(w('rodzaj'), select('rodzajPrac', RODZAJ_PRAC, RODZAJ_PRAC[2])),
      field(w('celPrac'), select('celPrac', CEL_PRAC)),
      field(w('uprawnienia'), h('input', { name: 'numerUprawnien', id: 'zg-numerUprawnien', required: true, pattern: '[1-9][0-9]{0,5}(/[0-9]{2,4})?', inputmode: 'numeric' })),
      field(w('wykonawca'), h('input', { name: 'wykonawca', id: 'zg-wykonawca', required: true, minlength: 3, maxlength: 300 })),
      field(w('start'), h('input', { type: 'date', name: 'dataRozpoczecia', id: 'zg-dataRozpoczecia', required: true, value: today(), min: today() })),
      field(w('end'), h('input', { type: 'date', name: 'dataZakonczenia', id: 'zg-dataZakonczenia', required: true, value: plus30, min: today() })),
      field(w('skala'), select('skalaArkuszy', PACKAGE_SCALES, 1000)),
      h('fieldset', {}, h('legend', {}, w('obszar')), kind('parcels', w('useParcels')), ' ', kind('drawn', w('useDrawn')),
        this.areaKind === 'parcels' ? h('div', {}, parcels, h('p', { class: 'hint' }, w('parcelsHint'))) : h('p', { class: 'hint' }, this.ctx.area.get() ? '✓' : w('noArea'))),
      h('button', { type: 'submit', id: 'zg-submit' }, w('submit')));
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[name], select[name]')) {
      if (el.name === 'zg-area' || el.name === 'dzialki') continue;
      if (this.draft[el.name] !== undefined) el.value = this.draft[el.name]!;
      el.addEventListener('input', () => { this.draft[el.name] = el.value; });
    }
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.submit(form); });
    return form;
  }

  private async pick(e: MapMouseEvent): Promise<void> {
    const d = 1e-6;
    const bbox = [e.lngLat.lng - d, e.lngLat.lat - d, e.lngLat.lng + d, e.lngLat.lat + d].join(',');
    try {
      const fc = await getJson<FeatureCollection>(`/ogcapi/collections/dzialki/items?f=json&limit=1&bbox=${bbox}`);
      const id = fc.features[0]?.properties?.idDzialki as string | undefined;
      if (!id) return;
      if (this.parcels.has(id)) this.parcels.delete(id); else this.parcels.add(id);
      setOverlay(this.ctx.map, 'sip-highlight', { type: 'FeatureCollection', features: [] });
      this.render();
    } catch { /* nothing under the click */ }
  }

  private areaBody(): Record<string, unknown> | undefined {
    if (this.areaKind === 'parcels') return this.parcels.size ? { dzialki: [...this.parcels] } : undefined;
    const a = this.ctx.area.get();
    if (a?.kind === 'sheets') return { arkusze: a.sheets };
    if (a?.kind === 'polygon') return { obszar: { type: 'Polygon', coordinates: (a.polygon as Polygon).coordinates.map((ring) => ring.map(toPl2000)) } };
    return undefined;
  }

  private async submit(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const area = this.areaBody();
    if (!area) { this.message = w('noArea'); this.render(); return; }
    const body = {
      rodzajPrac: data.get('rodzajPrac'), celPrac: data.get('celPrac'), numerUprawnien: String(data.get('numerUprawnien') ?? '').trim(),
      wykonawca: data.get('wykonawca'), dataRozpoczecia: data.get('dataRozpoczecia'), dataZakonczenia: data.get('dataZakonczenia'),
      skalaArkuszy: Number(data.get('skalaArkuszy')), ...area,
    };
    try {
      const created = await getJson<CaseJson>('/api/zgloszenia', {
        method: 'POST', body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(this.csrf ? { 'X-CSRF-Token': this.csrf } : {}) },
      });
      this.message = `${w('filed')}: ${created.numer}`;
      this.parcels.clear();
      this.user = undefined; // reload the list (and the CSRF token)
    } catch (e) {
      this.message = h('span', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : String(e));
    }
    this.render();
  }

  activate(): void { this.active = true; this.user = undefined; this.ctx.map.on('click', this.onClick); this.render(); }
  deactivate(): void {
    this.active = false;
    this.ctx.map.off('click', this.onClick);
    if (this.poll !== undefined) { clearTimeout(this.poll); this.poll = undefined; }
    clearOverlay(this.ctx.map, 'sip-highlight');
  }
}
