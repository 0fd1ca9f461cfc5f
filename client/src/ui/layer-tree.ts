// The layer tree: catalogue groups, their layers with visibility and legend, network branches under their parent.
import type { ClientLayer } from '../api.ts';
import type { LayerVisibility } from '../map/layers.ts';
import { h } from './dom.ts';
import { formatNumber, t, tr } from './i18n.ts';

export interface LayerTreeOptions {
  /** Offer the WMS image overlay (portals for professional users). */
  wms?: { on: boolean; toggle(on: boolean): void };
}

export function renderLayerTree(container: HTMLElement, layers: LayerVisibility, opts: LayerTreeOptions): void {
  const groups = new Map<string, ClientLayer[]>();
  for (const l of layers.layers) {
    if (l.parent) continue;
    const key = tr(l.group);
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  const item = (l: ClientLayer): HTMLLIElement => {
    const id = `layer-${l.typeName.replace(':', '-')}`;
    const box = h('input', { type: 'checkbox', id, 'data-layer': l.typeName });
    box.checked = layers.isVisible(l.typeName);
    box.addEventListener('change', () => layers.set(l.typeName, box.checked));
    const legend = h('img', { class: 'legend', alt: `${t('legend')}: ${tr(l.title)}`, hidden: true, loading: 'lazy' });
    const legendButton = h('button', { type: 'button', class: 'legend-toggle', 'aria-expanded': 'false', 'aria-controls': `${id}-legend` }, t('showLegend'));
    legend.id = `${id}-legend`;
    legendButton.addEventListener('click', () => {
      const open = legend.hidden;
      if (open && !legend.src) legend.src = l.legendUrl;
      legend.hidden = !open;
      legendButton.setAttribute('aria-expanded', String(open));
    });
    const scaleNote = l.scale?.max ? h('span', { class: 'scale-note' }, ` (${t('fromScale')}${formatNumber(l.scale.max, 0)})`) : null;
    const children = layers.children(l.typeName);
    return h('li', {},
      h('label', { for: id }, box, h('span', {}, tr(l.title), scaleNote), legendButton),
      legend,
      children.length ? h('ul', {}, ...children.map(item)) : null);
  };
  const sections: HTMLElement[] = [...groups].map(([title, ls]) =>
    h('details', { open: true }, h('summary', {}, title), h('ul', {}, ...ls.map(item))));
  if (opts.wms) {
    const box = h('input', { type: 'checkbox', id: 'layer-wms' });
    box.checked = opts.wms.on;
    box.addEventListener('change', () => opts.wms!.toggle(box.checked));
    sections.push(h('details', { open: true }, h('summary', {}, t('wmsGroup')),
      h('ul', {}, h('li', {}, h('label', { for: 'layer-wms' }, box, t('wmsOverlay'))))));
  }
  container.replaceChildren(h('div', { class: 'layer-tree' }, h('h2', {}, t('layers')), ...sections));
  // Keep the boxes in step when a permalink or a parent changes visibility.
  layers.onChange(() => container.querySelectorAll<HTMLInputElement>('input[data-layer]').forEach((b) => { b.checked = layers.isVisible(b.dataset.layer!); }));
}
