// "Moje sprawy" of the surveyors' portal (issue 18): the signed-in surveyor's survey-work notifications with their
// state, the materials' deadline, the package (when released) and the DOO, and the form to notify new work. A case
// opens into its history, its returned results with the automatic verification report of each submission (every
// check, the offending objects with a "show on the map"), and the form to hand results over (GML/DXF + PDF, sent as
// multipart/form-data with the session's CSRF token) in the states the notification allows it. The area
// is the polygon drawn with the Area tool, the sheets picked with the Sheets tool, or parcels picked on the map (a
// click asks OGC API Features for the parcel under it) or typed. The form's code lists and checks are the server's
// own pure module (server/cases/zgloszenia/form.ts), imported, not copied; the server decides.
// A case opens from the list or from a permalink #sprawa=<id> (in an e-mail or the office's queue): its data and
// documents, the area highlighted with the map fitted to it, the results and the history. The office's staff open any
// case this way (read only here; they decide in the back office); anyone else is told the case is not theirs.
import type { MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { ApiError, api, getJson } from '../api.ts';
import { clearOverlay, setOverlay } from '../map/map.ts';
import { transform } from '../../../server/crs/definitions.ts';
import { CEL_PRAC, PACKAGE_SCALES, RODZAJ_PRAC } from '../../../server/cases/zgloszenia/form.ts';
import { SUBMITTABLE } from '../../../server/cases/wyniki/states.ts';
import type { Check, Report } from '../../../server/cases/wyniki/verify.ts';
import { h } from '../ui/dom.ts';
import { lang, t, type WordKey } from '../ui/i18n.ts';
import type { Tool, ToolContext } from '../tools/tool.ts';
import { caseInUrl, caseRefusal, setCaseInUrl, signInToCase } from './case-link.ts';

/** The words of this tool: the keys "zg.*" of the client's one dictionary (ui/i18n.ts). */
type ZgWord = { [K in WordKey]: K extends `zg.${infer R}` ? R : never }[WordKey];
const w = (k: ZgWord) => t(`zg.${k}` as WordKey);

interface CaseJson {
  id: string; numer: string; stan: string; celPrac: string; terminMaterialow: string; workingDaysLeft: number | null;
  obszar: MultiPolygon;
  package: { status: string; released: boolean; href?: string } | null;
  fee: { total: number; doo: { number: string; href: string } | null } | null;
}

/** GET /api/zgloszenia/{id}: the case's own data (server/services/zgloszenia/handlers.ts). */
interface CaseDetail extends CaseJson {
  rodzajPrac: string; wykonawca: string; numerUprawnien: string; powierzchniaHa: number; dzialki: string[];
  dataRozpoczecia: string; dataZakonczenia: string;
}

/** GET /api/survey-works/{id}/results: the case's state, history and submissions (server/services/wyniki/router.ts). */
interface ResultsJson {
  id: string; number: string; state: string;
  history: { czas: string; stanPoprzedni: string | null; stan: string; kto: string; powod: string | null }[];
  results: Submission[];
}
interface Submission {
  id: string; number: number; submitted: string; passed: boolean;
  decision: { decision: string; reason: string | null; by: string | null; at: string | null } | null;
  files: { name: string; kind: string; size: number; href: string }[];
  report: Report; page: string;
}

const OFFENDING_SHOWN = 20;
const dateTime = (d: string) => new Date(d).toLocaleString(lang() === 'pl' ? 'pl-PL' : 'en-GB', { timeZone: 'Europe/Warsaw' });

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
  /** The case opened from the list (its results and the upload form), or none: the list and the new-work form. */
  private opened: { id: string; data?: ResultsJson; detail?: CaseDetail; refused?: HTMLElement } | undefined;
  /** A case named by the page's address (a permalink), opened once the session is known. */
  private openId: string | undefined = caseInUrl();
  private readonly onClick = (e: MapMouseEvent) => { if (this.areaKind === 'parcels') void this.pick(e); };

  constructor(private readonly ctx: ToolContext) {}

  /** Whether the page was opened on a case's permalink (the portal then starts with this tool). */
  get opensCase(): boolean { return this.openId !== undefined; }

  render(): void {
    const panel = h('div', { class: 'tool-panel', id: 'zgloszenia-panel' }, h('h2', {}, w('title')));
    const staff = this.user?.role === 'pracownik' || this.user?.role === 'admin';
    if (this.user === undefined) { void this.load(); panel.append(h('p', {}, '…')); }
    else if (this.user === null && this.openId) panel.append(...signInToCase());
    else if (this.user === null) panel.append(h('p', {}, w('signIn')), h('a', { href: `/konto/logowanie?next=${encodeURIComponent(location.pathname)}` }, w('signInLink')));
    else if (this.opened) panel.append(this.detail(this.opened.id, this.opened));
    else if (this.openId) { panel.append(h('p', {}, '…')); void this.openCase(this.openId); }
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
      // A link (its address is the case's permalink), opened within the page.
      const open = h('a', { href: `#sprawa=${c.id}`, class: 'zg-open', 'data-case': c.numer, 'aria-label': `${w('open')}: ${c.numer}` }, w('open'));
      open.addEventListener('click', (e) => { e.preventDefault(); void this.openCase(c.id); });
      const due = `${c.terminMaterialow}${c.workingDaysLeft !== null ? ` (${c.workingDaysLeft})` : ''}`;
      return h('tr', { 'data-numer': c.numer }, h('td', {}, c.numer, h('br'), open, h('br'), show), h('td', { class: 'stan' }, c.stan), h('td', {}, c.celPrac), h('td', {}, due), h('td', { class: 'pakiet' }, pkg), h('td', {}, doo));
    });
    return h('table', { class: 'cases', id: 'zgloszenia-list' }, h('thead', {}, head), h('tbody', {}, ...rows));
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

  // ---- one case: history, returned results with their verification reports, the upload form ----

  /**
   * Opens a case's panel: from the list, a permalink in the address, or one followed within the open page. The API
   * decides who may see it (401 signed out, 404 not this account's): its refusal is told, and nothing of the case shown.
   */
  async openCase(id: string, message?: HTMLElement | string): Promise<void> {
    this.openId = id;
    if (!this.active) { this.opened = undefined; return; }
    this.opened = { id };
    this.message = message ?? '';
    this.render();
    try {
      const [detail, data, s] = await Promise.all([getJson<CaseDetail>(`/api/zgloszenia/${encodeURIComponent(id)}`),
        getJson<ResultsJson>(`/api/survey-works/${encodeURIComponent(id)}/results`), api.session()]);
      this.csrf = s.csrfToken;
      if (this.opened?.id !== id) return;
      Object.assign(this.opened, { data, detail });
      setCaseInUrl(id);
      this.showArea(detail);
    } catch (e) {
      clearOverlay(this.ctx.map, 'sip-highlight');
      const refused = caseRefusal(e);
      if (refused && this.opened?.id === id) this.opened.refused = refused;
      else this.message = h('span', { class: 'error', role: 'alert' }, (e as Error).message);
    }
    if (this.active) this.render();
  }

  private detail(id: string, opened: { data?: ResultsJson; detail?: CaseDetail; refused?: HTMLElement }): HTMLElement {
    const back = h('button', { type: 'button', id: 'zg-back' }, w('back'));
    back.addEventListener('click', () => {
      this.opened = undefined; this.openId = undefined; this.message = ''; this.user = undefined;
      setCaseInUrl(undefined); clearOverlay(this.ctx.map, 'sip-highlight'); this.render();
    });
    if (opened.refused) return h('div', {}, back, opened.refused);
    const { data, detail: c } = opened;
    if (!data || !c) return h('div', {}, back, h('p', {}, '…'));
    const path = (href: string) => new URL(href, location.href).pathname;
    const docs: HTMLElement[] = [];
    if (c.fee?.doo) docs.push(h('li', {}, h('a', { href: path(c.fee.doo.href), target: '_blank', id: 'case-doo' }, `${w('dooPdf')}: ${c.fee.doo.number}, ${c.fee.total.toFixed(2)} zł`)));
    if (c.package) {
      docs.push(h('li', { id: 'case-package' }, c.package.status === 'done' && c.package.released && c.package.href
        ? h('a', { href: path(c.package.href), download: '', id: 'zg-package' }, w('downloadPackage'))
        : `${w('pakiet')}: ${c.package.status === 'done' ? w('unpaid') : c.package.status === 'failed' ? w('failed') : w('preparing')}`));
    }
    const row = (label: string, value: Node | string, attrs: Record<string, string> = {}) => [h('dt', {}, label), h('dd', attrs, value)];
    const due = `${c.terminMaterialow}${c.workingDaysLeft !== null ? ` (${c.workingDaysLeft} ${w('daysLeft')})` : ''}`;
    const history = h('ol', { class: 'case-history', id: 'case-history' }, ...data.history.map((x) =>
      h('li', {}, `${dateTime(x.czas)} – `, h('strong', {}, x.stan), ` (${x.kto})${x.powod ? `: ${x.powod}` : ''}`)));
    const latest = data.results.at(-1);
    const submissions = data.results.length
      ? data.results.slice().reverse().map((r) => this.submission(r, r === latest))
      : [h('p', { class: 'hint', id: 'zg-no-results' }, w('noResults'))];
    // Results are handed over by the surveyor; the office's staff see the case read only and decide in the back office.
    const mayUpload = this.user?.role === 'geodeta' && SUBMITTABLE.includes(data.state as (typeof SUBMITTABLE)[number]);
    return h('div', { id: 'zg-case', 'data-numer': data.number },
      back,
      h('dl', { class: 'case-head' },
        ...row(w('numer'), data.number, { id: 'case-number' }),
        ...row(w('stan'), data.state, { id: 'case-state' }),
        ...row(w('rodzaj'), c.rodzajPrac), ...row(w('celPrac'), c.celPrac),
        ...row(w('wykonawcaUpr'), `${c.wykonawca}, ${c.numerUprawnien}`),
        ...row(w('okres'), `${c.dataRozpoczecia} – ${c.dataZakonczenia}`),
        ...row(w('obszar'), `${c.powierzchniaHa.toLocaleString(lang() === 'pl' ? 'pl-PL' : 'en-GB', { minimumFractionDigits: 4, maximumFractionDigits: 4 })} ha`), // ha to 4 decimals, as the register writes areas
        ...(c.dzialki.length ? row(w('dzialki'), c.dzialki.join(', ')) : []),
        ...row(w('termin'), due)),
      docs.length ? h('section', { 'aria-labelledby': 'zg-docs-title' }, h('h3', { id: 'zg-docs-title' }, w('documents')), h('ul', { id: 'case-documents' }, ...docs)) : null,
      h('section', { 'aria-labelledby': 'zg-results-title' }, h('h3', { id: 'zg-results-title' }, w('results')), ...submissions),
      mayUpload ? this.uploadForm(id) : null,
      h('section', { 'aria-labelledby': 'zg-history-title' }, h('h3', { id: 'zg-history-title' }, w('history')), history));
  }

  /** One submission: its verdict, files, every check with the offending objects, the decision. */
  private submission(r: Submission, open: boolean): HTMLElement {
    const rep = r.report;
    const verdict = h('p', { class: r.passed ? 'verdict ok' : 'verdict error' }, h('strong', {}, r.passed ? w('passed') : w('notPassed')),
      ` (${w('counts').replace('{d}', String(rep.counts?.dzialki ?? 0)).replace('{b}', String(rep.counts?.budynki ?? 0))})`);
    const rows = (rep.checks ?? []).map((k) => this.checkRow(k));
    const table = h('table', { class: 'verification' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, w('check')), h('th', { scope: 'col' }, `${w('outcome')}: ${w('details')}`))),
      h('tbody', {}, ...rows));
    const decision = r.decision
      ? h('p', { class: r.decision.decision === 'przyjęte' ? 'verdict ok' : 'verdict error' }, `${w('decision')}: `, h('strong', {}, r.decision.decision), r.decision.reason ? ` – ${r.decision.reason}` : '')
      : h('p', { class: 'hint' }, w('awaiting'));
    const files = h('ul', {}, ...r.files.map((f) => h('li', {}, h('a', { href: f.href, download: f.name }, f.name), ` (${f.kind}, ${f.size.toLocaleString(lang() === 'pl' ? 'pl-PL' : 'en-GB')} B)`)));
    return h('details', { class: 'submission', id: `zg-wyniki-${r.number}`, 'data-passed': String(r.passed), open },
      h('summary', {}, `${w('submission')} ${r.number} – ${w('submitted')} ${dateTime(r.submitted)} – ${r.passed ? '✓' : '✗'}`),
      verdict,
      rep.replaced?.length ? h('p', { class: 'hint' }, `${w('replaced')}: ${rep.replaced.join(', ')}`) : null,
      table,
      h('p', {}, h('a', { href: r.page, target: '_blank', rel: 'noopener' }, w('reportPage'))),
      h('h4', {}, w('files')), files,
      decision);
  }

  private checkRow(k: Check): HTMLElement {
    const outcome = k.passed === true ? w('checkOk') : k.passed === false ? w('checkFailed') : w('checkSkipped');
    const items = k.offending.slice(0, OFFENDING_SHOWN).map((o) => {
      const li = h('li', {}, o.id ? h('strong', {}, `${o.id}: `) : null, o.file ? `${o.file}: ` : '', o.reason);
      if (o.at) {
        const at = o.at;
        const b = h('button', { type: 'button', class: 'link', 'aria-label': `${w('showOnMap')}: ${o.id ?? o.reason}` }, w('showOnMap'));
        b.addEventListener('click', () => this.showPoint(at, o.reason));
        li.append(' ', b);
      }
      return li;
    });
    if (k.offending.length > OFFENDING_SHOWN) items.push(h('li', {}, w('more').replace('{n}', String(k.offending.length - OFFENDING_SHOWN))));
    // Two columns fit the side panel: the check, and its outcome (in words, not only colour) with the details.
    return h('tr', { 'data-check': k.id, class: k.passed === false ? 'failed' : '' },
      h('th', { scope: 'row' }, k.title),
      h('td', {}, h('strong', { class: k.passed === false ? 'error' : k.passed ? 'ok' : '' }, outcome), ` – ${k.summary}`, items.length ? h('ul', {}, ...items) : null));
  }

  private showPoint(at: [number, number], reason: string): void {
    const lonLat = toLonLat(at);
    setOverlay(this.ctx.map, 'sip-highlight', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { reason }, geometry: { type: 'Point', coordinates: lonLat } }] });
    this.ctx.map.flyTo({ center: [lonLat[0]!, lonLat[1]!], zoom: Math.max(this.ctx.map.getZoom(), 19) });
  }

  private uploadForm(id: string): HTMLElement {
    const input = h('input', { type: 'file', id: 'zg-wyniki-pliki', name: 'files', multiple: true, required: true, accept: '.gml,.xml,.dxf,.pdf,application/gml+xml,application/pdf' });
    const error = h('p', { class: 'error', role: 'alert', id: 'zg-wyniki-error' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'zg-wyniki-submit' }, w('uploadSubmit'));
    const form = h('form', { id: 'zg-wyniki-form', 'aria-labelledby': 'zg-upload-title' },
      h('h3', { id: 'zg-upload-title' }, w('uploadTitle')),
      h('p', { class: 'hint', id: 'zg-upload-hint' }, w('uploadHint')),
      h('label', { class: 'field', for: 'zg-wyniki-pliki' }, w('uploadFiles')), input,
      submit, error);
    input.setAttribute('aria-describedby', 'zg-upload-hint');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const files = [...(input.files ?? [])];
      if (!files.length) { error.textContent = w('noFiles'); return; }
      const body = new FormData();
      for (const f of files) body.append('files', f, f.name);
      submit.disabled = true; submit.textContent = w('uploading'); error.textContent = '';
      getJson<Submission>(`/api/survey-works/${encodeURIComponent(id)}/results`, {
        method: 'POST', body, headers: { Accept: 'application/json', ...(this.csrf ? { 'X-CSRF-Token': this.csrf } : {}) },
      }).then((r) => this.openCase(id, h('span', { class: r.passed ? '' : 'error' }, `${w('uploaded').replace('{n}', String(r.number))} ${r.passed ? w('passed') : w('notPassed')}.`)),
        (err: unknown) => {
          error.textContent = err instanceof ApiError ? `${err.message} (${err.status})` : String(err);
          submit.disabled = false; submit.textContent = w('uploadSubmit');
        });
    });
    return form;
  }

  activate(): void { this.active = true; this.user = undefined; this.opened = undefined; this.ctx.map.on('click', this.onClick); this.render(); }
  // (a permalink's case, this.openId, stays: the panel opens it once the session is known)
  deactivate(): void {
    this.active = false;
    this.ctx.map.off('click', this.onClick);
    if (this.poll !== undefined) { clearTimeout(this.poll); this.poll = undefined; }
    clearOverlay(this.ctx.map, 'sip-highlight');
  }
}
