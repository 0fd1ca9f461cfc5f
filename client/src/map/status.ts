// The status bar: the scale denominator of the view and the cursor's coordinates in PL-2000 (EPSG:2177),
// PL-1992 (EPSG:2180) and WGS 84, transformed with the service's own CRS definitions.
import { formatMetres } from '../ui/values.ts';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { transform } from '../../../server/crs/definitions.ts';
import { scaleAtZoom } from '../../../server/style/zoom.ts';
import { h } from '../ui/dom.ts';
import { formatNumber, lang, onLangChange, t } from '../ui/i18n.ts';

/** Scale denominator of the map at its centre latitude (0.28 mm pixels, as WMS and the catalogue count). */
export function mapScale(map: MapLibreMap): number {
  return scaleAtZoom(map.getZoom(), map.getCenter().lat);
}

/** Polish grid coordinates are written northing (X) first, then easting (Y), in metres to the centimetre. */
export function gridText(lng: number, lat: number, crs: 'EPSG:2177' | 'EPSG:2180'): string {
  const [e, n] = transform('CRS:84', crs, [lng, lat]);
  return `X ${formatMetres(n, lang())}  Y ${formatMetres(e, lang())}`;
}

export function mountStatusBar(container: HTMLElement, map: MapLibreMap): void {
  const scale = h('span', { id: 'scale-denominator' });
  const c2177 = h('span', { id: 'coord-2177' });
  const c2180 = h('span', { id: 'coord-2180' });
  const c4326 = h('span', { id: 'coord-4326' });
  container.replaceChildren(scale, c2177, c2180, c4326);
  const showScale = () => { scale.replaceChildren(h('b', {}, `${t('scale')} `), `1:${formatNumber(Math.round(mapScale(map)), 0)}`); };
  const showCursor = (lng: number, lat: number) => {
    c2177.replaceChildren(h('b', {}, 'EPSG:2177 '), gridText(lng, lat, 'EPSG:2177'));
    c2180.replaceChildren(h('b', {}, 'EPSG:2180 '), gridText(lng, lat, 'EPSG:2180'));
    c4326.replaceChildren(h('b', {}, 'EPSG:4326 '), `φ ${lat.toFixed(7)}°  λ ${lng.toFixed(7)}°`);
  };
  map.on('move', showScale);
  map.on('mousemove', (e) => showCursor(e.lngLat.lng, e.lngLat.lat));
  onLangChange(showScale);
  showScale();
  const c = map.getCenter();
  showCursor(c.lng, c.lat);
}
