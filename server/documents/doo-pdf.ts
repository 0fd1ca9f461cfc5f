// The DOO (Dokument Obliczenia Opłaty) of an order as PDF, with the content the 2020 form requires (Rozporządzenie
// Ministra Rozwoju, Pracy i Technologii z 2020 r. w sprawie wzorów wniosków o udostępnienie materiałów państwowego
// zasobu geodezyjnego i kartograficznego, licencji i Dokumentu Obliczenia Opłaty, Dz.U. 2020 poz. 1322): the
// authority, the DOO's number and date, the payer, the materials with the legal basis of each fee and how it was
// computed, the total in figures and in words, the account to pay to and the transfer title (the DOO number),
// and the payment term. Written with pdfkit (DejaVu Sans for Polish letters) with a classic xref table so that
// documents/sign.ts can add the signature; the caller signs it.
import { openPdf } from '../formats/pdf-document.ts';
import type { Order } from '../orders/store.ts';
import { tariffRow } from '../fees/tariff.ts';
import { amountInWordsPl, formatPln } from './words.ts';
import { fieldRow, letterhead } from './office-letter.ts';

export interface Office { name: string; address: string; bankAccount: string }


const dateTimePl = (d: Date) => d.toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const datePl = (d: Date) => d.toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The account number grouped as Polish banks print it: 2 + 6 × 4 digits. */
export function formatNrb(nrb: string): string {
  const d = nrb.replace(/\s+/g, '').replace(/^PL/i, '');
  return [d.slice(0, 2), ...d.slice(2).match(/.{1,4}/g)!].join(' ');
}

/** The transfer title of an order's payment: the DOO number first (the bank statement import matches on it). */
export function transferTitle(o: Pick<Order, 'dooNumber' | 'numer'>): string {
  return `${o.dooNumber} opłata za materiały PZGiK ${o.numer}`;
}

export const MATERIAL_PL: Record<string, string> = {
  wypis: 'Wypis z rejestru gruntów', wypis_bez_danych: 'Wypis z rejestru gruntów bez danych osobowych', wyrys: 'Wyrys z mapy ewidencyjnej',
  wypis_wyrys: 'Wypis z rejestru gruntów i wyrys z mapy ewidencyjnej', wypis_budynki: 'Wypis z rejestru budynków', sheet: 'Arkusze mapy zasadniczej',
  extract: 'Zbiór danych', nmt: 'Numeryczny model terenu', model3d: 'Model 3D budynków',
  zgloszenie: 'Materiały zasobu do zgłoszonych prac geodezyjnych',
};

function subjectText(s: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(s.parcels)) parts.push(`działki: ${s.parcels.join(', ')}`);
  if (Array.isArray(s.sheets)) parts.push(`arkusze: ${s.sheets.join(', ')}`);
  if (typeof s.dataset === 'string') parts.push(`zbiór: ${s.dataset.toUpperCase()}`);
  if (typeof s.zgloszenie === 'string') parts.push(`zgłoszenie ${s.zgloszenie}`);
  const area = s.area as { areaKm2?: number } | undefined;
  if (area?.areaKm2 !== undefined) parts.push(`obszar ${(area.areaKm2 * 100).toFixed(4).replace('.', ',')} ha`);
  return parts.join('; ');
}

/** Renders the DOO of an order that has one. */
export function renderDooPdf(order: Order, office: Office): Promise<Buffer> {
  if (!order.dooNumber || !order.dooDate) throw new Error(`order ${order.numer} has no DOO`);
  const { doc, bytes: done } = openPdf({
    size: 'A4', margin: 50, compress: true, pdfVersion: '1.7', lang: 'pl-PL',
    info: { Title: `Dokument Obliczenia Opłaty ${order.dooNumber}`, Author: office.name, Subject: `Zamówienie ${order.numer}`, Creator: 'SIP Poznań' },
  });
  const W = doc.page.width - 100;

  letterhead(doc, office, 'DOKUMENT OBLICZENIA OPŁATY', 'za udostępnienie materiałów państwowego zasobu geodezyjnego i kartograficznego');
  const field = (label: string, value: string) => { fieldRow(doc, label, value); doc.moveDown(0.3); };
  field('Identyfikator DOO:', order.dooNumber);
  field('Data wystawienia:', dateTimePl(new Date(order.dooDate)));
  field('Organ:', `Prezydent Miasta Poznania – ${office.name}`);
  field('Zamówienie (wniosek):', order.numer);
  field('Płatnik (wnioskodawca):', [order.payer, order.payerAddress].filter(Boolean).join(', '));
  if (order.email) field('Adres e-mail:', order.email);
  doc.moveDown(0.6);

  // The items: Lp., material and subject, legal basis, computation, amount.
  const cols = [
    { h: 'Lp.', w: 25 }, { h: 'Materiał zasobu', w: 165 }, { h: 'Podstawa prawna', w: 110 }, { h: 'Wyliczenie opłaty', w: 115 }, { h: 'Kwota', w: W - 415 },
  ];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let x = 50, h = 0;
    doc.font(bold ? 'Sans-Bold' : 'Sans').fontSize(8);
    cells.forEach((c, i) => { h = Math.max(h, doc.heightOfString(c, { width: cols[i]!.w - 6 })); });
    if (y + h + 6 > doc.page.height - 60) doc.addPage();
    const top = doc.y;
    cells.forEach((c, i) => { doc.text(c, x + 3, top + 3, { width: cols[i]!.w - 6, align: i === 4 ? 'right' : 'left' }); x += cols[i]!.w; });
    doc.moveTo(50, top + h + 6).lineTo(50 + W, top + h + 6).lineWidth(0.5).stroke('#888');
    doc.x = 50; doc.y = top + h + 6;
  };
  row(cols.map((c) => c.h), true);
  for (const it of order.items) {
    const provision = tariffRow(it.tariffRow)?.legalBasis.provision ?? it.legalBasis;
    const basis = provision.startsWith('tabela') ? `załącznik do ustawy Pgik, ${provision} (od ${it.tariffVersion})` : `ustawa Pgik, ${provision}`;
    const subject = subjectText(it.subject);
    row([`${it.lp}.`, `${MATERIAL_PL[it.material] ?? it.material} (postać ${it.postac})${subject ? `\n${subject}` : ''}`, basis, it.explanation, formatPln(it.amountGr)]);
  }
  doc.moveDown(0.6);
  field('Opłata łącznie:', formatPln(order.amountGr));
  field('Słownie:', amountInWordsPl(order.amountGr));
  field('Rachunek bankowy:', formatNrb(office.bankAccount));
  field('Odbiorca:', `Miasto Poznań – ${office.name}`);
  field('Tytuł przelewu:', transferTitle(order));
  if (order.paymentDue) field('Termin płatności:', datePl(new Date(order.paymentDue)));
  doc.moveDown(1);
  doc.font('Sans').fontSize(7.5).fillColor('#333').text(
    'Pgik – ustawa z dnia 17 maja 1989 r. – Prawo geodezyjne i kartograficzne (t.j. Dz.U. 2024 poz. 1151 ze zm.); opłatę obliczono według ' +
    'załącznika do ustawy; w tytule przelewu należy podać identyfikator DOO. Materiały zasobu udostępnia się po wniesieniu opłaty, ' +
    'wraz z licencją (art. 40c). Wzór dokumentu: rozporządzenie Ministra Rozwoju, Pracy i Technologii (Dz.U. 2020 poz. 1322). ' +
    'Dokument wystawiono w systemie teleinformatycznym i opatrzono podpisem elektronicznym organu.', 50, doc.y, { width: W });
  doc.end();
  return done;
}
