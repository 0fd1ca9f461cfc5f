// Ordering materials of the resource (issue 17): a basket built from the map — parcels picked by clicking them (for
// wypis and wyrys), the drawn area or the selected sheets (for sheets, data sets, NMT, the 3D model) — priced by the
// server's fee engine (POST /api/fees/quote) before anything is ordered, every line with its legal basis; then the
// payer, the purpose (it goes into the licence) and, without an account, an e-mail address; POST /api/orders places
// it. The answer names the order, its DOO (a signed PDF) and how to pay. An account lists its orders from the
// server; an anonymous orderer's browser remembers the orders it placed with their access tokens (session storage).
import { getJson, ApiError } from '../api.ts';
import { h } from '../ui/dom.ts';
import { formatNumber, lang, t, tr } from '../ui/i18n.ts';
import type { Tool, ToolContext } from './tool.ts';
import type { MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import { clearOverlay, setOverlay } from '../map/map.ts';
import { basketItems } from './basket.ts';

/** The parcels' layer (its OGC API collection id comes from the portal's catalogue). */
const PARCELS = 'egib:dzialki';
const SESSION_KEY = 'sip-orders';

type ParcelMaterial = 'wypis' | 'wyrys' | 'wypis_wyrys' | 'wypis_budynki';
type AreaMaterial = 'sheet' | 'extract:egib' | 'extract:gesut' | 'extract:bdot500' | 'extract:egib_podstawowe' | 'nmt' | 'model3d';

const MATERIAL_NAMES: Record<ParcelMaterial | AreaMaterial, { pl: string; en: string }> = {
  wypis: { pl: 'Wypis z rejestru gruntów', en: 'Extract from the land register (wypis)' },
  wyrys: { pl: 'Wyrys z mapy ewidencyjnej', en: 'Extract from the cadastral map (wyrys)' },
  wypis_wyrys: { pl: 'Wypis i wyrys', en: 'Wypis and wyrys' },
  wypis_budynki: { pl: 'Wypis z rejestru budynków', en: 'Extract from the building register' },
  sheet: { pl: 'Arkusze mapy zasadniczej (zaznaczone)', en: 'Base map sheets (selected)' },
  'extract:egib': { pl: 'Zbiór danych EGiB z obszaru', en: 'EGiB data set of the area' },
  'extract:gesut': { pl: 'Zbiór danych GESUT z obszaru', en: 'GESUT data set of the area' },
  'extract:bdot500': { pl: 'Zbiór danych BDOT500 z obszaru', en: 'BDOT500 data set of the area' },
  'extract:egib_podstawowe': { pl: 'Działki i budynki: identyfikatory i geometria (bez opłaty)', en: 'Parcels and buildings: identifiers and geometry (free)' },
  nmt: { pl: 'Numeryczny model terenu z obszaru (bez opłaty)', en: 'Terrain model of the area (free)' },
  model3d: { pl: 'Model 3D budynków z obszaru (bez opłaty)', en: '3D building model of the area (free)' },
};


const STATE_EN: Record<string, string> = {
  'złożone': 'placed', 'DOO wystawiony': 'DOO issued', 'opłacone': 'paid', 'zrealizowane': 'released', 'anulowane': 'cancelled', 'wygasłe': 'lapsed',
};
const PARAMETER_WORDS: Record<string, { pl: string; en: string }> = {
  email: { pl: 'Podaj poprawny adres e-mail: bez konta na niego przyjdą informacje o zamówieniu.', en: 'Give a valid e-mail address: without an account the order’s news go there.' },
  payer: { pl: 'Nazwa płatnika może mieć najwyżej 200 znaków.', en: 'The payer’s name may have at most 200 characters.' },
  payerAddress: { pl: 'Adres płatnika może mieć najwyżej 300 znaków.', en: 'The payer’s address may have at most 300 characters.' },
  purpose: { pl: 'Cel może mieć najwyżej 500 znaków.', en: 'The purpose may have at most 500 characters.' },
};

/** A refused quote or order told in the page's language: the field at fault when the problem names one. */
function refusal(err: unknown): string {
  if (err instanceof ApiError) {
    const p = typeof err.problem.parameter === 'string' ? err.problem.parameter : '';
    const known = PARAMETER_WORDS[p];
    if (known) return tr(known);
    return `${t('order.refused')} (${err.status}): ${err.message}`;
  }
  return String(err);
}

const stateText = (s: string) => (lang() === 'pl' ? s : STATE_EN[s] ?? s);
const pln = (v: number) => `${formatNumber(v, 2)} zł`;

interface QuoteLine { material: string; quantity: number; amount: number; legalBasis: string; unit: string; name: string; explanation: string; free?: string; verified: boolean; subject?: string }
interface Quote { total: number; lines: QuoteLine[] }
interface PlacedOrder { id: string; number: string; state: string; total: number; doo: { number: string; href: string; paymentDue: string } | null; accessToken?: string }
interface Remembered { id: string; number: string; token: string }

function remembered(): Remembered[] {
  try { return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? '[]') as Remembered[]; } catch { return []; }
}
function remember(o: Remembered): void {
  try { sessionStorage.setItem(SESSION_KEY, JSON.stringify([o, ...remembered().filter((r) => r.id !== o.id)].slice(0, 20))); } catch { /* storage blocked */ }
}

export class OrderTool implements Tool {
  private readonly parcels: string[] = [];
  /** The chosen parcels' shapes, highlighted on the map while the tool is open. */
  private readonly shapes = new Map<string, Feature>();
  private readonly parcelMaterials = new Set<string>(['wypis']);
  private readonly areaMaterials = new Set<string>();
  private paper = false;
  private quote: Quote | undefined;
  private error = '';
  private placed: PlacedOrder | undefined;
  private visible = false;
  private session: { user: { login: string } | null; csrfToken?: string } | undefined;
  private form = { payer: '', payerAddress: '', purpose: '', email: '' };
  private quoteSeq = 0;

  constructor(private readonly ctx: ToolContext) {
    ctx.area.onChange(() => { if (this.visible) { this.render(); void this.requote(); } });
  }

  private readonly onClick = (e: MapMouseEvent) => { void this.pickParcel(e); };

  /** The parcel under a click: the OGC API items of a 1 m box around it. */
  private async pickParcel(e: MapMouseEvent): Promise<void> {
    const d = 0.00001;
    const { lng, lat } = e.lngLat;
    try {
      const collection = this.ctx.config.layers.find((l) => l.typeName === PARCELS)?.collection;
      if (!collection) return;
      const fc = await getJson<FeatureCollection>(`/ogcapi/collections/${encodeURIComponent(collection)}/items?${new URLSearchParams({ bbox: [lng - d, lat - d, lng + d, lat + d].join(','), limit: '5', f: 'json' })}`);
      const hit = fc.features.find((f) => f.properties?.idDzialki);
      if (!hit) return;
      const id = String(hit.properties!.idDzialki);
      const at = this.parcels.indexOf(id);
      if (at >= 0) { this.parcels.splice(at, 1); this.shapes.delete(id); } else { this.parcels.push(id); this.shapes.set(id, hit); }
      this.highlight();
      this.render();
      await this.requote();
    } catch (err) {
      this.error = refusal(err);
      this.render();
    }
  }

  private items(): Record<string, unknown>[] {
    const a = this.ctx.area.get();
    return basketItems(this.parcels, this.parcelMaterials, this.paper, a, this.areaMaterials);
  }

  private async requote(): Promise<void> {
    const items = this.items();
    const seq = ++this.quoteSeq;
    if (!items.length) { this.quote = undefined; this.error = ''; if (this.visible) this.render(); return; }
    try {
      const q = await getJson<Quote>('/api/fees/quote', { method: 'POST', body: JSON.stringify({ items }), headers: { 'Content-Type': 'application/json', Accept: 'application/json' } });
      if (seq !== this.quoteSeq) return; // a newer basket was priced meanwhile
      this.quote = q; this.error = '';
    } catch (err) {
      if (seq !== this.quoteSeq) return;
      this.quote = undefined; this.error = refusal(err);
    }
    if (this.visible) this.render();
  }

  private async place(): Promise<void> {
    const items = this.items();
    if (!items.length) { this.error = t('order.empty'); this.render(); return; }
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (this.session?.csrfToken) headers['X-CSRF-Token'] = this.session.csrfToken;
    const body = { items, portal: this.ctx.config.id, ...Object.fromEntries(Object.entries(this.form).filter(([, v]) => v.trim() !== '')) };
    try {
      this.placed = await getJson<PlacedOrder>('/api/orders', { method: 'POST', body: JSON.stringify(body), headers });
      if (this.placed.accessToken) remember({ id: this.placed.id, number: this.placed.number, token: this.placed.accessToken });
      this.error = '';
    } catch (err) {
      this.error = refusal(err);
    }
    this.render();
  }

  private async payOnline(order: PlacedOrder): Promise<void> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.session?.csrfToken) headers['X-CSRF-Token'] = this.session.csrfToken;
    if (order.accessToken) headers['X-Order-Token'] = order.accessToken;
    try {
      const r = await getJson<{ redirectUri: string }>(`/api/orders/${encodeURIComponent(order.id)}/payu`, { method: 'POST', headers });
      location.href = r.redirectUri;
    } catch (err) {
      this.error = err instanceof ApiError && err.status === 404 ? t('order.noOnline') : `${t('order.failed')} ${err instanceof Error ? err.message : String(err)}`;
      this.render();
    }
  }

  render(): void {
    if (!this.session) {
      this.session = { user: null };
      void getJson<{ user: { login: string } | null; csrfToken?: string }>('/api/session').then((s) => { this.session = s; if (this.visible) this.render(); }, () => undefined);
    }
    const area = this.ctx.area.get();
    const check = (set: Set<string>, value: string, label: string, disabled = false) => {
      const c = h('input', { type: 'checkbox', name: 'order-material', value, disabled });
      c.checked = set.has(value) && !disabled;
      c.addEventListener('change', () => { if (c.checked) set.add(value); else set.delete(value); void this.requote(); });
      return h('label', {}, c, ' ', label);
    };
    const parcelList = this.parcels.length
      ? h('ul', { id: 'order-parcels' }, ...this.parcels.map((id) => {
        const x = h('button', { type: 'button', class: 'link', 'aria-label': `${t('order.remove')} ${id}` }, t('order.remove'));
        x.addEventListener('click', () => { this.parcels.splice(this.parcels.indexOf(id), 1); this.shapes.delete(id); this.highlight(); this.render(); void this.requote(); });
        return h('li', { 'data-parcel': id }, id, ' ', x);
      }))
      : h('p', { class: 'hint', id: 'order-parcels' }, t('order.noParcels'));
    const paper = h('input', { type: 'checkbox', id: 'order-paper' });
    paper.checked = this.paper;
    paper.addEventListener('change', () => { this.paper = paper.checked; void this.requote(); });
    const field = (key: keyof typeof this.form, label: string, type = 'text') => {
      const i = h('input', { type, id: `order-${key}`, name: key, value: this.form[key], autocomplete: key === 'email' ? 'email' : 'off' });
      i.addEventListener('input', () => { this.form[key] = i.value; });
      return h('label', { class: 'field' }, label, i);
    };
    const placeButton = h('button', { type: 'button', class: 'primary', id: 'order-place', disabled: !this.quote }, t('order.place'));
    placeButton.addEventListener('click', () => { void this.place(); });
    this.ctx.panel.replaceChildren(h('div', { class: 'tool-panel', id: 'order-panel' },
      h('h2', {}, t('order.title')),
      h('p', { class: 'hint' }, t('order.hint')),
      h('h3', {}, t('order.parcels')), parcelList,
      h('fieldset', {}, h('legend', {}, t('order.parcelDocs')),
        h('div', { class: 'checks' }, ...(['wypis', 'wyrys', 'wypis_wyrys', 'wypis_budynki'] as const).map((m) => check(this.parcelMaterials, m, tr(MATERIAL_NAMES[m])))),
        h('label', {}, paper, ' ', t('order.paper'))),
      h('fieldset', {}, h('legend', {}, t('order.areaDocs')),
        area ? null : h('p', { class: 'hint' }, t('order.noArea')),
        // BDOT500 is priced by the tariff but not released by the service yet (server/services/orders/datasets.ts).
        h('div', { class: 'checks' }, ...(['sheet', 'extract:egib', 'extract:gesut', 'extract:egib_podstawowe', 'nmt', 'model3d'] as const)
          .map((m) => check(this.areaMaterials, m, tr(MATERIAL_NAMES[m]), !area || (m === 'sheet' && area.kind !== 'sheets'))))),
      this.quoteView(),
      this.placed ? null : h('fieldset', {}, h('legend', {}, t('order.payer')),
        field('payer', t('order.payer')), field('payerAddress', t('order.payerAddress')), field('purpose', t('order.purpose')),
        this.session?.user ? null : field('email', t('order.email'), 'email'),
        h('p', { class: 'hint' }, t('order.licence')),
        placeButton),
      this.error ? h('p', { class: 'error', role: 'alert' }, this.error) : null,
      this.placed ? this.placedView(this.placed) : null,
      h('h3', {}, t('order.myOrders')),
      h('ul', { class: 'downloads', id: 'order-list' })));
    void this.loadList();
  }

  private quoteView(): HTMLElement | null {
    if (!this.quote) return null;
    const rows = this.quote.lines.map((l) => h('tr', {},
      h('td', {}, `${l.name}${l.subject ? ` – ${l.subject}` : ''}`, h('br', {}), h('small', {}, l.free ?? `${l.explanation}; ${l.legalBasis}${l.verified ? '' : ` (${t('order.unverified')})`}`)),
      h('td', { class: 'num' }, l.amount === 0 ? t('order.free') : pln(l.amount))));
    return h('section', { id: 'order-quote', 'aria-live': 'polite' }, h('h3', {}, t('order.basket')),
      h('table', { class: 'quote' }, h('tbody', {}, ...rows), h('tfoot', {}, h('tr', {}, h('th', {}, t('order.total')), h('th', { class: 'num', id: 'order-total' }, pln(this.quote.total))))));
  }

  private placedView(o: PlacedOrder): HTMLElement {
    const pay = h('button', { type: 'button', id: 'order-pay-online' }, t('order.payOnline'));
    pay.addEventListener('click', () => { void this.payOnline(o); });
    const tokenQuery = o.accessToken ? `?token=${encodeURIComponent(o.accessToken)}` : '';
    return h('section', { id: 'order-placed', 'data-order': o.id, 'data-state': o.state },
      h('h3', {}, `${t('order.placed')}: ${o.number}`),
      h('p', {}, `${stateText(o.state)} · ${pln(o.total)}`),
      o.doo ? h('p', {}, h('a', { href: `${o.doo.href}${tokenQuery}`, id: 'order-doo', target: '_blank', rel: 'noopener' }, `${t('order.doo')} ${o.doo.number}`)) : h('p', {}, t('order.paidFree')),
      o.doo ? h('p', {}, t('order.payBy'), ' ', h('strong', {}, o.doo.number)) : null,
      o.doo ? pay : null,
      o.accessToken ? h('p', {}, t('order.token'), ' ', h('code', { id: 'order-token' }, o.accessToken)) : null);
  }

  /** An account's orders from the server; an anonymous browser's from its session storage. */
  private async loadList(): Promise<void> {
    const list = this.ctx.panel.querySelector('#order-list');
    if (!list) return;
    let items: HTMLElement[] = [];
    try {
      if (this.session?.user) {
        const r = await getJson<{ orders: { id: string; number: string; state: string; total: number; created: string }[] }>('/api/orders');
        items = r.orders.slice(0, 20).map((o) => h('li', { 'data-order': o.id }, `${o.number} · ${o.created.slice(0, 10)} · ${stateText(o.state)} · ${pln(o.total)}`));
      } else {
        const mine = await Promise.all(remembered().map((r) => getJson<PlacedOrder & { created: string }>(`/api/orders/${encodeURIComponent(r.id)}`, { headers: { Accept: 'application/json', 'X-Order-Token': r.token } }).catch(() => undefined)));
        items = mine.filter((o): o is PlacedOrder & { created: string } => !!o).map((o) => h('li', { 'data-order': o.id }, `${o.number} · ${String(o.created).slice(0, 10)} · ${stateText(o.state)} · ${pln(o.total)}`));
      }
    } catch { /* no list */ }
    list.replaceChildren(...(items.length ? items : [h('li', {}, t('order.none'))]));
  }

  private highlight(): void {
    setOverlay(this.ctx.map, 'sip-highlight', { type: 'FeatureCollection', features: [...this.shapes.values()].filter((f) => f.geometry) });
  }

  activate(): void { this.visible = true; this.ctx.map.on('click', this.onClick); this.ctx.map.getCanvas().style.cursor = 'copy'; this.highlight(); void this.requote(); }
  deactivate(): void { this.visible = false; this.ctx.map.off('click', this.onClick); this.ctx.map.getCanvas().style.cursor = ''; clearOverlay(this.ctx.map, 'sip-highlight'); }
}
