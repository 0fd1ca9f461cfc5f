// Data downloads: the area (drawn polygon, selected sheets or the map view), the layers and a format make an
// extract job on the server; its progress is shown until the file is ready, and the user's downloads are listed.
// The formats come from the server's registry (/api/formats), the terrain models from the portal's catalogue.
import { api, getJson, ApiError, type FormatDescription, type JobJson, type JobStatus } from '../api.ts';
import { h } from '../ui/dom.ts';
import { lang, t, tr } from '../ui/i18n.ts';
import type { DownloadArea, Tool, ToolContext } from './tool.ts';
import { limitMessage } from './limits.ts';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

type Job = JobJson;

const RUNNING = new Set<JobStatus>(['queued', 'running']);
const OUTPUT_CRS = ['EPSG:2177', 'EPSG:2180', 'EPSG:4326'];
/** Anonymous users have no account to list their downloads by: this browser session remembers their jobs. */
const SESSION_KEY = 'sip-jobs';

function statusText(s: string): string {
  return ({ queued: t('jobQueued'), running: t('jobRunning'), done: t('jobDone'), failed: t('jobFailed'), cancelled: t('jobCancelled'), expired: t('jobExpired') } as Record<string, string>)[s] ?? s;
}

/** The area of an extract request (coordinates in CRS:84). */
export function areaRequest(area: DownloadArea | undefined, view: [number, number, number, number]): Record<string, unknown> {
  if (area?.kind === 'polygon') return { polygon: area.polygon, crs: CRS84 };
  if (area?.kind === 'sheets') return { sheets: area.sheets };
  return { bbox: view, crs: CRS84 };
}

function rememberedJobs(): string[] {
  try { return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? '[]') as string[]; } catch { return []; }
}
function rememberJob(id: string): void {
  try { sessionStorage.setItem(SESSION_KEY, JSON.stringify([id, ...rememberedJobs().filter((j) => j !== id)].slice(0, 20))); } catch { /* storage blocked */ }
}

export class DownloadTool implements Tool {
  private areaChoice: 'view' | 'area' = 'area';
  private format = 'gpkg';
  private crs = 'EPSG:2177';
  private job: Job | undefined;
  private error = '';
  private events: EventSource | undefined;
  /** The layers ticked for download; the visible ones until the user changes them. */
  private chosen: Set<string> | undefined;

  constructor(private readonly ctx: ToolContext) { ctx.area.onChange(() => { if (this.visible) this.render(); }); }
  private visible = false;
  /** The extract formats, from the server's format registry (GET /api/formats). */
  private formats: FormatDescription[] | undefined;

  private loadFormats(): void {
    if (this.formats) return;
    this.formats = [];
    void api.formats().then((r) => {
      this.formats = r.formats.filter((f) => f.surfaces.extract);
      if (this.visible) this.render();
    }, () => { this.formats = undefined; });
  }

  render(): void {
    const area = this.ctx.area.get();
    const areaLabel = area?.kind === 'polygon' ? t('areaPolygon') : area?.kind === 'sheets' ? `${t('areaSheets')} (${area.sheets.length})` : t('noArea');
    const radio = (value: 'view' | 'area', label: string, disabled = false) => {
      const r = h('input', { type: 'radio', name: 'download-area', value, disabled });
      r.checked = this.areaChoice === value && !disabled;
      r.addEventListener('change', () => { this.areaChoice = value; });
      return h('label', {}, r, ' ', label);
    };
    if (!area) this.areaChoice = 'view';
    this.loadFormats();
    const formatSelect = h('select', { id: 'download-format' }, ...(this.formats ?? []).map((f) => { const o = h('option', { value: f.id }, f.title); o.selected = f.id === this.format; return o; }));
    formatSelect.addEventListener('change', () => { this.format = formatSelect.value; });
    const crsSelect = h('select', { id: 'download-crs' }, ...OUTPUT_CRS.map((c) => { const o = h('option', { value: c }, c); o.selected = c === this.crs; return o; }));
    crsSelect.addEventListener('change', () => { this.crs = crsSelect.value; });
    const chosen = this.chosen ?? new Set(this.ctx.layers.effectiveLayers());
    const check = (value: string, title: string) => {
      const c = h('input', { type: 'checkbox', name: 'download-layer', value });
      c.checked = chosen.has(value);
      c.addEventListener('change', () => {
        this.chosen ??= new Set(chosen);
        if (c.checked) this.chosen.add(value); else this.chosen.delete(value);
      });
      return h('label', {}, c, ' ', title);
    };
    const checks = [...this.ctx.config.layers.map((l) => check(l.typeName, tr(l.title))), ...this.ctx.config.terrainModels.map((r) => check(r.id, tr(r.title)))];
    const start = h('button', { type: 'button', class: 'primary', id: 'download-start', disabled: !!this.job && RUNNING.has(this.job.status) }, t('startDownload'));
    start.addEventListener('click', () => { void this.start(); });
    const jobView = this.job ? this.jobView(this.job) : null;
    this.ctx.panel.replaceChildren(h('div', { class: 'tool-panel', id: 'download-panel' },
      h('h2', {}, t('downloadTitle')),
      h('fieldset', {}, h('legend', {}, t('downloadArea')), radio('area', areaLabel, !area), h('br', {}), radio('view', t('areaView'))),
      h('label', { class: 'field' }, t('format'), formatSelect),
      h('label', { class: 'field' }, t('outputCrs'), crsSelect),
      h('fieldset', {}, h('legend', {}, t('layersToDownload')), h('div', { class: 'checks' }, ...checks)),
      start,
      this.error ? h('p', { class: 'error', role: 'alert' }, this.error) : null,
      jobView,
      h('h3', {}, t('myDownloads')),
      h('ul', { class: 'downloads', id: 'download-list' })));
    void this.loadList();
  }

  private jobView(job: Job): HTMLElement {
    const cancel = h('button', { type: 'button', id: 'download-cancel' }, t('cancel'));
    cancel.addEventListener('click', () => { void fetch(`/api/jobs/${encodeURIComponent(job.id)}`, { method: 'DELETE', credentials: 'same-origin' }); });
    const running = RUNNING.has(job.status);
    return h('div', { class: 'job', id: 'download-job', 'data-status': job.status, 'aria-live': 'polite' },
      h('p', {}, `${statusText(job.status)} – ${Math.round(job.progress * 100)} %`),
      running ? h('progress', { max: 100, value: (job.progress * 100).toFixed(0), 'aria-label': statusText(job.status) }) : null,
      running ? cancel : null,
      job.file ? h('a', { href: job.file.href, class: 'button', id: 'download-file', download: job.file.name ?? undefined }, `${t('getFile')} (${job.file.name}, ${(job.file.size / 1024).toFixed(0)} kB, ${job.file.features})`) : null,
      job.error ? h('p', { class: 'error' }, job.error) : null);
  }

  private async start(): Promise<void> {
    const layers = [...this.ctx.panel.querySelectorAll<HTMLInputElement>('input[name=download-layer]:checked')].map((c) => c.value);
    const b = this.ctx.map.getBounds();
    const area = this.areaChoice === 'area' ? this.ctx.area.get() : undefined;
    const body = { layers, format: this.format, area: areaRequest(area, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]), crs: this.crs, portal: this.ctx.config.id };
    this.error = '';
    try {
      this.job = await getJson<Job>('/api/extracts', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Accept: 'application/json' } });
      rememberJob(this.job.id);
      this.render();
      this.follow(this.job.id);
    } catch (err) {
      this.error = err instanceof ApiError ? limitMessage(err, lang()) ?? err.message : String(err);
      this.render();
    }
  }

  /** Follows the job's Server-Sent Events until it ends. */
  private follow(id: string): void {
    this.events?.close();
    const es = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
    this.events = es;
    const update = (e: MessageEvent<string>) => {
      this.job = JSON.parse(e.data) as Job;
      if (!RUNNING.has(this.job.status)) es.close();
      if (this.visible) this.render();
    };
    for (const type of ['progress', 'done', 'end']) es.addEventListener(type, update as EventListener);
    es.onerror = () => { if (this.job && !RUNNING.has(this.job.status)) es.close(); };
  }

  /** The user's downloads: an account's from the server, an anonymous session's from this browser. */
  private async loadList(): Promise<void> {
    const list = this.ctx.panel.querySelector('#download-list');
    if (!list) return;
    let jobs: Job[] = [];
    try {
      jobs = (await getJson<{ downloads: Job[] }>('/api/downloads')).downloads;
      if (!jobs.length) jobs = (await Promise.all(rememberedJobs().map((id) => getJson<Job>(`/api/jobs/${encodeURIComponent(id)}`).catch(() => undefined)))).filter((j): j is Job => !!j);
    } catch { /* no list */ }
    list.replaceChildren(...jobs.slice(0, 20).map((j) => h('li', {}, `${j.created.slice(0, 16).replace('T', ' ')} · ${j.format.toUpperCase()} · ${statusText(j.status)} `,
      j.file ? h('a', { href: j.file.href, download: j.file.name ?? undefined }, t('getFile')) : '')));
  }

  activate(): void { this.visible = true; }
  deactivate(): void { this.visible = false; }
}
