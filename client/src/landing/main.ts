// The landing page: the six portals and the services for GIS software.
import '../ui/styles.css';
import { api, type PortalSummary } from '../api.ts';
import { h } from '../ui/dom.ts';
import { applyStatic, onLangChange, t, tr, lang } from '../ui/i18n.ts';
import { mountHeaderActions } from '../ui/header.ts';

const SERVICES: { href: string; code: string; text: { pl: string; en: string } }[] = [
  { href: '/ogcapi?f=html', code: '/ogcapi', text: { pl: 'OGC API – Features i Tiles', en: 'OGC API – Features and Tiles' } },
  { href: '/ows?SERVICE=WFS&REQUEST=GetCapabilities', code: '/wfs', text: { pl: 'WFS 2.0 / 1.1 (GML 3.2, GeoJSON, CSV)', en: 'WFS 2.0 / 1.1 (GML 3.2, GeoJSON, CSV)' } },
  { href: '/ows?SERVICE=WMS&REQUEST=GetCapabilities', code: '/wms', text: { pl: 'WMS 1.3.0 / 1.1.1 – mapa zasadnicza', en: 'WMS 1.3.0 / 1.1.1 – base map' } },
  { href: '/tiles', code: '/tiles', text: { pl: 'Kafle wektorowe (MVT) i styl MapLibre', en: 'Vector tiles (MVT) and a MapLibre style' } },
  { href: '/health', code: '/health', text: { pl: 'Stan usługi', en: 'Service status' } },
];

let portals: PortalSummary[] = [];

function render(): void {
  document.title = `${t('landing.title')} – ${t('landing.portals').toLowerCase()}`;
  const cards = document.getElementById('portal-cards')!;
  cards.replaceChildren(...portals.map((p) => h('li', {},
    h('article', { class: 'portal-card', style: `--card-accent: ${p.accent}`, 'data-portal': p.id },
      h('h3', {}, tr(p.title)),
      h('p', { class: 'audience' }, tr(p.audience)),
      h('p', {}, tr(p.description)),
      h('a', { class: 'enter', href: `${p.href}${lang() === 'en' ? '?lang=en' : ''}`, 'aria-label': `${t('landing.enter')}: ${tr(p.title)}` }, t('landing.enter'))))));
  document.getElementById('service-list')!.replaceChildren(...SERVICES.map((s) => h('li', {},
    h('a', { href: s.href }, h('code', {}, s.code)), ' – ', tr(s.text))));
}

applyStatic();
document.documentElement.lang = lang();
mountHeaderActions(document.getElementById('header-actions')!);
onLangChange(render);
render();
api.portals().then((r) => { portals = r.portals; render(); }).catch(() => {
  document.getElementById('portal-cards')!.replaceChildren(h('li', { class: 'error' }, t('loadError')));
});
