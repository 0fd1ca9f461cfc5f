// DXF for CAD (AutoCAD, MicroStation, BricsCAD): one DXF layer per catalogue layer (feature class) in its style's
// colour; polygons as closed LWPOLYLINEs (one per ring), lines as LWPOLYLINEs (one per part), points as POINTs.
// Coordinates are written as easting/northing in metres of the extract's CRS (DXF has no CRS of its own).
import Drawing from 'dxf-writer';
import type { Geometry, Position } from 'geojson';
import type { Layer } from '../catalog/types.ts';
import type { FeatureRow } from '../query/feature-query.ts';

/** A DXF layer name for a catalogue layer: namespace_name (":" is not allowed in CAD layer names). */
export function dxfLayerName(layer: Pick<Layer, 'namespace' | 'name'>): string {
  return `${layer.namespace}_${layer.name}`;
}

function hexColour(hex: string): number {
  return Number.parseInt(hex.replace('#', ''), 16);
}

/** The nearest AutoCAD colour index of the basic seven (CAD users often plot by ACI), for the layer table. */
function nearestAci(hex: string): number {
  const c = hexColour(hex);
  const rgb = [(c >> 16) & 255, (c >> 8) & 255, c & 255];
  const palette: [number, number[]][] = [[1, [255, 0, 0]], [2, [255, 255, 0]], [3, [0, 255, 0]], [4, [0, 255, 255]], [5, [0, 0, 255]], [6, [255, 0, 255]], [7, [0, 0, 0]], [8, [128, 128, 128]], [30, [255, 127, 0]], [34, [127, 63, 0]]];
  let best = 7, dist = Infinity;
  for (const [aci, p] of palette) {
    const d = (p[0]! - rgb[0]!) ** 2 + (p[1]! - rgb[1]!) ** 2 + (p[2]! - rgb[2]!) ** 2;
    if (d < dist) { dist = d; best = aci; }
  }
  return best;
}

const xy = (p: Position): [number, number] => [p[0]!, p[1]!];

export class DxfWriter {
  private readonly d = new Drawing();

  constructor() {
    this.d.setUnits('Meters');
  }

  /** Adds one catalogue layer; returns the number of features and of entities written. */
  async addLayer(layer: Layer, batches: AsyncIterable<FeatureRow[]>, onRows?: (n: number) => void): Promise<{ features: number; entities: number }> {
    const name = dxfLayerName(layer);
    const colour = layer.style.fill && layer.geometry.type.includes('Point') ? layer.style.fill : layer.style.stroke;
    this.d.addLayer(name, nearestAci(colour), 'CONTINUOUS');
    this.d.setActiveLayer(name);
    this.d.setTrueColor(hexColour(colour));
    let features = 0, entities = 0;
    for await (const batch of batches) {
      for (const r of batch) {
        features++;
        if (r.geometry) entities += this.draw(JSON.parse(r.geometry) as Geometry);
      }
      onRows?.(batch.length);
    }
    return { features, entities };
  }

  private draw(g: Geometry): number {
    switch (g.type) {
      case 'Point': this.d.drawPoint(g.coordinates[0]!, g.coordinates[1]!); return 1;
      case 'MultiPoint': for (const p of g.coordinates) this.d.drawPoint(p[0]!, p[1]!); return g.coordinates.length;
      case 'LineString': this.d.drawPolyline(g.coordinates.map(xy)); return 1;
      case 'MultiLineString': for (const l of g.coordinates) this.d.drawPolyline(l.map(xy)); return g.coordinates.length;
      case 'Polygon': return this.rings(g.coordinates);
      case 'MultiPolygon': return g.coordinates.reduce((n, p) => n + this.rings(p), 0);
      case 'GeometryCollection': return g.geometries.reduce((n, p) => n + this.draw(p), 0);
    }
  }

  /** Closed polylines without the repeated closing vertex. */
  private rings(rings: Position[][]): number {
    for (const r of rings) this.d.drawPolyline(r.slice(0, -1).map(xy), true);
    return rings.length;
  }

  toString(): string {
    return this.d.toDxfString();
  }
}
