// Which catalogue layers are shown. A catalogue layer is drawn by the style layers that carry its type name in
// their metadata ("sip:layer"); a layer that is a selection of another (one network branch of all lines) is
// drawn by its parent's style layers with a filter on the selecting attribute.
import type { Map as MapLibreMap, FilterSpecification } from 'maplibre-gl';
import type { ClientLayer } from '../api.ts';

export class LayerVisibility {
  private readonly visible = new Set<string>();
  private readonly baseFilters = new Map<string, FilterSpecification | undefined>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly map: MapLibreMap, readonly layers: readonly ClientLayer[], initial: readonly string[]) {
    for (const l of this.styleLayers()) this.baseFilters.set(l.id, (l as { filter?: FilterSpecification }).filter);
    const known = new Set(layers.map((l) => l.typeName));
    for (const t of initial) if (known.has(t)) this.visible.add(t);
    this.completeChildren();
    this.apply();
  }

  private styleLayers() {
    return (this.map.getStyle().layers ?? []).filter((l) => typeof (l.metadata as Record<string, unknown> | undefined)?.['sip:layer'] === 'string');
  }

  isVisible(typeName: string): boolean { return this.visible.has(typeName); }

  /** The visible layers, in catalogue order. */
  visibleLayers(): string[] { return this.layers.filter((l) => this.visible.has(l.typeName)).map((l) => l.typeName); }

  /** The layers to query for feature info and to ask the WMS for: a parent when shown whole, else its shown children. */
  effectiveLayers(): string[] {
    return this.layers.filter((l) => this.visible.has(l.typeName) && !(l.parent && this.visible.has(l.parent))).map((l) => l.typeName);
  }

  set(typeName: string, on: boolean): void {
    if (on) this.visible.add(typeName); else this.visible.delete(typeName);
    const layer = this.layers.find((l) => l.typeName === typeName);
    // Checking a parent shows all its children; unchecking it hides them.
    if (layer && !layer.parent) for (const c of this.children(typeName)) { if (on) this.visible.add(c.typeName); else this.visible.delete(c.typeName); }
    // A parent whose children are all shown is shown whole.
    if (layer?.parent) {
      const siblings = this.children(layer.parent);
      if (siblings.every((c) => this.visible.has(c.typeName))) this.visible.add(layer.parent); else this.visible.delete(layer.parent);
    }
    this.apply();
    for (const f of this.listeners) f();
  }

  setAll(typeNames: readonly string[]): void {
    this.visible.clear();
    for (const t of typeNames) this.visible.add(t);
    this.completeChildren();
    this.apply();
    for (const f of this.listeners) f();
  }

  /** A parent shown whole shows each of its children. */
  private completeChildren(): void {
    for (const l of this.layers) if (l.parent && this.visible.has(l.parent)) this.visible.add(l.typeName);
  }

  onChange(f: () => void): void { this.listeners.add(f); }

  children(parent: string): ClientLayer[] { return this.layers.filter((l) => l.parent === parent); }

  private apply(): void {
    for (const sl of this.styleLayers()) {
      const typeName = (sl.metadata as Record<string, string>)['sip:layer']!;
      const children = this.children(typeName);
      const whole = this.visible.has(typeName);
      const shownChildren = children.filter((c) => this.visible.has(c.typeName));
      const on = whole || shownChildren.length > 0;
      this.map.setLayoutProperty(sl.id, 'visibility', on ? 'visible' : 'none');
      if (!children.length) continue;
      const base = this.baseFilters.get(sl.id);
      let filter: FilterSpecification | undefined = base;
      if (!whole && shownChildren.length) {
        const attribute = shownChildren[0]!.selection!.attribute;
        const selection: FilterSpecification = ['in', ['get', attribute], ['literal', shownChildren.map((c) => c.selection!.value)]];
        filter = base ? ['all', base, selection] as FilterSpecification : selection;
      }
      this.map.setFilter(sl.id, filter ?? null);
    }
  }
}
