// GetLegendGraphic (SLD 1.1 WMS profile): the legend of a layer or group as an image, drawn from the styles
// the maps use. WIDTH/HEIGHT are the size of each symbol, as SLD defines them.
import type { Catalog } from '../../catalog/catalog.ts';
import type { Role } from '../../catalog/roles.ts';
import { OwsException } from '../../errors/service-error.ts';
import type { Kvp } from '../ows/params.ts';
import { DEFAULT_STYLE, layerStyle } from '../../render/styles.ts';
import { drawLegend, legendLayout } from '../../render/legend.ts';
import { contentType, encodeImage } from '../../render/encode.ts';
import { drawnLayers, findNode, type TreeNode } from './layer-tree.ts';
import { imageFormat } from './map-params.ts';
import type { ImageResponse } from './get-map.ts';

function optionalSize(kvp: Kvp, name: string): number | undefined {
  const raw = kvp.get(name)?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new OwsException('InvalidParameterValue', `${name} must be a positive integer, got "${raw}"`, name);
  return Number(raw);
}

export async function getLegendGraphic(kvp: Kvp, tree: TreeNode, catalog: Catalog, role: Role): Promise<ImageResponse> {
  const name = kvp.get('LAYER')?.trim();
  if (!name) throw new OwsException('MissingParameterValue', 'Parameter LAYER is required', 'LAYER');
  const node = findNode(tree, name, catalog, role);
  if (!node) throw new OwsException('LayerNotDefined', `Layer "${name}" is not offered by this service`, 'LAYER');
  const style = kvp.get('STYLE')?.trim() || DEFAULT_STYLE;
  const known = node.layer ? !!layerStyle(node.layer, style) : style.toLowerCase() === DEFAULT_STYLE;
  if (!known) throw new OwsException('StyleNotDefined', `Layer ${node.name} has no style "${style}"`, 'STYLE');
  const formatRaw = kvp.get('FORMAT')?.trim() || 'image/png';
  const format = imageFormat(formatRaw);
  if (!format) throw new OwsException('InvalidFormat', `Format ${formatRaw} is not offered for legends (image/png, image/jpeg, image/webp)`, 'FORMAT');
  const language = kvp.get('LANGUAGE')?.trim().toLowerCase().startsWith('en') ? 'en' : 'pl';
  const layout = legendLayout(drawnLayers(node), { language, swatchWidth: optionalSize(kvp, 'WIDTH'), swatchHeight: optionalSize(kvp, 'HEIGHT') }, style);
  const transparent = kvp.get('TRANSPARENT')?.trim().toUpperCase() === 'TRUE' && format !== 'jpeg';
  return { contentType: contentType(format), body: await encodeImage(drawLegend(layout, transparent), format, transparent) };
}
