// The surveyor's e-mails about a survey-work notification (pure texts; services/zgloszenia/notify.ts sends them after
// the change committed, as orders/notify.ts does for orders): the notification filed (its number, the materials'
// deadline, the fee and its DOO), and the material package ready (released at once when the fee is paid or free;
// otherwise when the DOO is paid — art. 40a ust. 1 and art. 40d Pgik: materials are handed over after the fee).
import type { MailMessage } from '../../accounts/mail.ts';

export interface CaseMailFacts {
  numer: string;
  celPrac: string;
  terminMaterialow: string;
  /** The fee order: amount, DOO number, whether paid (opłacone / zrealizowane), or none. */
  fee: { amountGr: number; dooNumber: string | null; paid: boolean } | null;
  /** The surveyors' portal ("Moje sprawy") as the surveyor reaches it. */
  portalUrl: string;
  office: string;
}

const pln = (gr: number) => `${(gr / 100).toFixed(2).replace('.', ',')} zł`;
const signature = (office: string) => `\r\n\r\n--\r\n${office}\r\nWiadomość wysłana automatycznie przez SIP Poznań; prosimy na nią nie odpowiadać.`;

/** The confirmation of a filed notification. */
export function filedMail(f: CaseMailFacts): Omit<MailMessage, 'to'> {
  return {
    subject: `Zgłoszenie prac geodezyjnych ${f.numer} przyjęte`,
    link: f.portalUrl,
    text: [`Przyjęto zgłoszenie prac geodezyjnych ${f.numer} (${f.celPrac}).`,
      `Termin udostępnienia materiałów: ${f.terminMaterialow}.`,
      f.fee?.dooNumber ? `Opłata: ${pln(f.fee.amountGr)}, DOO ${f.fee.dooNumber}; pakiet materiałów zostanie wydany po jej wniesieniu.` : '',
      `Sprawa: ${f.portalUrl} (Moje sprawy).`].filter(Boolean).join('\r\n') + signature(f.office),
  };
}

/** The package of the notification's materials is ready: to download now, or once the DOO is paid. */
export function packageReadyMail(f: CaseMailFacts): Omit<MailMessage, 'to'> {
  const release = !f.fee || f.fee.paid
    ? `Pakiet można pobrać w Portalu Geodety (narzędzie „Moje sprawy”): ${f.portalUrl}`
    : `Pakiet zostanie wydany po wniesieniu opłaty ${pln(f.fee.amountGr)} według DOO ${f.fee.dooNumber ?? '—'} (w tytule przelewu numer DOO); potem można go pobrać w Portalu Geodety (narzędzie „Moje sprawy”): ${f.portalUrl}`;
  return {
    subject: `Zgłoszenie ${f.numer}: pakiet materiałów zasobu przygotowany`,
    link: f.portalUrl,
    text: [`Pakiet materiałów państwowego zasobu geodezyjnego i kartograficznego do zgłoszenia prac geodezyjnych ${f.numer} (${f.celPrac}) jest przygotowany.`,
      'Zawiera dane EGiB i GESUT z obszaru zgłoszenia wraz z buforem (GML i DXF), punkty graniczne i osnowy, arkusze mapy zasadniczej (PDF) oraz wycinek NMT; spis zawartości jest w pliku SPIS_ZAWARTOSCI.txt.',
      release,
      'Stan sprawy zmieniono na „materiały przygotowane”.'].join('\r\n') + signature(f.office),
  };
}
