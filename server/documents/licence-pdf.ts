// The licence of a paid order as PDF (art. 40c Prawo geodezyjne i kartograficzne: materials of the resource are
// handed out with a licence that states what the licensee may do with them). It names the licence, the licensor
// (the office), the licensee, the DOO and order it follows from, every material with its subject, and the scope:
// the purpose the orderer gave, the licensee's own use, no handing on or publication of the materials themselves.
// The wording is the office's summary of art. 40c, not the verbatim text of the 2020 licence form (Dz.U. 2020
// poz. 1322), which was not available here. Materials free by art. 40a ust. 2 pkt 1 need no licence (art. 40c
// ust. 5) and are listed as such. Checked against art. 40c ust. 1–5 as quoted by standardyprawa.pl/akt/93/art/15856
// (2026-12-03): the act defines no licence kinds (the 2014 types K, T, CL of the old coefficients are gone); a
// licence states the permitted operations (ust. 2: for electronic materials e.g. recording, changing, handing on;
// for paper ones copying and digitising), users must name the source in what they publish (ust. 3, now in the
// text), an electronic licence from the system needs no signature (ust. 4; signing anyway is allowed), and no
// licence is issued for a notified work's materials nor for art. 40a ust. 2 pkt 1 and 3 (ust. 5).
// Signed by the caller with documents/sign.ts.
import { openPdf } from '../formats/pdf-document.ts';
import type { Order } from '../orders/store.ts';
import type { Office } from './doo-pdf.ts';
import { fieldRow, letterhead } from './office-letter.ts';


/** The licence number of an order: LIC/year/n, the order's own sequence number. */
export function licenceNumber(order: Pick<Order, 'numer'>): string {
  return order.numer.replace(/^ZAM\//, 'LIC/');
}

const MATERIAL_PL: Record<string, string> = {
  wypis: 'Wypis z rejestru gruntów', wypis_bez_danych: 'Wypis z rejestru gruntów bez danych osobowych', wyrys: 'Wyrys z mapy ewidencyjnej',
  wypis_wyrys: 'Wypis z rejestru gruntów i wyrys z mapy ewidencyjnej', wypis_budynki: 'Wypis z rejestru budynków', sheet: 'Arkusze mapy zasadniczej',
  extract: 'Zbiór danych', nmt: 'Numeryczny model terenu', model3d: 'Model 3D budynków',
};

export function renderLicencePdf(order: Order, office: Office, issued: Date): Promise<Buffer> {
  const number = licenceNumber(order);
  const { doc, bytes: done } = openPdf({ size: 'A4', margin: 50, compress: true, pdfVersion: '1.7', lang: 'pl-PL',
    info: { Title: `Licencja ${number}`, Author: office.name, Subject: `Licencja do zamówienia ${order.numer}`, Keywords: `licencja ${number}; ${order.dooNumber ?? ''}`, Creator: 'SIP Poznań' } });
  const W = doc.page.width - 100;
  const field = (label: string, value: string) => { fieldRow(doc, label, value); doc.moveDown(0.3); };
  letterhead(doc, office, `LICENCJA ${number}`, 'na korzystanie z materiałów państwowego zasobu geodezyjnego i kartograficznego (art. 40c ustawy Pgik)');
  field('Identyfikator licencji:', number);
  field('Data wydania:', issued.toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw' }));
  field('Licencjodawca:', `Prezydent Miasta Poznania – ${office.name}`);
  field('Licencjobiorca:', [order.payer, order.payerAddress].filter(Boolean).join(', '));
  field('Zamówienie / DOO:', [order.numer, order.dooNumber].filter(Boolean).join(' / '));
  field('Cel wykorzystania:', order.purpose ?? 'potrzeby własne licencjobiorcy');
  doc.moveDown(0.5);
  doc.font('Sans-Bold').fontSize(10).text('Materiały objęte licencją', 50, doc.y, { width: W });
  doc.moveDown(0.3);
  for (const it of order.items) {
    const s = it.subject as { parcels?: string[]; sheets?: string[]; dataset?: string };
    const what = [s.parcels ? `działki ${s.parcels.join(', ')}` : '', s.sheets ? `arkusze ${s.sheets.join(', ')}` : '', s.dataset ? `zbiór ${s.dataset.toUpperCase()}` : ''].filter(Boolean).join('; ');
    const free = it.amountGr === 0 ? ' — udostępniany bez opłaty, nie wymaga licencji (art. 40c ust. 5)' : '';
    doc.font('Sans').fontSize(9).text(`${it.lp}. ${MATERIAL_PL[it.material] ?? it.material} (postać ${it.postac})${what ? `: ${what}` : ''}${free}`, 50, doc.y, { width: W });
    doc.moveDown(0.2);
  }
  doc.moveDown(0.6);
  doc.font('Sans-Bold').fontSize(10).text('Zakres licencji', 50, doc.y, { width: W });
  doc.moveDown(0.3);
  doc.font('Sans').fontSize(9).text(
    'Licencjobiorca może korzystać z materiałów wymienionych wyżej w celu wskazanym w licencji, w tym utrwalać je, przetwarzać i ' +
    'sporządzać na ich podstawie opracowania pochodne. Licencja nie uprawnia do udostępniania ani publikowania samych materiałów ' +
    'osobom trzecim. Dane osobowe zawarte w materiałach wolno przetwarzać wyłącznie w zakresie, w jakim licencjobiorca jest do tego ' +
    'uprawniony. W publikowanych opracowaniach licencjobiorca zamieszcza informację o źródle pochodzenia użytego materiału ' +
    '(art. 40c ust. 3 ustawy Pgik). Korzystanie z materiałów zasobu bez licencji albo z przekroczeniem jej zakresu podlega karze ' +
    '(art. 48a ustawy Pgik).', 50, doc.y, { width: W });
  doc.moveDown(1);
  doc.fontSize(7.5).fillColor('#333').text('Pgik – ustawa z dnia 17 maja 1989 r. – Prawo geodezyjne i kartograficzne (t.j. Dz.U. 2024 poz. 1151 ze zm.). ' +
    'Treść zakresu licencji jest streszczeniem ośrodka; wzór licencji: rozporządzenie (Dz.U. 2020 poz. 1322). Dokument opatrzono podpisem elektronicznym organu.', 50, doc.y, { width: W });
  doc.end();
  return done;
}
