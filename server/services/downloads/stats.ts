// Download statistics per portal and month (portal.statystyki_pobran in sql/007), as JSON and as an admin page
// with a server-drawn SVG bar chart (stacked by portal).
import escapeHtml from 'escape-html';
import type { Queryable } from '../../db/database.ts';
import { HttpProblem } from '../../errors/service-error.ts';

export interface MonthStats { portal: string; month: string; downloads: number; bytes: number; users: number; anonymous: number }

export interface DownloadStats { from: string; to: string; rows: MonthStats[]; totals: { downloads: number; bytes: number } }

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** from/to as days (to inclusive); defaults: the last twelve months. */
export function statsRange(q: Record<string, unknown>): { from: string; to: string } {
  const today = new Date();
  const to = q.to === undefined || q.to === '' ? today.toISOString().slice(0, 10) : String(q.to);
  const yearAgo = new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth() + 1, 1));
  const from = q.from === undefined || q.from === '' ? yearAgo.toISOString().slice(0, 10) : String(q.from);
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!DAY.test(v) || Number.isNaN(Date.parse(v))) throw new HttpProblem(400, 'Bad Request', `${name} must be a date YYYY-MM-DD`);
  }
  if (from > to) throw new HttpProblem(400, 'Bad Request', 'from must not be after to');
  return { from, to };
}

export async function downloadStats(db: Queryable, range: { from: string; to: string }): Promise<DownloadStats> {
  const rows = await db.query<{ portal: string; miesiac: string | Date; pobrania: number; bajty: number; uzytkownicy: number; anonimowe: number }>(
    `SELECT * FROM portal.statystyki_pobran(($1::date)::timestamp AT TIME ZONE 'Europe/Warsaw', ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Warsaw')`,
    [range.from, range.to]);
  const out = rows.map((r) => ({
    portal: r.portal, month: String(r.miesiac instanceof Date ? r.miesiac.toISOString() : r.miesiac).slice(0, 7),
    downloads: Number(r.pobrania), bytes: Number(r.bajty), users: Number(r.uzytkownicy), anonymous: Number(r.anonimowe),
  }));
  return { ...range, rows: out, totals: { downloads: out.reduce((s, r) => s + r.downloads, 0), bytes: out.reduce((s, r) => s + r.bytes, 0) } };
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#7f7f7f'];

/** A stacked bar chart: one bar per month, one colour per portal. */
export function statsChartSvg(stats: DownloadStats): string {
  const months = [...new Set(stats.rows.map((r) => r.month))].sort();
  const portals = [...new Set(stats.rows.map((r) => r.portal))].sort();
  const W = 760, H = 320, left = 60, bottom = 40, top = 20, right = 160;
  const plotW = W - left - right, plotH = H - top - bottom;
  const totals = months.map((m) => stats.rows.filter((r) => r.month === m).reduce((s, r) => s + r.downloads, 0));
  const max = Math.max(1, ...totals);
  const barW = months.length ? Math.min(48, (plotW / months.length) * 0.7) : 0;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Pobrania według portalu i miesiąca" font-family="DejaVu Sans, sans-serif" font-size="11">`);
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333"/><line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`);
  for (let k = 0; k <= 4; k++) {
    const v = Math.round((max * k) / 4);
    const y = top + plotH - (plotH * v) / max;
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">${v}</text><line x1="${left}" y1="${y}" x2="${left + plotW}" y2="${y}" stroke="#ddd"/>`);
  }
  months.forEach((m, i) => {
    const cx = left + (plotW / months.length) * (i + 0.5);
    let y = top + plotH;
    portals.forEach((p, pi) => {
      const v = stats.rows.find((r) => r.month === m && r.portal === p)?.downloads ?? 0;
      if (!v) return;
      const h = (plotH * v) / max;
      y -= h;
      parts.push(`<rect class="bar" data-portal="${escapeHtml(p)}" data-month="${m}" data-value="${v}" x="${cx - barW / 2}" y="${y}" width="${barW}" height="${h}" fill="${COLOURS[pi % COLOURS.length]}"><title>${escapeHtml(p)} ${m}: ${v}</title></rect>`);
    });
    parts.push(`<text x="${cx}" y="${top + plotH + 16}" text-anchor="middle">${m}</text>`);
  });
  portals.forEach((p, pi) => {
    const y = top + 10 + pi * 18;
    parts.push(`<rect x="${W - right + 16}" y="${y - 9}" width="12" height="12" fill="${COLOURS[pi % COLOURS.length]}"/><text x="${W - right + 34}" y="${y + 1}">${escapeHtml(p)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Megabytes with a decimal comma: the page is Polish (issue 16: numbers as people read them). */
const mb = (bytes: number): string => (bytes / 1e6).toLocaleString('pl-PL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function statsPage(stats: DownloadStats): string {
  const rows = stats.rows.map((r) => `<tr><td>${r.month}</td><td>${escapeHtml(r.portal)}</td><td>${r.downloads}</td><td>${mb(r.bytes)}</td><td>${r.users}</td><td>${r.anonymous}</td></tr>`).join('');
  return `<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Rejestr pobrań – statystyki</title>
<style>body{font-family:"DejaVu Sans",sans-serif;margin:2rem;color:#111}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .6rem;text-align:right}td:nth-child(2),th:nth-child(2){text-align:left}</style></head>
<body><h1>Rejestr pobrań</h1>
<form method="get"><label>Od <input type="date" name="from" value="${stats.from}"></label> <label>Do <input type="date" name="to" value="${stats.to}"></label> <button>Pokaż</button></form>
<p>Razem: <strong>${stats.totals.downloads}</strong> pobrań, ${mb(stats.totals.bytes)} MB (${stats.from} – ${stats.to}).</p>
<figure>${statsChartSvg(stats)}<figcaption>Pobrania według portalu i miesiąca</figcaption></figure>
<table><thead><tr><th>Miesiąc</th><th>Portal</th><th>Pobrania</th><th>MB</th><th>Użytkownicy</th><th>Anonimowe</th></tr></thead><tbody>${rows}</tbody></table>
<p><a href="/api/admin/stats/downloads?from=${stats.from}&amp;to=${stats.to}">JSON</a></p></body></html>`;
}
