// The protocol of a coordination meeting (protokół z narady koordynacyjnej, art. 28b ustawy – Prawo geodezyjne i
// kartograficzne) as PDF: the case, the investor and the designer, the designed networks with their lengths per
// branch, the automatic clearance check's results, each invited party's position and comments (with the place on the
// design when one was pinned), a sketch of the design with the conflicts, and the conclusion; for a positive outcome,
// the note that the lines entered GESUT as projektowany under the case's number. Written with pdfkit (DejaVu Sans for
// Polish letters, classic xref table) so that documents/sign.ts can sign it; the caller signs it.
import { openPdf } from '../formats/pdf-document.ts';
import type { CoordinationCase } from '../coordination/case-store.ts';
import { branzaName, type Branza } from '../coordination/branches.ts';
import { networkColour } from '../catalog/cartography.ts';
import { isPositive } from '../coordination/case-states.ts';
import { fieldRow, letterhead } from './office-letter.ts';

export interface ProtocolOffice { name: string; address: string }

const dateTimePl = (d: Date) => d.toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const datePl = (d: Date) => d.toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });
const metres = (m: number) => `${m.toFixed(2).replace('.', ',')} m`;

const KIND_PL: Record<string, string> = {
  crossing: 'skrzyżowanie z przewodem', too_close: 'zbliżenie do przewodu', building: 'odległość od budynku', tree: 'strefa korzeni drzewa',
};

/** Lengths of the designed lines per branch: [branch, count, metres]. */
export function lengthsByBranch(c: Pick<CoordinationCase, 'design'>): { branza: Branza; count: number; lengthM: number }[] {
  const by = new Map<Branza, { count: number; lengthM: number }>();
  for (const f of c.design) {
    const s = by.get(f.properties.branza) ?? { count: 0, lengthM: 0 };
    s.count++; s.lengthM += f.properties.lengthM;
    by.set(f.properties.branza, s);
  }
  return [...by].map(([branza, s]) => ({ branza, count: s.count, lengthM: Number(s.lengthM.toFixed(2)) })).sort((a, b) => a.branza.localeCompare(b.branza));
}

/** Renders the protocol of a closed case (its outcome set). */
export function renderProtocolPdf(c: CoordinationCase, office: ProtocolOffice, issuedAt: Date): Promise<Buffer> {
  if (!c.outcome) throw new Error(`case ${c.number} has no outcome`);
  const { doc, bytes } = openPdf({
    size: 'A4', margin: 50, compress: true, pdfVersion: '1.7', lang: 'pl-PL',
    info: { Title: `Protokół z narady koordynacyjnej ${c.number}`, Author: office.name, Subject: c.description.slice(0, 200), Creator: 'SIP Poznań' },
  });
  const W = doc.page.width - 100;
  const bottom = () => doc.page.height - 60;
  const ensure = (h: number) => { if (doc.y + h > bottom()) doc.addPage(); };

  letterhead(doc, office, 'PROTOKÓŁ Z NARADY KOORDYNACYJNEJ', 'w sprawie uzgodnienia usytuowania projektowanych sieci uzbrojenia terenu (art. 28b ustawy – Prawo geodezyjne i kartograficzne)');
  const field = (label: string, value: string) => { ensure(14); fieldRow(doc, label, value); doc.x = 50; doc.moveDown(0.3); };
  const heading = (text: string) => { ensure(40); doc.moveDown(0.6); doc.font('Sans-Bold').fontSize(11).text(text, 50, doc.y, { width: W }); doc.moveDown(0.3); };
  const table = (cols: { h: string; w: number; right?: boolean }[], rows: string[][]) => {
    const row = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Sans-Bold' : 'Sans').fontSize(8);
      let h = 0;
      cells.forEach((t, i) => { h = Math.max(h, doc.heightOfString(t, { width: cols[i]!.w - 6 })); });
      ensure(h + 6);
      const top = doc.y;
      let x = 50;
      cells.forEach((t, i) => { doc.text(t, x + 3, top + 3, { width: cols[i]!.w - 6, align: cols[i]!.right ? 'right' : 'left' }); x += cols[i]!.w; });
      doc.moveTo(50, top + h + 6).lineTo(50 + cols.reduce((s, col) => s + col.w, 0), top + h + 6).lineWidth(0.5).stroke('#888');
      doc.x = 50; doc.y = top + h + 6;
    };
    row(cols.map((col) => col.h), true);
    for (const r of rows) row(r, false);
  };

  field('Numer sprawy:', c.number);
  field('Data złożenia wniosku:', dateTimePl(new Date(c.created)));
  field('Data protokołu:', dateTimePl(issuedAt));
  field('Inwestor:', c.investor);
  field('Projektant:', c.designer);
  field('Inwestycja:', c.description);
  field('Termin stanowisk:', c.term);

  heading('1. Projektowane sieci uzbrojenia terenu');
  const lengths = lengthsByBranch(c);
  table([{ h: 'Branża', w: 200 }, { h: 'Liczba przewodów', w: 100, right: true }, { h: 'Długość łączna', w: 120, right: true }],
    lengths.map((l) => [`${branzaName(l.branza)} (${l.branza})`, String(l.count), metres(l.lengthM)]));
  doc.font('Sans').fontSize(8).text(`Projekt złożony w postaci ${c.format === 'dxf' ? 'DXF (warstwa na branżę)' : c.format === 'gml' ? 'GML' : 'GeoJSON'} w układzie PL-2000 strefa 6 (EPSG:2177), z mapą do celów projektowych (PDF).`, 50, doc.y + 3, { width: W });

  heading('2. Wyniki automatycznej kontroli odległości');
  const conflicts = c.report.conflicts;
  if (conflicts.length === 0) doc.font('Sans').fontSize(9).text('Kontrola nie wykazała kolizji ani zbliżeń poniżej odległości minimalnych.', { width: W });
  else {
    const shown = conflicts.slice(0, 60);
    table([{ h: 'Przewód proj.', w: 60 }, { h: 'Rodzaj', w: 95 }, { h: 'Obiekt', w: 140 }, { h: 'Odległość', w: 55, right: true }, { h: 'Wymagana', w: 55, right: true }, { h: 'Miejsce (x, y)', w: W - 405 }],
      shown.map((k) => {
        const d = c.design[k.design];
        const own = d ? `${d.properties.label ?? `#${k.design + 1}`} (${d.properties.branza})` : `#${k.design + 1}`;
        // A crossing's distance is vertical where both depths were known (coordination/depth.ts), else 0 in plan.
        const kind = (KIND_PL[k.kind] ?? k.kind) + (k.kind !== 'crossing' || !k.vertical ? '' : k.vertical.clearanceM === null ? ' – głębokość nieznana' : ' – odległość w pionie');
        return [own, kind, `${k.with.layer} ${k.with.id}${k.with.branza ? ` (${k.with.branza})` : ''}`, metres(k.distanceM), k.requiredM === null ? '–' : metres(k.requiredM), `${k.at[0].toFixed(2)}, ${k.at[1].toFixed(2)}`];
      }));
    if (conflicts.length > shown.length) doc.font('Sans').fontSize(8).text(`… oraz ${conflicts.length - shown.length} dalszych pozycji (pełny raport w sprawie).`, { width: W });
  }
  if (c.report.parcels.length) doc.font('Sans').fontSize(8).text(`Działki, przez które przebiegają projektowane przewody: ${c.report.parcels.join(', ')}.`, 50, doc.y + 3, { width: W });

  heading('3. Uczestnicy narady i ich stanowiska');
  table([{ h: 'Uczestnik', w: 150 }, { h: 'Branże', w: 70 }, { h: 'Stanowisko', w: 95 }, { h: 'Uzasadnienie / uwagi', w: W - 315 }],
    c.parties.map((p) => [p.name, p.branze.join(', '), p.position ? `${p.position}${p.at ? `\n${datePl(new Date(p.at))}` : ''}` : 'nie zajął stanowiska', p.reason ?? '']));
  if (c.comments.length) {
    doc.moveDown(0.4);
    doc.font('Sans-Bold').fontSize(9).text('Uwagi do projektu:', 50, doc.y, { width: W });
    for (const [i, k] of c.comments.entries()) {
      ensure(14);
      doc.font('Sans').fontSize(8).text(`${i + 1}. ${k.operator}: ${k.text}${k.at ? ` [miejsce: x = ${k.at[0].toFixed(2)}, y = ${k.at[1].toFixed(2)}]` : ''}`, 50, doc.y, { width: W });
    }
  }

  ensure(SKETCH_HEIGHT + 60); // the heading stays with its drawing
  heading('4. Szkic projektu');
  sketch(doc, c, W);

  heading('5. Wnioski');
  const words: Record<string, string> = {
    'uzgodniona': 'Usytuowanie projektowanych sieci uzbrojenia terenu UZGODNIONO.',
    'uzgodniona z uwagami': 'Usytuowanie projektowanych sieci uzbrojenia terenu UZGODNIONO Z UWAGAMI uczestników podanymi w punkcie 3.',
    'nieuzgodniona': 'Usytuowania projektowanych sieci uzbrojenia terenu NIE UZGODNIONO.',
  };
  doc.font('Sans-Bold').fontSize(10).text(`Wynik narady: ${c.outcome}`, 50, doc.y, { width: W });
  doc.font('Sans').fontSize(9).text(words[c.outcome]!, { width: W });
  if (c.conclusion) doc.text(c.conclusion, { width: W });
  if (isPositive(c.outcome)) doc.text(`Uzgodnione projektowane przewody wprowadzono do GESUT ze statusem „projektowany” i numerem sprawy ${c.number}.`, { width: W });
  doc.moveDown(1);
  doc.font('Sans').fontSize(7.5).fillColor('#333').text(
    'Pgik – ustawa z dnia 17 maja 1989 r. – Prawo geodezyjne i kartograficzne (t.j. Dz.U. 2024 poz. 1151 ze zm.), art. 28b. Kontrolę odległości ' +
    'wykonano automatycznie według tabeli odległości minimalnych podanej w serwisie (/api/coordination/distances) wraz z jej źródłami. ' +
    'Protokół wydano w systemie teleinformatycznym i opatrzono podpisem elektronicznym organu.', 50, doc.y, { width: W });
  doc.end();
  return bytes;
}

const SKETCH_HEIGHT = 220;

/** The designed lines in their branch colours and the conflicts as red circles, fitted into a box. */
function sketch(doc: PDFKit.PDFDocument, c: CoordinationCase, W: number): void {
  const H = SKETCH_HEIGHT;
  if (doc.y + H > doc.page.height - 60) doc.addPage();
  const top = doc.y, left = 50;
  const parts = c.design.flatMap((f) => (f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates as unknown[])
    .map((p) => ({ branza: f.properties.branza, coords: p as [number, number][] })));
  const xs = [...parts.flatMap((p) => p.coords.map((q) => q[0])), ...c.report.conflicts.map((k) => k.at[0])];
  const ys = [...parts.flatMap((p) => p.coords.map((q) => q[1])), ...c.report.conflicts.map((k) => k.at[1])];
  const [minx, maxx, miny, maxy] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(maxx - minx, maxy - miny, 1);
  const scale = Math.min((W - 20) / span, (H - 20) / span);
  const px = (x: number) => left + 10 + (x - minx) * scale;
  const py = (y: number) => top + H - 10 - (y - miny) * scale;
  doc.rect(left, top, W, H).lineWidth(0.5).stroke('#888');
  for (const p of parts) {
    doc.moveTo(px(p.coords[0]![0]), py(p.coords[0]![1]));
    for (const q of p.coords.slice(1)) doc.lineTo(px(q[0]), py(q[1]));
    doc.lineWidth(1.5).dash(6, { space: 3 }).stroke(networkColour(p.branza)).undash();
  }
  for (const k of c.report.conflicts) doc.circle(px(k.at[0]), py(k.at[1]), 3).lineWidth(1).stroke('#d00000');
  for (const k of c.comments) if (k.at) doc.rect(px(k.at[0]) - 2.5, py(k.at[1]) - 2.5, 5, 5).fill('#0050c8');
  doc.fillColor('#000').font('Sans').fontSize(7).text(`Skala rysunku ok. 1:${Math.round(1 / (scale / 72 * 0.0254))}; linie kreskowe – przewody projektowane w kolorach branż, okręgi czerwone – kolizje i zbliżenia, kwadraty niebieskie – uwagi uczestników.`, left, top + H + 3, { width: W });
  doc.x = 50;
  doc.y = top + H + 16;
}
