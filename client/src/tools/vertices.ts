// Collecting vertices by clicking the map (measurement, drawing a download area): click adds, double-click or
// Enter finishes, Backspace removes the last, Escape clears. Keyboard works while the map has focus.
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';

export class VertexInput {
  points: [number, number][] = [];
  finished = false;
  private readonly onClick = (e: MapMouseEvent) => {
    if (this.finished) { this.points = []; this.finished = false; }
    this.points.push([e.lngLat.lng, e.lngLat.lat]);
    this.changed();
  };
  private readonly onDblClick = (e: MapMouseEvent) => { e.preventDefault(); this.finish(); };
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') { e.preventDefault(); this.finish(); }
    else if (e.key === 'Escape') { this.clear(); }
    else if (e.key === 'Backspace' && this.points.length && !this.finished) { e.preventDefault(); this.points.pop(); this.changed(); }
  };

  constructor(private readonly map: MapLibreMap, private readonly changed: () => void, private readonly minToFinish = 2) {}

  /** Adds a vertex as a click would (also the way a test or a typed coordinate enters one). */
  add(lng: number, lat: number): void { this.onClick({ lngLat: { lng, lat } } as MapMouseEvent); }

  finish(): void {
    // A double click also fires two clicks: drop the duplicate vertex it added.
    const n = this.points.length;
    if (n >= 2 && this.points[n - 1]![0] === this.points[n - 2]![0] && this.points[n - 1]![1] === this.points[n - 2]![1]) this.points.pop();
    if (this.points.length >= this.minToFinish) { this.finished = true; this.changed(); }
  }

  clear(): void { this.points = []; this.finished = false; this.changed(); }

  enable(): void {
    this.map.on('click', this.onClick);
    this.map.on('dblclick', this.onDblClick);
    this.map.getContainer().addEventListener('keydown', this.onKey);
    this.map.getCanvas().style.cursor = 'crosshair';
  }

  disable(): void {
    this.map.off('click', this.onClick);
    this.map.off('dblclick', this.onDblClick);
    this.map.getContainer().removeEventListener('keydown', this.onKey);
    this.map.getCanvas().style.cursor = '';
  }
}
