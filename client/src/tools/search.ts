// The search box: suggestions while typing for parcels (identifier or any part of it), buildings by identifier,
// addresses and streets, land registers and, for the entitled portals, owners. A listbox of results is keyboard
// operable (arrows, Enter); choosing one zooms to it and opens its feature info.
import { api, ApiError, type SearchHit } from '../api.ts';
import { limitMessage } from './limits.ts';
import { h } from '../ui/dom.ts';
import { lang, t, type WordKey } from '../ui/i18n.ts';
import type { ToolContext } from './tool.ts';

/**
 * The line under a hit: its kind and detail. A street hit says what its number counts ("ulica, 54 budynki"), not
 * "Wielka · 54", which reads like an address.
 */
function describe(r: SearchHit): string {
  if (r.kind === 'street' && !r.featureId && r.count !== undefined) {
    return t('streetBuildings').replace('{n}', lang() === 'pl' ? r.detail : String(r.count));
  }
  return `${t(`kind.${r.kind}` as WordKey)}${r.detail ? ` · ${r.detail}` : ''}`;
}

export class SearchBox {
  private results: SearchHit[] = [];
  private active = -1;
  private seq = 0;
  private input!: HTMLInputElement;
  private list!: HTMLUListElement;
  private status!: HTMLElement;
  private query = '';

  constructor(private readonly ctx: ToolContext, private readonly container: HTMLElement) {}

  render(): void {
    this.input = h('input', { type: 'search', id: 'search-input', autocomplete: 'off', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'search-results', 'aria-autocomplete': 'list', 'aria-describedby': 'search-hint' });
    this.input.value = this.query;
    this.list = h('ul', { id: 'search-results', class: 'search-results', role: 'listbox', 'aria-label': t('searchLabel') });
    this.status = h('p', { class: 'hint', id: 'search-status', 'aria-live': 'polite' });
    const form = h('form', { class: 'search-form', role: 'search' }, h('label', { for: 'search-input', class: 'visually-hidden' }, t('searchLabel')), this.input, h('button', { type: 'submit' }, t('search')));
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.run(true); });
    this.input.addEventListener('input', () => { this.query = this.input.value; void this.run(false); });
    this.input.addEventListener('keydown', (e) => this.key(e));
    this.container.replaceChildren(h('h2', {}, t('searchLabel')), form, h('p', { class: 'hint', id: 'search-hint' }, t('searchHint')), this.status, this.list);
    this.draw();
  }

  private key(e: KeyboardEvent): void {
    if (!this.results.length) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); this.active = (this.active + 1) % this.results.length; this.draw(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); this.active = (this.active - 1 + this.results.length) % this.results.length; this.draw(); }
    else if (e.key === 'Enter' && this.active >= 0) { e.preventDefault(); void this.choose(this.results[this.active]!); }
    else if (e.key === 'Escape') { this.results = []; this.draw(); }
  }

  private async run(chooseFirst: boolean): Promise<void> {
    const q = this.input.value.trim();
    const seq = ++this.seq;
    if (q.length < 2) { this.results = []; this.status.textContent = ''; this.draw(); return; }
    try {
      const r = await api.search(q, this.ctx.config.search);
      if (seq !== this.seq) return; // a newer query is on its way
      this.results = r.results;
      this.active = this.results.length ? 0 : -1;
      this.status.textContent = this.results.length ? '' : t('noResults');
      this.draw();
      if (chooseFirst && this.results[0]) await this.choose(this.results[0]);
    } catch (err) {
      if (seq === this.seq) { this.results = []; this.status.textContent = err instanceof ApiError ? limitMessage(err, lang()) ?? err.message : (err as Error).message; this.draw(); }
    }
  }

  private draw(): void {
    this.input.setAttribute('aria-expanded', String(this.results.length > 0));
    this.list.replaceChildren(...this.results.map((r, i) => {
      const li = h('li', { role: 'option', id: `search-result-${i}`, 'aria-selected': String(i === this.active), 'data-kind': r.kind },
        r.label, h('span', { class: 'kind' }, describe(r)));
      li.addEventListener('click', () => { void this.choose(r); });
      return li;
    }));
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `search-result-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private async choose(hit: SearchHit): Promise<void> {
    const [w, s, e, n] = hit.bbox;
    this.ctx.map.fitBounds([[w, s], [e, n]], { padding: 60, maxZoom: 19, duration: 0 });
    const layer = this.ctx.config.layers.find((l) => l.typeName === hit.layer);
    if (hit.featureId && layer) await this.ctx.showFeature(layer.collection, hit.featureId);
  }
}
