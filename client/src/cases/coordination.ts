// "Moje sprawy" of coordination cases (narada koordynacyjna, art. 28b Pgik) in the designers' and the utility firms'
// portals: the list with states and terms, a case on the map (the designed lines dashed in their branch colours, the
// clearance check's conflicts, the parties' comments), the designer's submission form (DXF, GML or GeoJSON + the design
// map PDF, the parties), the operator's position form (with a comment pinned to a point picked on the map), and the
// office's closing of the meeting. Talks to /api/coordination/* only; a session's changes carry the CSRF token.
// Its words are the `coord.*` entries of the client's one dictionary (ui/i18n.ts).
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import { api, getJson, ApiError } from '../api.ts';
import { transform } from '../../../server/crs/definitions.ts';
import { networkColour } from '../../../server/catalog/cartography.ts';
import { BRANZE } from '../../../server/coordination/branches.ts';
import { POSITIONS } from '../../../server/coordination/case-states.ts';
import { h } from '../ui/dom.ts';
import { formatNumber, lang, t, type CoordWord } from '../ui/i18n.ts';
import type { Tool, ToolContext } from '../tools/tool.ts';
import { caseInUrl, caseRefusal, setCaseInUrl, signInToCase } from './case-link.ts';

/** The portals that offer coordination cases. */
export const COORDINATION_PORTALS = ['projektanci', 'branzysci'] as const;

/** A word of this tool (its keys are `coord.*` of the client's one dictionary, ui/i18n.ts). */
const w = (k: CoordWord) => t(`coord.${k}`);

/** The conflict kinds of the check (coordination/rules.ts ConflictKind) as words. */
const KINDS = ['crossing', 'too_close', 'building', 'tree'] as const;
const kindWord = (kind: string) => ((KINDS as readonly string[]).includes(kind) ? t(`coord.kind.${kind as (typeof KINDS)[number]}`) : kind);

interface Summary { id: string; number: string; state: string; outcome: string | null; investor: string; description: string; term: string; overdue: boolean; awaitingYou: boolean; parties: { name: string; position: string | null }[] }
interface Conflict {
  kind: string; design: number; with: { layer: string; id: string; branza: string | null }; distanceM: number; requiredM: number | null; at: [number, number];
  verified?: boolean; vertical?: { clearanceM: number | null; designDepthM: number | null; otherDepthM: number | null; wallsKnown: boolean };
}
interface CaseJson {
  id: string; number: string; state: string; outcome: string | null; investor: string; designer: string; description: string; term: string;
  lengths: { branza: string; count: number; lengthM: number }[];
  parties: { operator: number; name: string; branze: string[]; position: string | null; reason: string | null }[];
  comments: { name: string; text: string; at: [number, number] | null }[];
  history: { at: string; to: string; who: string; reason: string | null }[];
  design: FeatureCollection; check: { conflicts: Conflict[]; parcels: string[] };
  links: { mapPdf: string; protocolPdf: string | null };
  you: { designer: boolean; operators: number[]; office: boolean };
}

const SOURCE = 'sip-coordination';
const toLngLat = (p: number[]) => transform('EPSG:2177', 'CRS:84', [p[0]!, p[1]!]) as [number, number];
const fromLngLat = (lng: number, lat: number) => transform('CRS:84', 'EPSG:2177', [lng, lat]).map((v) => Number(v.toFixed(2))) as [number, number];

const m = (v: number) => `${formatNumber(v, 2)} m`;

/**
 * One conflict of the check as a sentence: its kind, the object, the distance and the required one; a crossing
 * says whether its distance is vertical (both depths known) or why it is not, and whether the requirement's source
 * was verified (coordination/distances.ts).
 */
function conflictItem(k: Conflict): HTMLElement {
  const kind = kindWord(k.kind);
  const what = `${k.with.id}${k.with.branza ? ` (${k.with.branza})` : ''}`;
  const parts: string[] = [];
  const v = k.kind === 'crossing' ? k.vertical : undefined;
  if (k.kind === 'crossing' && (!v || v.clearanceM === null)) {
    parts.push(t('coord.depthUnknown'));
  } else {
    parts.push(`${v ? t('coord.vertical') : w('distance')} ${m(k.distanceM)}`);
    parts.push(k.requiredM !== null ? `${w('required')} ${m(k.requiredM)}${k.verified === false ? ` (${t('coord.unverified')})` : ''}` : t('coord.noRequired'));
    if (v) parts.push(`${t('coord.depths')} ${m(v.designDepthM!)} / ${m(v.otherDepthM!)}${v.wallsKnown ? '' : `, ${t('coord.toAxis')}`}`);
  }
  return h('li', { 'data-kind': k.kind, 'data-id': k.with.id, 'data-distance': String(k.distanceM), ...(k.requiredM !== null ? { 'data-required': String(k.requiredM) } : {}) },
    h('strong', {}, kind), `: ${what} – ${parts.join('; ')}`);
}

/** Reads a file as text or base64 (the API takes the PDF's bytes in base64 inside the JSON body). */
function readFile(file: File, as: 'text' | 'base64'): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(r.error);
    r.onload = () => resolve(as === 'text' ? String(r.result) : String(r.result).replace(/^data:[^,]*,/, ''));
    if (as === 'text') r.readAsText(file); else r.readAsDataURL(file);
  });
}

export class CoordinationCasesTool implements Tool {
  private view: { kind: 'list' } | { kind: 'case'; id: string } | { kind: 'new' } = { kind: 'list' };
  private user: { login: string; role: string } | null | undefined;
  private csrf: string | undefined;
  private picking: ((p: [number, number]) => void) | undefined;
  private readonly onClick = (e: MapMouseEvent) => {
    if (!this.picking) return;
    const pick = this.picking;
    this.picking = undefined;
    pick(fromLngLat(e.lngLat.lng, e.lngLat.lat));
  };

  constructor(private readonly ctx: ToolContext) {
    // A permalink to a case (#sprawa=<id>, as the e-mails and the office's queue give it) opens it.
    const id = caseInUrl();
    if (id) this.view = { kind: 'case', id };
  }

  /** Opens a case's panel (a permalink followed within the page). */
  openCase(id: string): void { this.go({ kind: 'case', id }); }

  /** Whether the page was opened on a case's permalink (the portal then starts with this tool). */
  get opensCase(): boolean { return this.view.kind === 'case'; }

  activate(): void { this.ctx.map.on('click', this.onClick); this.ensureLayers(); }
  deactivate(): void {
    this.ctx.map.off('click', this.onClick);
    this.picking = undefined;
    (this.ctx.map.getSource(SOURCE) as { setData?: (d: FeatureCollection) => void } | undefined)?.setData?.({ type: 'FeatureCollection', features: [] });
  }

  render(): void { void this.draw(); }

  private panel(...children: (Node | string | null)[]): void {
    this.ctx.panel.replaceChildren(h('div', { class: 'tool-panel', id: 'coordination-panel' }, h('h2', {}, w('title')), ...children));
  }

  private async session(): Promise<void> {
    if (this.user !== undefined) return;
    try { const s = await api.session(); this.user = s.user; this.csrf = s.csrfToken; } catch { this.user = null; }
  }

  private async send<T>(url: string, body: unknown): Promise<T> {
    return getJson<T>(url, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(this.csrf ? { 'X-CSRF-Token': this.csrf } : {}) }, body: JSON.stringify(body) });
  }

  private async draw(): Promise<void> {
    await this.session();
    if (!this.user) {
      if (this.view.kind === 'case') this.panel(...signInToCase());
      else this.panel(h('p', {}, w('login')), h('a', { href: `/konto/logowanie?next=${encodeURIComponent(location.pathname)}`, class: 'button' }, w('loginLink')));
      return;
    }
    try {
      if (this.view.kind === 'list') await this.drawList();
      else if (this.view.kind === 'new') await this.drawForm();
      else await this.drawCase(this.view.id);
    } catch (e) {
      // A case this account may not see: the clear message, no data, nothing of another case left on the map.
      if (caseRefusal(e)) (this.ctx.map.getSource(SOURCE) as { setData?: (d: FeatureCollection) => void } | undefined)?.setData?.({ type: 'FeatureCollection', features: [] });
      this.panel(caseRefusal(e) ?? h('p', { class: 'error', role: 'alert' }, (e as Error).message), this.backButton());
    }
  }

  private go(view: CoordinationCasesTool['view']): void {
    this.view = view;
    if (view.kind !== 'case') setCaseInUrl(undefined);
    this.render();
  }

  private backButton(): HTMLElement {
    const b = h('button', { type: 'button', id: 'cases-back' }, w('back'));
    b.addEventListener('click', () => this.go({ kind: 'list' }));
    return b;
  }

  private async drawList(): Promise<void> {
    const { cases } = await getJson<{ cases: Summary[] }>('/api/coordination/cases');
    const rows = cases.map((c) => {
      const open = h('a', { href: `#sprawa=${c.id}`, 'data-case': c.number }, c.number);
      open.addEventListener('click', (e) => { e.preventDefault(); this.go({ kind: 'case', id: c.id }); });
      return h('tr', {}, h('td', {}, open), h('td', { class: 'case-state' }, c.state, c.awaitingYou ? h('strong', { class: 'case-awaiting' }, ` (${w('awaiting')})`) : null), h('td', {}, c.term, c.overdue ? h('strong', {}, ` (${w('overdue')})`) : null), h('td', {}, c.description));
    });
    const newCase = this.user?.role === 'projektant' ? h('button', { type: 'button', class: 'primary', id: 'case-new' }, w('newCase')) : null;
    newCase?.addEventListener('click', () => this.go({ kind: 'new' }));
    this.panel(newCase,
      cases.length ? h('table', { class: 'attribute-table', id: 'case-list' },
        h('thead', {}, h('tr', {}, h('th', {}, w('number')), h('th', {}, w('state')), h('th', {}, w('term')), h('th', {}, w('description')))),
        h('tbody', {}, ...rows)) : h('p', { class: 'hint' }, w('none')));
  }

  private async drawForm(): Promise<void> {
    const { operators } = await getJson<{ operators: { id: number; name: string; branze: string[] }[] }>('/api/coordination/operators');
    const field = (label: string, input: HTMLElement) => h('label', { class: 'field' }, h('span', {}, label), input);
    const investor = h('input', { name: 'investor', required: true, maxlength: 300 });
    const designer = h('input', { name: 'designer', required: true, maxlength: 300 });
    const description = h('textarea', { name: 'description', required: true, maxlength: 2000, rows: 3 });
    const design = h('input', { type: 'file', name: 'design', accept: '.dxf,.gml,.xml,.geojson,.json', required: true });
    const mapPdf = h('input', { type: 'file', name: 'mapPdf', accept: '.pdf,application/pdf', required: true });
    const boxes = operators.map((o) => ({ o, box: h('input', { type: 'checkbox', name: 'party', value: String(o.id) }) }));
    const message = h('p', { role: 'alert', class: 'error', id: 'case-form-error' });
    const submit = h('button', { type: 'submit', class: 'primary' }, w('submit'));
    const form = h('form', { id: 'case-form' },
      field(w('investor'), investor), field(w('designer'), designer), field(w('description'), description),
      field(w('design'), design), field(w('mapPdf'), mapPdf),
      h('fieldset', {}, h('legend', {}, w('parties')), ...boxes.map(({ o, box }) => h('label', { class: 'check' }, box, ` ${o.name} (${o.branze.join(', ')})`))),
      submit, message);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void (async () => {
        const file = design.files?.[0], pdf = mapPdf.files?.[0];
        if (!file || !pdf) return;
        submit.disabled = true; submit.textContent = w('sending'); message.textContent = '';
        try {
          const text = await readFile(file, 'text');
          const isDxf = /\.dxf$/i.test(file.name) || /^\s*0\s*[\r\n]+\s*SECTION/.test(text);
          const isGml = !isDxf && /^\s*(<\?xml|<)/.test(text);
          let geojson: unknown;
          if (!isDxf && !isGml) { try { geojson = JSON.parse(text); } catch { throw new Error(`${file.name}: not DXF, GML or GeoJSON`); } }
          const parties = boxes.filter((b) => b.box.checked).map((b) => b.o.id);
          const c = await this.send<{ id: string }>('/api/coordination/cases', {
            investor: investor.value, designer: designer.value, description: description.value,
            ...(isDxf ? { designDxf: text } : isGml ? { designGml: text } : { design: geojson }), mapPdf: await readFile(pdf, 'base64'), ...(parties.length ? { parties } : {}),
          });
          this.go({ kind: 'case', id: c.id });
        } catch (err) {
          const p = err instanceof ApiError ? err.problem : {};
          message.textContent = `${(err as Error).message}${p.pointer ? ` (${String(p.pointer)})` : p.parameter ? ` (${String(p.parameter)})` : ''}`;
          submit.disabled = false; submit.textContent = w('submit');
        }
      })();
    });
    this.panel(this.backButton(), h('h3', {}, w('newCase')), form);
  }

  private async drawCase(id: string): Promise<void> {
    const c = await getJson<CaseJson>(`/api/coordination/cases/${id}`);
    setCaseInUrl(id);
    this.show(c);
    const section = (title: string, ...body: (Node | string | null)[]) => h('section', {}, h('h3', {}, title), ...body);
    const conflicts = c.check.conflicts.map((k) => conflictItem(k));
    const parts: (Node | string | null)[] = [
      this.backButton(),
      h('dl', { class: 'case-head' },
        h('dt', {}, w('number')), h('dd', { id: 'case-number' }, c.number),
        h('dt', {}, w('state')), h('dd', { id: 'case-state' }, c.state),
        c.outcome ? h('dt', {}, w('outcome')) : null, c.outcome ? h('dd', {}, c.outcome) : null,
        h('dt', {}, w('term')), h('dd', {}, c.term),
        h('dt', {}, w('investor')), h('dd', {}, c.investor),
        h('dt', {}, w('description')), h('dd', {}, c.description)),
      section(w('lengths'), h('ul', {}, ...c.lengths.map((l) => h('li', {}, `${BRANZE.find((b) => b.code === l.branza)?.[lang()] ?? l.branza}: ${l.count} × ${l.lengthM.toFixed(2)} m`)))),
      section(w('check'), conflicts.length ? h('ul', { id: 'case-conflicts' }, ...conflicts) : h('p', {}, w('noConflicts'))),
      section(w('positions'), h('ul', { id: 'case-parties' }, ...c.parties.map((p) => h('li', {}, `${p.name}: `, h('strong', {}, p.position ?? w('noPosition')), p.reason ? ` – ${p.reason}` : '')))),
      c.comments.length ? section(w('comments'), h('ul', {}, ...c.comments.map((k) => h('li', {}, `${k.name}: ${k.text}${k.at ? ` [${k.at[0].toFixed(2)}, ${k.at[1].toFixed(2)}]` : ''}`)))) : null,
      section(w('documents'), h('ul', {}, h('li', {}, h('a', { href: c.links.mapPdf, target: '_blank' }, w('mapDoc'))),
        c.links.protocolPdf ? h('li', {}, h('a', { href: c.links.protocolPdf, target: '_blank', id: 'case-protocol' }, w('protocolDoc'))) : null)),
    ];
    if (c.state === 'w uzgodnieniu' && c.you.operators.length) parts.push(this.positionForm(c));
    if (c.state === 'w uzgodnieniu' && c.you.office) parts.push(this.closeForm(c));
    if ((c.state === 'w uzgodnieniu' || c.state === 'złożona') && c.you.designer) {
      const b = h('button', { type: 'button', id: 'case-withdraw' }, w('withdraw'));
      b.addEventListener('click', () => { void this.send(`/api/coordination/cases/${c.id}/withdraw`, {}).then(() => this.render(), (e: Error) => alert(e.message)); });
      parts.push(b);
    }
    parts.push(section(w('history'), h('ol', { class: 'case-history' }, ...c.history.map((x) => h('li', {}, `${new Date(x.at).toLocaleString(lang() === 'pl' ? 'pl-PL' : 'en-GB')} – ${x.to} (${x.who})${x.reason ? `: ${x.reason}` : ''}`)))));
    this.panel(...parts);
  }

  private positionForm(c: CaseJson): HTMLElement {
    const position = h('select', { name: 'position', id: 'position-choice' }, ...POSITIONS.map((p) => h('option', { value: p }, p)));
    const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 4000 });
    const comment = h('input', { name: 'comment', maxlength: 2000 });
    let at: [number, number] | null = null;
    const where = h('span', { class: 'hint', id: 'comment-place' });
    const pick = h('button', { type: 'button', id: 'comment-pick' }, w('pick'));
    pick.addEventListener('click', () => {
      where.textContent = w('picking');
      this.picking = (p) => { at = p; where.textContent = `x = ${p[0].toFixed(2)}, y = ${p[1].toFixed(2)}`; };
    });
    const message = h('p', { role: 'alert', class: 'error' });
    const form = h('form', { id: 'position-form', 'aria-labelledby': 'position-form-title' }, h('h3', { id: 'position-form-title' }, w('yourPosition')),
      h('label', { class: 'field' }, h('span', {}, t('coord.position')), position),
      h('label', { class: 'field' }, h('span', {}, w('reason')), reason),
      h('label', { class: 'field' }, h('span', {}, w('comment')), comment), pick, where,
      h('button', { type: 'submit', class: 'primary' }, w('send')), message);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const comments = comment.value.trim() ? [{ text: comment.value.trim(), ...(at ? { at } : {}) }] : [];
      void this.send(`/api/coordination/cases/${c.id}/positions`, { position: position.value, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}), comments, operator: c.you.operators[0] })
        .then(() => this.render(), (err: Error) => { message.textContent = err.message; });
    });
    return form;
  }

  private closeForm(c: CaseJson): HTMLElement {
    const conclusion = h('textarea', { name: 'conclusion', rows: 2, maxlength: 4000 });
    const message = h('p', { role: 'alert', class: 'error' });
    const form = h('form', { id: 'protocol-form' }, h('label', { class: 'field' }, h('span', {}, w('conclusion')), conclusion), h('button', { type: 'submit', class: 'primary' }, w('close')), message);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send(`/api/coordination/cases/${c.id}/protocol`, conclusion.value.trim() ? { conclusion: conclusion.value.trim() } : {})
        .then(() => this.render(), (err: Error) => { message.textContent = err.message; });
    });
    return form;
  }

  /** The case on the map: designed lines dashed in branch colours, conflicts red, comments blue; the view fitted. */
  private show(c: CaseJson): void {
    this.ensureLayers();
    const features: Feature[] = [];
    for (const f of c.design.features) {
      const g = f.geometry as { type: string; coordinates: number[][] | number[][][] };
      const parts = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as number[][][];
      for (const p of parts) features.push({ type: 'Feature', properties: { role: 'design', colour: networkColour((f.properties as { branza: string }).branza) }, geometry: { type: 'LineString', coordinates: p.map(toLngLat) } });
    }
    for (const k of c.check.conflicts) features.push({ type: 'Feature', properties: { role: 'conflict' }, geometry: { type: 'Point', coordinates: toLngLat(k.at) } });
    for (const k of c.comments) if (k.at) features.push({ type: 'Feature', properties: { role: 'comment' }, geometry: { type: 'Point', coordinates: toLngLat(k.at) } });
    (this.ctx.map.getSource(SOURCE) as unknown as { setData(d: FeatureCollection): void }).setData({ type: 'FeatureCollection', features });
    const xs: number[] = [], ys: number[] = [];
    for (const f of features) for (const p of (f.geometry.type === 'Point' ? [f.geometry.coordinates] : (f.geometry as { coordinates: number[][] }).coordinates)) { xs.push(p[0]!); ys.push(p[1]!); }
    if (xs.length) this.ctx.map.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], { padding: 60, maxZoom: 19, duration: 0 });
  }

  private ensureLayers(): void {
    const map: MapLibreMap = this.ctx.map;
    if (map.getSource(SOURCE)) return;
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: `${SOURCE}-line`, type: 'line', source: SOURCE, filter: ['==', ['get', 'role'], 'design'], paint: { 'line-color': ['get', 'colour'], 'line-width': 4, 'line-dasharray': [2, 1] } });
    map.addLayer({ id: `${SOURCE}-conflict`, type: 'circle', source: SOURCE, filter: ['==', ['get', 'role'], 'conflict'], paint: { 'circle-radius': 7, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#d00000', 'circle-stroke-width': 2.5 } });
    map.addLayer({ id: `${SOURCE}-comment`, type: 'circle', source: SOURCE, filter: ['==', ['get', 'role'], 'comment'], paint: { 'circle-radius': 5, 'circle-color': '#0050c8', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
  }
}
