// What every tool of a portal page gets, and what it offers the page. One tool at a time owns map clicks.
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { PortalConfig } from '../api.ts';
import type { LayerVisibility } from '../map/layers.ts';
import type { Polygon } from 'geojson';

/** The area a download is for: a drawn polygon or selected sheets (CRS:84 geometry for display). */
export type DownloadArea =
  | { kind: 'polygon'; polygon: Polygon }
  | { kind: 'sheets'; scale: number; sheets: string[] };

export class AreaStore {
  private current: DownloadArea | undefined;
  private readonly listeners = new Set<() => void>();
  get(): DownloadArea | undefined { return this.current; }
  set(area: DownloadArea | undefined): void { this.current = area; for (const f of this.listeners) f(); }
  onChange(f: () => void): void { this.listeners.add(f); }
}

export interface ToolContext {
  map: MapLibreMap;
  config: PortalConfig;
  layers: LayerVisibility;
  area: AreaStore;
  /** Where the active tool shows its panel. */
  panel: HTMLElement;
  /** Opens feature info for a feature (from search or a click). */
  showFeature(collection: string, featureId: string): Promise<void>;
}

export interface Tool {
  /** Draws the tool's panel (again after a language switch). */
  render(): void;
  activate(): void;
  deactivate(): void;
}
