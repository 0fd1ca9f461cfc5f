// The WMS layer tree built from the catalogue: a root, one group per register (EGiB, GESUT, SIP), and the
// GESUT branch layers under the all-branch layer they are part of. Requesting a group draws its children.
import type { Layer, Text } from '../../catalog/types.ts';
import type { Role } from '../../catalog/roles.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import { SERVICE_METADATA } from '../ows/service-metadata.ts';
import { layerStyle } from '../../render/styles.ts';

export interface TreeNode {
  name: string;
  title: Text;
  abstract?: Text;
  /** The catalogue layer of a named data layer; absent for groups. */
  layer?: Layer;
  children: TreeNode[];
}

export const ROOT_NAME = 'sip_poznan';

const zIndex = (l: Layer) => layerStyle(l)?.zIndex ?? 50;

export function buildTree(layers: readonly Layer[]): TreeNode {
  const byNamespace = new Map<string, Layer[]>();
  for (const l of layers) {
    const list = byNamespace.get(l.namespace);
    if (list) list.push(l); else byNamespace.set(l.namespace, [l]);
  }
  const groups: TreeNode[] = [];
  for (const [ns, members] of byNamespace) {
    // A layer restricted by a fixed condition nests under the whole-table layer of the same table.
    const parents = new Map(members.filter((l) => !l.where).map((l) => [l.table, l]));
    const nodes = new Map<Layer, TreeNode>(members.map((l) => [l, { name: l.typeName, title: l.title, abstract: l.abstract, layer: l, children: [] }]));
    const top: TreeNode[] = [];
    for (const l of [...members].sort((a, b) => zIndex(a) - zIndex(b))) {
      const parent = l.where ? parents.get(l.table) : undefined;
      if (parent) nodes.get(parent)!.children.push(nodes.get(l)!); else top.push(nodes.get(l)!);
    }
    groups.push({ name: ns, title: members[0]!.group, children: top });
  }
  return { name: ROOT_NAME, title: SERVICE_METADATA.title, abstract: SERVICE_METADATA.abstract, children: groups };
}

/** Every named node of the tree, depth first. */
export function allNodes(root: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (n: TreeNode) => { out.push(n); n.children.forEach(walk); };
  walk(root);
  return out;
}

export function findNode(root: TreeNode, name: string, catalog: Catalog, role: Role): TreeNode | undefined {
  const nodes = allNodes(root);
  const exact = nodes.find((n) => n.name === name);
  if (exact) return exact;
  // Unprefixed layer names as in WFS (dzialki = egib:dzialki when unambiguous), groups in any case.
  const layer = catalog.layer(name, role);
  if (layer) return nodes.find((n) => n.layer === layer);
  return nodes.find((n) => !n.layer && n.name.toLowerCase() === name.toLowerCase());
}

/**
 * The data layers a node draws, bottom first. A data layer with children draws itself alone (its children are
 * parts of it, coloured by the same rules); a group draws its members ordered by paint order.
 */
export function drawnLayers(node: TreeNode): Layer[] {
  if (node.layer) return [node.layer];
  return node.children.flatMap(drawnLayers).sort((a, b) => zIndex(a) - zIndex(b));
}
