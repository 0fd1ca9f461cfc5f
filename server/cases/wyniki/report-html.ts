// The verification report as a readable Polish page body (the JSON report is the API's answer; this is the same
// content for people): the submission, its files with their SHA-256, each check with its result and offending
// objects, the decision, and for office staff the form to accept or reject with reasons. Pure; every value escaped.
import escapeHtml from 'escape-html';
import type { Report } from './verify.ts';
import type { ResultRow } from './store.ts';

const e = (v: unknown): string => escapeHtml(String(v ?? ''));
const STATUS = (p: boolean | null) => (p === true ? '<strong style="color:#1a7f37">spełniona</strong>' : p === false ? '<strong style="color:#a4161a">niespełniona</strong>' : '<em>nie sprawdzono</em>');
const KIND: Record<string, string> = { gml: 'dane zmienione (GML)', dxf: 'dane zmienione (DXF)', pdf: 'dokument operatu (PDF)' };

export interface ReportPageContext {
  caseNumber: string;
  caseState: string;
  caseId: string;
  result: ResultRow;
  /** The CSRF token when the viewer is office staff and the submission awaits a decision. */
  decisionCsrf?: string;
  /** The viewer is office staff (the way back is their queue; the surveyor's is the portal's "Moje sprawy"). */
  staff?: boolean;
}

export function reportTitle(c: ReportPageContext): string {
  return `Wyniki prac nr ${c.result.numer} – zgłoszenie ${c.caseNumber}`;
}

export function reportBody(c: ReportPageContext): string {
  const r: Report = c.result.raport;
  const w = c.result;
  const base = `/api/survey-works/${encodeURIComponent(c.caseId)}/results/${encodeURIComponent(w.id)}`;
  const files = w.files.map((f) => `<tr><td><a href="${e(`${base}/files/${f.id}`)}">${e(f.nazwa)}</a></td><td>${e(KIND[f.rodzaj] ?? f.rodzaj)}</td><td>${e(f.rozmiar.toLocaleString('pl-PL'))} B</td><td><code>${e(f.sha256)}</code></td>
    <td>${(() => { const rf = r.files?.find((x) => x.name === f.nazwa); return rf ? (rf.ok ? `odczytano (${rf.objects} obiektów)` : `<span style="color:#a4161a">${e(rf.error)}</span>`) : ''; })()}</td></tr>`).join('');
  const checks = (r.checks ?? []).map((k) => `<tr><td>${e(k.title)}</td><td>${STATUS(k.passed)}</td><td>${e(k.summary)}${k.offending.length ? `<ul>${k.offending.slice(0, 100).map((o) =>
    `<li>${o.id ? `<strong>${e(o.id)}</strong>: ` : ''}${e(o.reason)}${o.at ? ` <span class="hint">(x=${e(o.at[0].toFixed(2))}, y=${e(o.at[1].toFixed(2))})</span>` : ''}</li>`).join('')}${k.offending.length > 100 ? `<li>… i ${k.offending.length - 100} więcej</li>` : ''}</ul>` : ''}</td></tr>`).join('');
  const decision = w.decyzja
    ? `<p class="${w.decyzja === 'przyjęte' ? 'info' : 'error'}">Decyzja ośrodka: <strong>${e(w.decyzja)}</strong> (${e(w.decyzjaKto)}, ${e(new Date(w.decyzjaCzas!).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' }))})${w.powodDecyzji ? `: ${e(w.powodDecyzji)}` : ''}</p>`
    : '<p>Wyniki czekają na decyzję ośrodka.</p>';
  const form = c.decisionCsrf && !w.decyzja ? `
<form class="box" method="post" action="/konto/zgloszenia/${e(encodeURIComponent(c.caseId))}/wyniki/${e(encodeURIComponent(w.id))}/decyzja">
  <input type="hidden" name="_csrf" value="${e(c.decisionCsrf)}">
  <label for="powod">Uzasadnienie (wymagane przy odrzuceniu)</label>
  <textarea id="powod" name="reason" rows="4" style="width:100%;box-sizing:border-box"></textarea>
  ${r.passed ? '<button type="submit" name="decision" value="accept">Przyjmij do zasobu</button> ' : '<p class="hint">Weryfikacja automatyczna wykazała błędy: wyników nie można przyjąć.</p>'}
  <button type="submit" class="danger" name="decision" value="reject">Odrzuć (weryfikacja negatywna)</button>
</form>` : '';
  const back = c.staff ? '<p><a href="/biuro/sprawy?rodzaj=zgloszenie">« kolejka spraw</a></p>' : '<p><a href="/portal/geodeci">« Portal Geodety – Moje sprawy</a></p>';
  return `${back}
<p>Zgłoszenie <strong>${e(c.caseNumber)}</strong>, stan: <strong>${e(c.caseState)}</strong>. Złożono: ${e(new Date(w.zlozono).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' }))}.
Raport w JSON: <a href="${e(base)}">${e(base)}</a>.</p>
<p class="${r.passed ? 'info' : 'error'}">Weryfikacja automatyczna: <strong>${r.passed ? 'wszystkie kontrole spełnione' : 'wykryto błędy'}</strong>
 (działki: ${e(r.counts?.dzialki ?? 0)}, budynki: ${e(r.counts?.budynki ?? 0)}${r.replaced?.length ? `; zastępowane działki ewidencji: ${e(r.replaced.join(', '))}` : ''}).</p>
<h2>Pliki</h2>
<table><thead><tr><th>plik</th><th>rodzaj</th><th>rozmiar</th><th>SHA-256</th><th>odczyt</th></tr></thead><tbody>${files}</tbody></table>
<h2>Kontrole</h2>
<table><thead><tr><th>kontrola</th><th>wynik</th><th>szczegóły i obiekty błędne</th></tr></thead><tbody>${checks}</tbody></table>
<p class="hint">Tolerancja pola: ${e(r.rules?.areaToleranceM2.value)} m² — ${e(r.rules?.areaToleranceM2.basis)}${r.rules?.areaToleranceM2.verified ? '' : ' (podstawa niezweryfikowana z tekstem aktu)'}.</p>
<h2>Decyzja</h2>
${decision}
${form}`;
}
