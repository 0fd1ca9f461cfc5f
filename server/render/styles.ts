// Styles as the renderer uses them. The style data (colours, per-value rules, paint order, label typography)
// is in the catalogue (catalog/layers.ts, catalog/styles.ts); resolving it — a layer's style, the rules of a
// scale and role, a feature's symbol — is the shared style model (style/model.ts), which the MapLibre style
// and the legends use too. Only what is particular to drawing with Skia is defined here.
import type { Symbolizer } from '../style/model.ts';

export {
  DEFAULT_STYLE, labelFactor, layerStyle, resolveSymbol, strokeFactor, styleNames, usableRules,
  type LabelStyle, type RenderStyle, type StyleRule, type Symbolizer,
} from '../style/model.ts';

/** A stable key of a symbolizer: features with equal keys are drawn in one path. */
export function symbolKey(s: Symbolizer): string {
  return `${s.fill ?? ''}|${s.fillOpacity ?? ''}|${s.stroke}|${s.strokeWidth}|${s.dash?.join(',') ?? ''}|${s.radius ?? ''}`;
}
