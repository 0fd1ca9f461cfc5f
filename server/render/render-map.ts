// A map request to pixels: the layers visible at the scale are queried at once (one query each), drawn
// bottom to top, and labelled last across all layers.
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Queryable } from '../db/database.ts';
import type { MapRequest } from './map-request.ts';
import { inScaleRange, nativeBox, nativePixelSize, scaleDenominator, symbolScale } from './map-request.ts';
import { labelFactor, layerStyle, strokeFactor, usableRules, type StyleRule, type Symbolizer } from './styles.ts';
import { fetchLayer, geometryKind, planLayerSql } from './query.ts';
import { drawFeatures } from './draw.ts';
import { placeAndDrawLabels, type LabelCandidate } from './labels.ts';
import { ensureFonts } from './fonts.ts';

export interface RenderStats { scale: number; layers: number; features: number; labels: number }

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

export async function renderMap(db: Queryable, req: MapRequest): Promise<{ canvas: Canvas; stats: RenderStats }> {
  ensureFonts();
  const canvas = createMapCanvas(req);
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
    const plan = planLayerSql(layer, req.role, rules, style.label?.attribute, { req, nativeBox: box, nativePixel, withLabels });
    return [{ layer, style, rules, features: fetchLayer(db, plan) }];
  });
  // Every query is started before the first is awaited; a failure of one is not left unhandled.
  const results = await Promise.all(jobs.map((j) => j.features));

  const g = canvas.getContext('2d');
  const labels: LabelCandidate[] = [];
  jobs.forEach((job, i) => {
    const features = results[i]!;
    drawFeatures(g, geometryKind(job.layer), features, job.style.symbol, job.rules, k, strokeFactor(scale));
    stats.layers++;
    stats.features += features.length;
    const ls = job.style.label;
    if (ls) for (const f of features) if (f.label) labels.push({ ...f.label, style: ls });
  });
  stats.labels = placeAndDrawLabels(g, labels, req.width, req.height, k * labelFactor(scale));
  return { canvas, stats };
}
