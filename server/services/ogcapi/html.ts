// HTML representations of the OGC API resources: plain, accessible pages; every value escaped.
import escapeHtml from 'escape-html';
import type { Link } from './collections.ts';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b}header{background:#003b71;color:#fff;padding:1rem 2rem}
header a{color:#fff}main{padding:1rem 2rem;max-width:80rem}table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f5}a{color:#0b4f9c}code{background:#eef1f5;padding:0 .2em}nav a{margin-right:1rem}`;

export function page(title: string, body: string, base: string): string {
  return `<!doctype html><html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – SIP Poznań OGC API</title><style>${STYLE}</style></head>
<body><header><nav><a href="${escapeHtml(base)}?f=html">OGC API – Features</a><a href="${escapeHtml(base)}/collections?f=html">Kolekcje</a></nav></header>
<main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function linkList(links: readonly Link[]): string {
  return `<ul>${links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.title ?? l.rel)}</a> <code>${escapeHtml(l.rel)}</code> ${escapeHtml(l.type ?? '')}</li>`).join('')}</ul>`;
}

export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown) => escapeHtml(v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

export function anchor(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}
