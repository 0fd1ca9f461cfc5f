// What a released file carries of its licence (issue 17 item 3): the materials of the resource are handed out with a
// licence (art. 40c ustawy z 17 maja 1989 r. – Prawo geodezyjne i kartograficzne, t.j. Dz.U. 2024 poz. 1151 ze zm.),
// and a file found later on someone's disk must be traceable to it. Every writer of released files (GeoPackage
// metadata, PDF document info, GeoTIFF tags, the wypis/wyrys PDFs) takes the same LicenceMark and writes the same
// text, so the licence reads alike whatever the format. Pure: the order and the office come from the caller.
import type { Order } from '../orders/store.ts';
import { licenceNumber } from './licence-pdf.ts';

export interface LicenceMark {
  /** LIC/year/n (licence-pdf.ts). */
  number: string;
  orderNumber: string;
  dooNumber: string | null;
  /** The licensee as the licence names them (payer and address). */
  licensee: string;
  /** The licensor: the authority and its office. */
  licensor: string;
  /** The purpose the orderer gave, or the licensee's own needs. */
  purpose: string;
  /** Date of issue, YYYY-MM-DD (Europe/Warsaw). */
  issued: string;
  /** Where the licence itself can be read (path of the signed licence PDF of the order). */
  url: string;
}

const dayInWarsaw = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });

export function licenceMark(order: Pick<Order, 'id' | 'numer' | 'dooNumber' | 'payer' | 'payerAddress' | 'purpose'>, officeName: string, issued: Date): LicenceMark {
  return {
    number: licenceNumber(order),
    orderNumber: order.numer,
    dooNumber: order.dooNumber,
    licensee: [order.payer, order.payerAddress].filter(Boolean).join(', '),
    licensor: `Prezydent Miasta Poznania – ${officeName}`,
    purpose: order.purpose ?? 'potrzeby własne licencjobiorcy',
    issued: dayInWarsaw(issued),
    url: `/api/orders/${order.id}/licencja.pdf`,
  };
}

/**
 * The PDF document information of a released PDF (ISO 32000-1 §14.3.3): Subject the licence text, Keywords the
 * numbers to search by, and a custom key "Licencja" with the licence number (pdfinfo -custom, Adobe's "Custom").
 */
export function licencePdfInfo(m: LicenceMark): { Subject: string; Keywords: string; Licencja: string } {
  return {
    Subject: licenceMarkText(m),
    Keywords: ['licencja', m.number, m.orderNumber, m.dooNumber].filter(Boolean).join('; '),
    Licencja: m.number,
  };
}

/** The one-line text every format stores (PDF Subject/Keywords, GeoTIFF TIFFTAG_COPYRIGHT, GeoPackage metadata). */
export function licenceMarkText(m: LicenceMark): string {
  return [
    `Licencja ${m.number} (art. 40c Pgik)`,
    `licencjodawca: ${m.licensor}`,
    `licencjobiorca: ${m.licensee}`,
    `cel: ${m.purpose}`,
    `zamówienie ${m.orderNumber}${m.dooNumber ? `, ${m.dooNumber}` : ''}`,
    `wydano ${m.issued}`,
    'udostępnianie osobom trzecim niedozwolone (art. 40c, art. 48a Pgik)',
  ].join('; ');
}
