// "Moje sprawy" of the surveyors' portal (issue 18): the signed-in surveyor's survey-work notifications with their
// state, the materials' deadline, the package (when released) and the DOO, and the form to notify new work. The area
// is the polygon drawn with the Area tool, the sheets picked with the Sheets tool, or parcels picked on the map (a
// click asks OGC API Features for the parcel under it) or typed. The form's code lists and checks are the server's
// own pure module (server/cases/zgloszenia/form.ts), imported, not copied; the server decides.
import type { MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { ApiError, api, getJson } from '../api.ts';
import { clearOverlay, setOverlay } from '../map/map.ts';
import { transform } from '../../../server/crs/definitions.ts';
import { CEL_PRAC, PACKAGE_SCALES, RODZAJ_PRAC } from '../../../server/cases/zgloszenia/form.ts';
import { h } from '../ui/dom.ts';
import { lang } from '../ui/i18n.ts';
import type { Tool, ToolContext } from '../tools/tool.ts';

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
} as const;
const w = (k: keyof typeof W) => W[k][lang()];

interface CaseJson {
  id: string; numer: string; stan: string; celPrac: string; terminMaterialow: string; workingDaysLeft: number | null;
  obszar: MultiPolygon;
  package: { status: string; released: boolean; href?: string } | null;
  fee: { total: number; doo: { number: string; href: string } | null } | null;
}

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
const toLonLat = (p: Position) => transform('EPSG:2177', 'CRS:84', [p[0]!, p[1]!]);
const toPl2000 = (p: Position) => transform('CRS:84', 'EPSG:2177', [p[0]!, p[1]!]).map((v) => Math.round(v * 100) / 100);

export class ZgloszeniaTool implements Tool {
  private cases: CaseJson[] = [];
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

  render(): void {
    const panel = h('div', { class: 'tool-panel', id: 'zgloszenia-panel' }, h('h2', {}, w('title')));
    if (this.user === undefined) { void this.load(); panel.append(h('p', {}, '…')); }
    else if (this.user === null) panel.append(h('p', {}, w('signIn')), h('a', { href: `/konto/logowanie?next=${encodeURIComponent(location.pathname)}` }, w('signInLink')));
    else if (this.user.role !== 'geodeta') panel.append(h('p', {}, w('notSurveyor')));
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
      const due = `${c.terminMaterialow}${c.workingDaysLeft !== null ? ` (${c.workingDaysLeft})` : ''}`;
      return h('tr', { 'data-numer': c.numer }, h('td', {}, c.numer, h('br'), show), h('td', { class: 'stan' }, c.stan), h('td', {}, c.celPrac), h('td', {}, due), h('td', { class: 'pakiet' }, pkg), h('td', {}, doo));
    });
    return h('table', { class: 'cases', id: 'zgloszenia-list' }, h('thead', {}, head), h('tbody', {}, ...rows));
  }

  private showArea(c: CaseJson): void {
    const coordinates = c.obszar.coordinates.map((poly) => poly.map((ring) => ring.map(toLonLat)));
    const f: Feature = { type: 'Feature', properties: { numer: c.numer }, geometry: { type: 'MultiPolygon', coordinates } };
    setOverlay(this.ctx.map, 'sip-highlight', { type: 'FeatureCollection', features: [f] });
    const all = coordinates.flat(2);
    const xs = all.map((p) => p[0]!), ys = all.map((p) => p[1]!);
    this.ctx.map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 60, maxZoom: 18 });
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
