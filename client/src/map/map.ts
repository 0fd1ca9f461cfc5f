// The portal's map: MapLibre GL JS on this service's vector tiles and generated style, with the overlays the
// tools draw into (highlight, measurement, drawn area, sheet grid) and an optional WMS image layer.
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature, FeatureCollection } from 'geojson';
import type { PortalConfig } from '../api.ts';
import type { View } from './permalink.ts';
import { zoomForScale } from '../../../server/style/zoom.ts';

export type { Map as MapLibreMap } from 'maplibre-gl';

/** Sources the tools write GeoJSON into; their layers are added above the base map. */
export const OVERLAYS = ['sip-highlight', 'sip-sheets', 'sip-draw', 'sip-measure'] as const;
export type OverlayId = (typeof OVERLAYS)[number];

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * Starts the map at once on the service's style, before the portal's description has arrived (creating the
 * WebGL context and MapLibre's workers is the slow part of a first render); `placeMap` then sets the view.
 */
export function createMap(container: HTMLElement, styleUrl: string, view: View | undefined): { map: maplibregl.Map; loaded: Promise<maplibregl.Map> } {
  const map = new maplibregl.Map({
    container,
    style: styleUrl,
    ...(view ? { center: [view.lng, view.lat], zoom: view.zoom, bearing: view.bearing } : {}),
    maxZoom: 21,
    minZoom: 9,
    attributionControl: { compact: false },
    doubleClickZoom: false,
    // North up: feature info and sheet picking work on an unrotated view, as on a paper map.
    dragRotate: false,
    pitchWithRotate: false,
    // Keep the canvas readable for screenshots and the end-to-end checks of what is drawn.
    canvasContextAttributes: { preserveDrawingBuffer: true },
    // Labels appear at once: no fade-in animation keeping the map busy after the data are drawn.
    fadeDuration: 0,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
  const loaded = new Promise<maplibregl.Map>((resolve, reject) => {
    map.once('load', () => {
      addOverlays(map);
      resolve(map);
    });
    map.once('error', (e) => { if (!map.loaded()) reject(e.error ?? new Error('map error')); });
  });
  return { map, loaded };
}

/** The portal's opening view: its start scale at the centre of the data, else the whole data area. */
export function placeMap(map: maplibregl.Map, config: PortalConfig): void {
  if (!config.extent) return;
  const [w, s, e, n] = config.extent;
  const center: [number, number] = [(w + e) / 2, (s + n) / 2];
  if (config.startScale) map.jumpTo({ center, zoom: zoomForScale(config.startScale, center[1]) });
  else map.fitBounds(config.extent, { padding: 20, duration: 0 });
}

function addOverlays(map: maplibregl.Map): void {
  for (const id of OVERLAYS) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'sip-sheets-fill', type: 'fill', source: 'sip-sheets', paint: { 'fill-color': '#d4351c', 'fill-opacity': ['case', ['boolean', ['get', 'selected'], false], 0.25, 0] } });
  map.addLayer({ id: 'sip-sheets-line', type: 'line', source: 'sip-sheets', paint: { 'line-color': '#d4351c', 'line-width': ['case', ['boolean', ['get', 'selected'], false], 2.5, 1.2] } });
  // Sheet names (godło) when the style serves glyphs (it does: /tiles/fonts, from the service itself).
  if (map.getStyle().glyphs) {
    map.addLayer({ id: 'sip-sheets-label', type: 'symbol', source: 'sip-sheets',
      layout: { 'text-field': ['get', 'godlo'], 'text-font': ['DejaVu Sans Bold'], 'text-size': 12, 'text-allow-overlap': false },
      paint: { 'text-color': '#a61b1b', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 } });
  }
  map.addLayer({ id: 'sip-highlight-fill', type: 'fill', source: 'sip-highlight', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#ffbf47', 'fill-opacity': 0.35 } });
  map.addLayer({ id: 'sip-highlight-line', type: 'line', source: 'sip-highlight', paint: { 'line-color': '#e07b00', 'line-width': 3 } });
  map.addLayer({ id: 'sip-highlight-point', type: 'circle', source: 'sip-highlight', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 7, 'circle-color': '#ffbf47', 'circle-stroke-color': '#e07b00', 'circle-stroke-width': 2 } });
  map.addLayer({ id: 'sip-draw-fill', type: 'fill', source: 'sip-draw', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#1d70b8', 'fill-opacity': 0.15 } });
  map.addLayer({ id: 'sip-draw-line', type: 'line', source: 'sip-draw', paint: { 'line-color': '#1d70b8', 'line-width': 2, 'line-dasharray': [3, 2] } });
  map.addLayer({ id: 'sip-draw-point', type: 'circle', source: 'sip-draw', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': '#1d70b8', 'circle-stroke-width': 2 } });
  map.addLayer({ id: 'sip-measure-fill', type: 'fill', source: 'sip-measure', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#6a1b7a', 'fill-opacity': 0.12 } });
  map.addLayer({ id: 'sip-measure-line', type: 'line', source: 'sip-measure', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#6a1b7a', 'line-width': 2.5 } });
  map.addLayer({ id: 'sip-measure-point', type: 'circle', source: 'sip-measure', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': '#6a1b7a', 'circle-stroke-width': 2 } });
}

export function setOverlay(map: maplibregl.Map, id: OverlayId, data: FeatureCollection | Feature): void {
  (map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData(data);
}

export function clearOverlay(map: maplibregl.Map, id: OverlayId): void { setOverlay(map, id, EMPTY); }

/** The WMS image layer: the same cartography drawn by the server, placed under the tools' overlays. */
export function setWmsOverlay(map: maplibregl.Map, wmsUrl: string, layers: readonly string[] | null): void {
  const id = 'sip-wms';
  if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(id)) map.removeSource(id);
  if (!layers || !layers.length) return;
  const q = new URLSearchParams({ SERVICE: 'WMS', VERSION: '1.3.0', REQUEST: 'GetMap', LAYERS: layers.join(','), STYLES: '', CRS: 'EPSG:3857', WIDTH: '512', HEIGHT: '512', FORMAT: 'image/png', TRANSPARENT: 'TRUE' });
  map.addSource(id, { type: 'raster', tiles: [`${wmsUrl}?${q}&BBOX={bbox-epsg-3857}`], tileSize: 512 });
  map.addLayer({ id, type: 'raster', source: id }, 'sip-sheets-fill');
}
