// A portal page: its description from the service, the map with the portal's layers, the layer tree, the search
// box and the portal's tools. The portal is the last segment of the path (/portal/geodeci).
import '../ui/styles.css';
import { api, type PortalConfig, type PortalTool } from '../api.ts';
import { createMap, placeMap, setWmsOverlay } from '../map/map.ts';
import { LayerVisibility } from '../map/layers.ts';
import { formatPermalink, parsePermalink } from '../map/permalink.ts';
import { mountStatusBar } from '../map/status.ts';
import { transform } from '../../../server/crs/definitions.ts';
import { h } from '../ui/dom.ts';
import { applyStatic, lang, onLangChange, t, tr, type WordKey } from '../ui/i18n.ts';
import { mountHeaderActions } from '../ui/header.ts';
import { renderLayerTree } from '../ui/layer-tree.ts';
import { AreaStore, type Tool, type ToolContext } from '../tools/tool.ts';
import { FeatureInfo, InfoTool } from '../tools/info.ts';
import { SearchBox } from '../tools/search.ts';
import { MeasureTool } from '../tools/measure.ts';
import { DrawTool } from '../tools/draw.ts';
import { SheetsTool } from '../tools/sheets.ts';
import { DownloadTool } from '../tools/download.ts';
import { OrderTool } from '../tools/order.ts';
import { ZgloszeniaTool } from '../cases/zgloszenia.ts';
import { COORDINATION_PORTALS, CoordinationCasesTool } from '../cases/coordination.ts';

/** The portal's tools and its case tools (not portal-catalogue tools: a portal's users have cases, not a layer set). */
type ToolKey = PortalTool | 'coordination';
const TOOL_ORDER: ToolKey[] = ['info', 'measure', 'sheets', 'draw', 'download', 'order', 'zgloszenia', 'coordination'];

async function main(): Promise<void> {
  applyStatic();
  document.documentElement.lang = lang();
  mountHeaderActions(document.getElementById('header-actions')!);
  const id = location.pathname.split('/').filter(Boolean).pop() ?? '';
  const link = parsePermalink(location.hash);
  const started = createMap(document.getElementById('map')!, '/tiles/style.json', link.view);
  let config: PortalConfig;
  try {
    config = await api.portal(id);
  } catch {
    document.getElementById('tool-panel')!.replaceChildren(h('p', { class: 'error', role: 'alert' }, t('loadError')));
    return;
  }
  document.body.dataset.portal = config.id;
  document.documentElement.style.setProperty('--accent', config.accent);
  const renderHeader = () => {
    document.title = `${tr(config.title)} – SIP Poznań`;
    document.getElementById('portal-title')!.textContent = `SIP Poznań · ${tr(config.title)}`;
    document.getElementById('portal-audience')!.textContent = tr(config.audience);
  };
  renderHeader();

  if (!link.view) placeMap(started.map, config);
  const map = await started.loaded;
  document.body.dataset.mapLoaded = String(Math.round(performance.now()));
  const layers = new LayerVisibility(map, config.layers, link.layers ?? config.defaultLayers);
  mountStatusBar(document.getElementById('statusbar')!, map);

  let wmsOn = false;
  const updateWms = () => setWmsOverlay(map, config.wms, wmsOn ? layers.effectiveLayers() : null);
  layers.onChange(() => { if (wmsOn) updateWms(); });

  // Permalink: the view and the layers, kept in the fragment as the user works.
  const writeLink = () => {
    const c = map.getCenter();
    history.replaceState(null, '', `${location.pathname}${location.search}${formatPermalink({ view: { zoom: map.getZoom(), lat: c.lat, lng: c.lng, bearing: map.getBearing() }, layers: layers.effectiveLayers(), sprawa: parsePermalink(location.hash).sprawa })}`);
  };
  map.on('moveend', writeLink);
  layers.onChange(writeLink);
  window.addEventListener('hashchange', () => {
    const p = parsePermalink(location.hash);
    if (p.view) map.jumpTo({ center: [p.view.lng, p.view.lat], zoom: p.view.zoom, bearing: p.view.bearing });
    if (p.layers) layers.setAll(p.layers);
    // A case permalink followed within the page opens that case in the portal's case tool.
    const k = p.sprawa ? caseTool() : undefined;
    if (k && p.sprawa) { (tools.get(k) as ZgloszeniaTool | CoordinationCasesTool).openCase(p.sprawa); if (activeTool !== k) activate(k); }
  });

  const panel = document.getElementById('tool-panel')!;
  const area = new AreaStore();
  const ctx: ToolContext = { map, config, layers, area, panel, showFeature: (c, f) => info.showById(c, f) };
  const info = new FeatureInfo(ctx);
  const tools = new Map<ToolKey, Tool>();
  tools.set('info', new InfoTool(ctx, info));
  if (config.tools.includes('measure')) tools.set('measure', new MeasureTool(ctx));
  if (config.tools.includes('sheets')) tools.set('sheets', new SheetsTool(ctx));
  if (config.tools.includes('draw')) tools.set('draw', new DrawTool(ctx));
  if (config.tools.includes('download')) tools.set('download', new DownloadTool(ctx));
  if (config.tools.includes('order')) tools.set('order', new OrderTool(ctx));
  if (config.tools.includes('zgloszenia')) tools.set('zgloszenia', new ZgloszeniaTool(ctx));
  const coordination = (COORDINATION_PORTALS as readonly string[]).includes(config.id) ? new CoordinationCasesTool(ctx) : undefined;
  if (coordination) tools.set('coordination', coordination);
  /** The portal's case tool (Moje sprawy), which a permalink #sprawa=<id> opens. */
  const caseTool = (): ToolKey | undefined => (['zgloszenia', 'coordination'] as const).find((k) => tools.has(k));

  let activeTool: ToolKey = 'info';
  const toolbar = document.getElementById('toolbar')!;
  const renderToolbar = () => {
    const buttons = TOOL_ORDER.filter((k) => tools.has(k)).map((k) => {
      const b = h('button', { type: 'button', 'data-tool': k, 'aria-pressed': String(k === activeTool) }, t(`tool.${k}` as WordKey));
      b.addEventListener('click', () => activate(k === activeTool && k !== 'info' ? 'info' : k));
      return b;
    });
    const permalink = h('button', { type: 'button', id: 'permalink' }, t('tool.permalink'));
    permalink.addEventListener('click', () => { writeLink(); void navigator.clipboard?.writeText(location.href).then(() => { permalink.title = t('copied'); }).catch(() => undefined); });
    const extra: HTMLElement[] = [permalink];
    if (config.tools.includes('view3d')) {
      const a = h('a', { id: 'open-3d', class: 'button', href: '#', title: t('view3dHint') }, t('tool.view3d'));
      a.addEventListener('click', (e) => {
        e.preventDefault();
        const c = map.getCenter();
        const [x, y] = transform('CRS:84', 'EPSG:2177', [c.lng, c.lat]);
        location.href = `/widok-3d?x=${x.toFixed(1)}&y=${y.toFixed(1)}&lang=${lang()}`;
      });
      extra.push(a);
    }
    toolbar.replaceChildren(...buttons, ...extra);
  };
  const activate = (k: ToolKey) => {
    tools.get(activeTool)?.deactivate();
    activeTool = k;
    const tool = tools.get(k)!;
    tool.render();
    tool.activate();
    renderToolbar();
  };

  const search = config.tools.includes('search') ? new SearchBox(ctx, document.getElementById('search-section')!) : undefined;
  const renderTree = () => renderLayerTree(document.getElementById('layer-tree-section')!, layers,
    config.tools.includes('wms') ? { wms: { on: wmsOn, toggle: (on) => { wmsOn = on; updateWms(); } } } : {});

  const renderAll = () => { renderHeader(); renderToolbar(); tools.get(activeTool)?.render(); search?.render(); renderTree(); };
  onLangChange(renderAll);
  renderAll();
  tools.get('info')!.activate();
  const opening = caseTool();
  if (opening && (tools.get(opening) as ZgloszeniaTool | CoordinationCasesTool).opensCase) activate(opening);
  // Marks the page ready for the end-to-end tests and records how long the first full map took.
  map.once('idle', () => {
    document.body.dataset.mapReady = String(Math.round(performance.now()));
  });
}

void main();
