// A map request to pixels in two steps. fetchMapScene (on the event loop): the layers visible at the scale are
// queried at once (one query each) and their rows grouped by symbol into path strings, with the label
// candidates. drawScene (in a render thread, render-pool.ts, or inline): the groups are painted bottom to top
// and labelled last across all layers. Only plain data passes between the two.
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Queryable } from '../db/database.ts';
import type { MapRequest } from './map-request.ts';
import { inScaleRange, nativeBox, nativePixelSize, scaleDenominator, symbolScale } from './map-request.ts';
import { labelFactor, layerStyle, strokeFactor, usableRules, type StyleRule, type Symbolizer } from './styles.ts';
import { fetchLayer, geometryKind, planLayerSql } from './query.ts';
import { drawGroups, groupFeatures, type DrawGroup, type GeometryKind } from './draw.ts';
import { placeAndDrawLabels, type LabelCandidate } from './labels.ts';
import { ensureFonts } from './fonts.ts';

export interface RenderStats { scale: number; layers: number; features: number; labels: number }

/** Everything drawing needs, as plain data (structured-cloneable: it may go to a render thread). */
export interface MapScene {
  width: number;
  height: number;
  transparent: boolean;
  background: string;
  /** Symbol size factor (output dpi). */
  k: number;
  /** Stroke thinning at small scales. */
  widthFactor: number;
  /** Label size factor (dpi and scale). */
  labelK: number;
  layers: { kind: GeometryKind; groups: DrawGroup[] }[];
  labels: LabelCandidate[];
}

/** Pixels around the view that can still put ink in it: half the widest stroke plus a point's radius. */
function symbolMargin(base: Symbolizer, rules: readonly StyleRule[], k: number): number {
  const widths = [base.strokeWidth, ...rules.map((r) => r.set.strokeWidth ?? 0)];
  return Math.ceil((Math.max(...widths) / 2 + (base.radius ?? 0) + 2) * k);
}

export function createMapCanvas(req: Pick<MapRequest, 'width' | 'height' | 'transparent' | 'background'>): Canvas {
  const canvas = createCanvas(req.width, req.height);
  if (!req.transparent) {
    const g = canvas.getContext('2d');
    g.fillStyle = req.background;
    g.fillRect(0, 0, req.width, req.height);
  }
  return canvas;
}

/** Queries the layers of a map and prepares what is to be drawn; stats.labels counts candidates until drawn. */
export async function fetchMapScene(db: Queryable, req: MapRequest): Promise<{ scene: MapScene; stats: RenderStats }> {
  const scale = scaleDenominator(req);
  const k = symbolScale(req);
  const nativePixel = nativePixelSize(req);
  const stats: RenderStats = { scale, layers: 0, features: 0, labels: 0 };

  const jobs = req.layers.flatMap(({ layer, style: styleName }) => {
    if (!inScaleRange(layer.scale, scale)) return [];
    const style = layerStyle(layer, styleName);
    if (!style) return [];
    const box = nativeBox(req, symbolMargin(style.symbol, style.rules, k));
    if (!box) return [];
    const rules = usableRules(layer, style, req.role, scale);
    const withLabels = !!style.label && scale <= style.label.maxScale * (1 + 1e-6);
    const plan = planLayerSql(layer, req.role, rules, style.label, { req, nativeBox: box, nativePixel, withLabels }, style.symbol);
    return [{ layer, style, rules, features: fetchLayer(db, plan) }];
  });
  // Every query is started before the first is awaited; a failure of one is not left unhandled.
  const results = await Promise.all(jobs.map((j) => j.features));

  const labelK = k * labelFactor(scale);
  const scene: MapScene = {
    width: req.width, height: req.height, transparent: req.transparent, background: req.background,
    k, widthFactor: strokeFactor(scale), labelK, layers: [], labels: [],
  };
  jobs.forEach((job, i) => {
    const features = results[i]!;
    const kind = geometryKind(job.layer);
    scene.layers.push({ kind, groups: groupFeatures(kind, features, job.style.symbol, job.rules, k) });
    stats.layers++;
    for (const f of features) stats.features += f.count ?? 1;
    const ls = job.style.label;
    if (!ls) return;
    // Only candidates that can be placed go on: text, and room for it when the style asks for some.
    const minRadius = ls.minRadius === undefined ? 0 : ls.minRadius * labelK;
    for (const f of features) {
      const l = f.label;
      if (l && l.text.trim() !== '' && (l.radius === 0 || l.radius >= minRadius)) scene.labels.push({ ...l, style: ls });
    }
  });
  return { scene, stats };
}

/** Paints a scene: the layers' groups in order, then the labels; returns the canvas and the labels placed. */
export function drawScene(scene: MapScene): { canvas: Canvas; labels: number } {
  ensureFonts();
  const canvas = createMapCanvas(scene);
  const g = canvas.getContext('2d');
  for (const layer of scene.layers) drawGroups(g, layer.kind, layer.groups, scene.k, scene.widthFactor);
  const labels = placeAndDrawLabels(g, scene.labels, scene.width, scene.height, scene.labelK);
  return { canvas, labels };
}

/** A map as a canvas, drawn on the calling thread (render-pool.ts renderMapImage draws and encodes off it). */
export async function renderMap(db: Queryable, req: MapRequest): Promise<{ canvas: Canvas; stats: RenderStats }> {
  const { scene, stats } = await fetchMapScene(db, req);
  const { canvas, labels } = drawScene(scene);
  return { canvas, stats: { ...stats, labels } };
}
