// Drawing a polygon that defines a download area.
import type { Feature } from 'geojson';
import { lineString, polygon, kinks } from '@turf/turf';
import { clearOverlay, setOverlay } from '../map/map.ts';
import { h } from '../ui/dom.ts';
import { formatNumber, t } from '../ui/i18n.ts';
import type { Tool, ToolContext } from './tool.ts';
import { VertexInput } from './vertices.ts';
import { geodesicArea } from '../geo/measure.ts';

export class DrawTool implements Tool {
  private readonly input: VertexInput;
  private status!: HTMLElement;

  constructor(private readonly ctx: ToolContext) {
    this.input = new VertexInput(ctx.map, () => this.update(), 3);
  }

  render(): void {
    const clear = h('button', { type: 'button' }, t('clear'));
    clear.addEventListener('click', () => { this.input.clear(); this.ctx.area.set(undefined); });
    this.status = h('div', { 'aria-live': 'polite', id: 'draw-status' });
    this.ctx.panel.replaceChildren(h('div', { class: 'tool-panel' }, h('h2', {}, t('drawTitle')), h('p', { class: 'hint' }, t('drawHint')), clear, this.status));
    this.update();
  }

  private update(): void {
    const pts = this.input.points;
    const features: Feature[] = pts.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } }));
    if (pts.length >= 3) features.push(polygon([[...pts, pts[0]!]]));
    else if (pts.length === 2) features.push(lineString(pts));
    setOverlay(this.ctx.map, 'sip-draw', { type: 'FeatureCollection', features });
    if (this.input.finished && pts.length >= 3) {
      const poly = polygon([[...pts, pts[0]!]]);
      if (kinks(poly).features.length) { this.status?.replaceChildren(h('p', { class: 'error' }, '✗')); return; }
      this.ctx.area.set({ kind: 'polygon', polygon: poly.geometry });
      this.status?.replaceChildren(h('p', {}, `${t('areaReady')} ${formatNumber(geodesicArea(pts).area / 10_000, 4)} ha`));
    } else this.status?.replaceChildren();
  }

  activate(): void { this.input.enable(); }
  deactivate(): void { this.input.disable(); if (this.ctx.area.get()?.kind !== 'polygon') clearOverlay(this.ctx.map, 'sip-draw'); }
}
