// Picking PL-2000 map sheets: the grid of the chosen scale is fetched from the service's sheet index for the
// view, clicking a sheet selects it; selected sheets are a download area and can be had as map sheets.
import type { FeatureCollection } from 'geojson';
import type { MapMouseEvent } from 'maplibre-gl';
import { ApiError, getJson } from '../api.ts';
import { clearOverlay, setOverlay } from '../map/map.ts';
import { h } from '../ui/dom.ts';
import { t } from '../ui/i18n.ts';
import type { Tool, ToolContext } from './tool.ts';

const SCALES = [10_000, 5_000, 2_000, 1_000, 500];
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export class SheetsTool implements Tool {
  private scale: number;
  private grid: FeatureCollection = { type: 'FeatureCollection', features: [] };
  private readonly selected = new Set<string>();
  private message = '';
  private active = false;
  private readonly onMove = () => { void this.load(); };
  private readonly onClick = (e: MapMouseEvent) => {
    const hit = this.ctx.map.queryRenderedFeatures(e.point, { layers: ['sip-sheets-fill'] })[0];
    const godlo = hit?.properties?.godlo as string | undefined;
    if (!godlo) return;
    if (this.selected.has(godlo)) this.selected.delete(godlo); else this.selected.add(godlo);
    this.publish();
  };

  constructor(private readonly ctx: ToolContext) { this.scale = ctx.config.sheetScale; }

  private publish(): void {
    for (const f of this.grid.features) f.properties = { ...f.properties, selected: this.selected.has(String(f.properties?.godlo)) };
    setOverlay(this.ctx.map, 'sip-sheets', this.grid);
    this.ctx.area.set(this.selected.size ? { kind: 'sheets', scale: this.scale, sheets: [...this.selected].sort() } : undefined);
    this.render();
  }

  async load(): Promise<void> {
    if (!this.active) return;
    const b = this.ctx.map.getBounds();
    const q = new URLSearchParams({ scale: String(this.scale), bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(7)).join(','), 'bbox-crs': CRS84, crs: CRS84 });
    try {
      this.grid = await getJson<FeatureCollection>(`/api/sheets?${q}`);
      this.message = '';
    } catch (err) {
      this.grid = { type: 'FeatureCollection', features: [] };
      this.message = err instanceof ApiError && err.status !== 404 ? t('zoomInForSheets') : t('sheetsUnavailable');
    }
    this.publish();
  }

  render(): void {
    const select = h('select', { id: 'sheet-scale' }, ...SCALES.map((s) => {
      const o = h('option', { value: String(s) }, `1:${s}`);
      o.selected = s === this.scale;
      return o;
    }));
    select.addEventListener('change', () => { this.scale = Number(select.value); this.selected.clear(); void this.load(); });
    const list = [...this.selected].sort();
    const layers = this.ctx.layers.effectiveLayers().join(',');
    this.ctx.panel.replaceChildren(h('div', { class: 'tool-panel', id: 'sheets-panel' },
      h('h2', {}, t('sheetsTitle')),
      h('label', { class: 'field' }, t('sheetScale'), select),
      h('p', { class: 'hint' }, t('sheetsHint')),
      this.message ? h('p', { class: 'hint' }, this.message) : null,
      h('p', {}, `${t('sheetsSelected')}: ${list.length}`),
      h('ul', { class: 'sheet-list' }, ...list.map((g) => h('li', { 'data-godlo': g }, g, ' ',
        ...['pdf', 'tif', 'png'].map((ext) => h('a', { href: `/api/sheets/${encodeURIComponent(g)}/map.${ext}?layers=${encodeURIComponent(layers)}`, download: '' }, ` ${ext.toUpperCase()}`)))))));
  }

  activate(): void {
    this.active = true;
    this.ctx.map.on('moveend', this.onMove);
    this.ctx.map.on('click', this.onClick);
    void this.load();
  }

  deactivate(): void {
    this.active = false;
    this.ctx.map.off('moveend', this.onMove);
    this.ctx.map.off('click', this.onClick);
    if (this.ctx.area.get()?.kind !== 'sheets') clearOverlay(this.ctx.map, 'sip-sheets');
  }
}
