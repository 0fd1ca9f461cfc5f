// Feature info: a click asks the service's WMS GetFeatureInfo (the same hit test and access rules as desktop GIS
// clients get) for the visible layers, and shows the attributes under the catalogue's titles.
import maplibregl, { type MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import { api, getJson, type ClientLayer } from '../api.ts';
import { transform } from '../../../server/crs/definitions.ts';
import { clearOverlay, setOverlay } from '../map/map.ts';
import { h } from '../ui/dom.ts';
import { lang, t, tr } from '../ui/i18n.ts';
import { NAME_ATTRIBUTES, formatValue } from '../ui/values.ts';
import type { Tool, ToolContext } from './tool.ts';

type InfoFeature = Feature & { layer?: string };


/** The popup body of features: one titled table per feature, attribute titles from the catalogue. */
export function featureTables(features: readonly InfoFeature[], layers: readonly ClientLayer[]): HTMLElement {
  const byType = new Map(layers.map((l) => [l.typeName, l]));
  const byCollection = new Map(layers.map((l) => [l.collection, l]));
  return h('div', { class: 'feature-popup' }, ...features.map((f) => {
    const layer = (f.layer && byType.get(f.layer)) || byCollection.get(String(f.id ?? '').split('.')[0] ?? '');
    const props = f.properties ?? {};
    const rows = (layer?.attributes ?? Object.keys(props).map((name) => ({ name, title: { pl: name, en: name } })))
      // Codes are shown with their names, so the computed name attributes beside them would only repeat them.
      .filter((a) => a.name in props && !NAME_ATTRIBUTES.has(a.name))
      .map((a) => h('tr', {}, h('th', { scope: 'row' }, tr(a.title)), h('td', { 'data-attr': a.name }, formatValue(a.name, props[a.name], lang(), layer?.typeName))));
    // A planned building opens in the 3D view with its shadow study.
    const key = String(f.id ?? '').split('.')[1];
    const view3d = layer?.typeName === 'sip:budynki_projektowane' && key
      ? h('p', {}, h('a', { href: `/widok-3d?planned=${encodeURIComponent(key)}&lang=${lang()}`, class: 'open-3d' }, t('open3dPlanned'))) : null;
    return h('section', { class: 'feature-info', 'data-feature': String(f.id ?? '') },
      h('h3', {}, layer ? tr(layer.title) : String(f.layer ?? '')), h('table', {}, h('tbody', {}, ...rows)), view3d);
  }));
}

export class FeatureInfo {
  private popup: maplibregl.Popup | undefined;
  constructor(private readonly ctx: ToolContext) {}

  show(features: InfoFeature[], at: [number, number]): void {
    this.popup?.remove();
    if (!features.length) {
      clearOverlay(this.ctx.map, 'sip-highlight');
      this.popup = new maplibregl.Popup({ maxWidth: '380px' }).setLngLat(at).setDOMContent(h('p', {}, t('noFeature'))).addTo(this.ctx.map);
      return;
    }
    setOverlay(this.ctx.map, 'sip-highlight', { type: 'FeatureCollection', features: features.filter((f) => f.geometry) });
    this.popup = new maplibregl.Popup({ maxWidth: '380px' }).setLngLat(at).setDOMContent(featureTables(features, this.ctx.config.layers)).addTo(this.ctx.map);
    this.popup.on('close', () => clearOverlay(this.ctx.map, 'sip-highlight'));
  }

  async showById(collection: string, featureId: string): Promise<void> {
    const f = await api.feature(collection, featureId);
    const layer = this.ctx.config.layers.find((l) => l.collection === collection);
    const centre = centreOf(f);
    this.show([{ ...f, ...(layer ? { layer: layer.typeName } : {}) }], centre);
  }

  /** GetFeatureInfo at a map click, for the layers shown. */
  async query(e: MapMouseEvent): Promise<void> {
    const layers = this.ctx.layers.effectiveLayers();
    if (!layers.length) return;
    const map = this.ctx.map;
    const canvas = map.getCanvas();
    const width = canvas.clientWidth, height = canvas.clientHeight;
    const b = map.getBounds();
    const [minx, miny] = transform('CRS:84', 'EPSG:3857', [b.getWest(), b.getSouth()]);
    const [maxx, maxy] = transform('CRS:84', 'EPSG:3857', [b.getEast(), b.getNorth()]);
    const q = new URLSearchParams({
      SERVICE: 'WMS', VERSION: '1.3.0', REQUEST: 'GetFeatureInfo', LAYERS: layers.join(','), QUERY_LAYERS: layers.join(','), STYLES: '',
      CRS: 'EPSG:3857', BBOX: [minx, miny, maxx, maxy].join(','), WIDTH: String(width), HEIGHT: String(height),
      I: String(Math.round(e.point.x)), J: String(Math.round(e.point.y)), INFO_FORMAT: 'application/json', FEATURE_COUNT: '5', FORMAT: 'image/png',
    });
    const fc = await getJson<FeatureCollection>(`${this.ctx.config.wms}?${q}`);
    this.show(fc.features as InfoFeature[], [e.lngLat.lng, e.lngLat.lat]);
  }

  close(): void { this.popup?.remove(); }
}

function centreOf(f: Feature): [number, number] {
  const coords: number[][] = [];
  const walk = (c: unknown): void => { if (Array.isArray(c) && typeof c[0] === 'number') coords.push(c as number[]); else if (Array.isArray(c)) c.forEach(walk); };
  walk((f.geometry as { coordinates?: unknown } | null)?.coordinates);
  if (!coords.length) return [0, 0];
  const xs = coords.map((c) => c[0]!), ys = coords.map((c) => c[1]!);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

/** The default tool: clicks on the map show feature info. */
export class InfoTool implements Tool {
  private readonly onClick = (e: MapMouseEvent) => { void this.info.query(e).catch(() => this.info.show([], [e.lngLat.lng, e.lngLat.lat])); };
  constructor(private readonly ctx: ToolContext, private readonly info: FeatureInfo) {}
  render(): void { this.ctx.panel.replaceChildren(h('div', { class: 'tool-panel' }, h('h2', {}, t('tool.info')), h('p', { class: 'hint' }, t('infoHint')))); }
  activate(): void { this.ctx.map.on('click', this.onClick); this.ctx.map.getCanvas().style.cursor = 'help'; }
  deactivate(): void { this.ctx.map.off('click', this.onClick); this.info.close(); this.ctx.map.getCanvas().style.cursor = ''; }
}
