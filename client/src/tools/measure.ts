// The measurement tool: click points, read the geodesic length or area (geo/measure.ts) and the vertices.
import { formatMetres } from '../ui/values.ts';
import { lineString, polygon } from '@turf/turf';
import type { Feature } from 'geojson';
import { transform } from '../../../server/crs/definitions.ts';
import { clearOverlay, setOverlay } from '../map/map.ts';
import { h } from '../ui/dom.ts';
import { formatNumber, lang, t } from '../ui/i18n.ts';
import type { Tool, ToolContext } from './tool.ts';
import { VertexInput } from './vertices.ts';
import { geodesicArea, geodesicLength, gridLength } from '../geo/measure.ts';

export class MeasureTool implements Tool {
  private mode: 'distance' | 'area' = 'distance';
  private readonly input: VertexInput;
  private result!: HTMLElement;

  constructor(private readonly ctx: ToolContext) {
    this.input = new VertexInput(ctx.map, () => this.update());
  }

  render(): void {
    const modeButton = (m: 'distance' | 'area', label: string) => {
      const b = h('button', { type: 'button', 'aria-pressed': String(this.mode === m), 'data-mode': m }, label);
      b.addEventListener('click', () => { this.mode = m; this.input.clear(); this.render(); });
      return b;
    };
    const clear = h('button', { type: 'button', id: 'measure-clear' }, t('clear'));
    clear.addEventListener('click', () => this.input.clear());
    this.result = h('div', { id: 'measure-result', 'aria-live': 'polite' });
    this.ctx.panel.replaceChildren(h('div', { class: 'tool-panel', id: 'measure-panel' },
      h('h2', {}, t('measureTitle')),
      h('div', { class: 'toolbar', role: 'group' }, modeButton('distance', t('measureDistance')), modeButton('area', t('measureArea')), clear),
      h('p', { class: 'hint' }, t('measureHint')),
      this.result));
    this.update();
  }

  private update(): void {
    const pts = this.input.points;
    const features: Feature[] = pts.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } }));
    if (this.mode === 'distance' && pts.length >= 2) features.push(lineString(pts));
    if (this.mode === 'area' && pts.length >= 3) features.push(polygon([[...pts, pts[0]!]]));
    else if (this.mode === 'area' && pts.length === 2) features.push(lineString(pts));
    setOverlay(this.ctx.map, 'sip-measure', { type: 'FeatureCollection', features });
    if (!this.result) return;
    const lines: HTMLElement[] = [];
    if (this.mode === 'distance' && pts.length >= 2) {
      const s = geodesicLength(pts);
      lines.push(h('p', { class: 'measure-result', 'data-metres': s.toFixed(4) }, `${t('length')}: ${formatNumber(s, 2)} m`));
      lines.push(h('p', { class: 'hint' }, `PL-2000: ${formatNumber(gridLength(pts), 2)} m`));
    }
    if (this.mode === 'area' && pts.length >= 3) {
      const { area, perimeter } = geodesicArea(pts);
      lines.push(h('p', { class: 'measure-result', 'data-square-metres': area.toFixed(4) }, `${t('measureArea')}: ${formatNumber(area, 2)} m² (${formatNumber(area / 10_000, 4)} ha)`));
      lines.push(h('p', {}, `${t('perimeter')}: ${formatNumber(perimeter, 2)} m`));
    }
    if (pts.length) {
      lines.push(h('p', { class: 'hint' }, t('vertices')));
      lines.push(h('ol', { class: 'vertex-list' }, ...pts.map(([lng, lat]) => {
        const [e, n] = transform('CRS:84', 'EPSG:2177', [lng, lat]);
        return h('li', { 'data-lng': String(lng), 'data-lat': String(lat) }, `X ${formatMetres(n, lang())}  Y ${formatMetres(e, lang())}`);
      })));
    }
    this.result.replaceChildren(...lines);
  }

  activate(): void { this.input.enable(); }
  deactivate(): void { this.input.disable(); this.input.clear(); clearOverlay(this.ctx.map, 'sip-measure'); }
}
