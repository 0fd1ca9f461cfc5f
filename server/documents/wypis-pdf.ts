// Wypis z rejestru gruntów and wypis z rejestru budynków as PDF, and (re-exported from wyrys-pdf.ts) the wyrys z
// mapy ewidencyjnej: the register documents of issue 17 item 5, signed by the caller with documents/sign.ts
// (`renderSignedRegisterDocuments` below does render + sign per ordered material).
//
// What the layout follows, and what is not verified:
// - Content: § 36 ust. 2 of the EGiB regulation (rozporządzenie MRPiT z 27 lipca 2021 r. w sprawie ewidencji gruntów i
//   budynków, Dz.U. 2021 poz. 1390; t.j. Dz.U. 2024 poz. 219), read in its consolidated text: the authority, the case
//   mark, the title "Wypis z rejestru gruntów" / "Wypis z rejestru budynków", województwo, powiat, jednostka
//   ewidencyjna, obręb name and number, the unit number (JRG / JRB), for the land register the buildings on each
//   parcel that are not separate property (pkt 6), the date, "sporządzono w sposób automatyczny" instead of a
//   person's name (pkt 9), and an electronic signature (pkt 10). The register's content per parcel: identifier and
//   number, KW, area in ha to 4 decimals (poleEwidencyjne), the klasoużytki (OFU, OZU, OZK, area), the unit's rights
//   with shares and subjects, the register group.
// - Layout: the tabular form offices print (parcels with their klasoużytki, a summary of klasoużytki, buildings, the
//   subjects with rights and shares). The 2021 act as found here has NO annex with a drawn template of a wypis
//   (its annexes are the GML schema and code lists; the 2001 act's templates were not available either), so the
//   column order is the office practice, NOT a verified copy of an official form.
// - Personal data: a subject's name, PESEL/REGON and address are printed only for an entitled orderer (art. 24
//   ust. 5 Pgik as the brief and the domain notes state it — the wording of ust. 5 was NOT verified here); otherwise
//   the document is titled and marked as the wypis without personal data (§ 36 ust. 3 gives such wypisy their own
//   title; its exact wording was cut off in the source read, so "bez danych osobowych" follows the fee table's row
//   name, tabela 11 of the annex to Pgik) and the subjects' rows are never read from the database.
// - The clause "Dokument niniejszy jest przeznaczony do dokonywania wpisu w księdze wieczystej" on the full wypis
//   follows office practice (price lists of county offices); its provision in the 2021 act was NOT verified.
import type { Queryable } from '../db/database.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { KST, OFU, codeName, klasouzytek } from '../domain/code-lists.ts';
import type { LicenceMark } from './licence-mark.ts';
import type { SigningIdentity } from './sign.ts';
import type { Order, OrderItem } from '../orders/store.ts';
import { licenceMark } from './licence-mark.ts';
import {
  TERRITORY, Table, dateTimePl, drawFields, drawHeading, drawNote, drawOrganBlock, drawTitle, finishRegisterPdf, haText,
  m2Text, obrebNumber, openRegisterPdf, signRegisterDocument, type RegisterOffice, type RegisterPdf,
} from './register-pdf.ts';
import {
  areaUnits, jrgNumber, loadBuildings, loadJrgSections, type BuildingSelection, type BuildingSection, type JrgSection,
  type ParcelSelection, type RightRecord, type SubjectData,
} from './register-data.ts';
import { renderWyrysPdf, type WyrysInput, type WyrysScale } from './wyrys-pdf.ts';

export { renderWyrysPdf, wyrysScaleFor, WYRYS_SCALES, type WyrysInput, type WyrysScale } from './wyrys-pdf.ts';

interface DocumentCommon {
  /** Whether the orderer is entitled to the owners' personal data (the order's `daneOsobowe`). */
  personalData: boolean;
  licence?: LicenceMark;
  issued: Date;
  office: RegisterOffice;
  /** The case mark (oznaczenie sprawy); the order's number by default. */
  caseNumber?: string;
}

export type WypisGruntowInput = ParcelSelection & DocumentCommon;
export type WypisBudynkowInput = BuildingSelection & DocumentCommon;

export const NO_PERSONAL_DATA_NOTE = 'Wypis bez danych osobowych – art. 24 ust. 5 Pgik: dane osobowe podmiotów ewidencyjnych udostępnia się tylko uprawnionym; wnioskodawca nie wykazał uprawnienia.';
const KW_CLAUSE = 'Dokument niniejszy jest przeznaczony do dokonywania wpisu w księdze wieczystej.';
const INFO_CLAUSE = 'Wypis bez danych osobowych ma charakter informacyjny i nie jest przeznaczony do dokonywania wpisu w księdze wieczystej.';

const caseOf = (c: DocumentCommon) => c.caseNumber ?? c.licence?.orderNumber ?? 'wydruk informacyjny (bez znaku sprawy)';

/** "Jan Kowalski, PESEL 12345678901" / "Miasto Poznań, REGON 305470994". */
export function subjectText(s: SubjectData): string {
  const name = s.rodzajPodmiotu === 'osoba fizyczna' ? [s.imie, s.nazwisko].filter(Boolean).join(' ') : s.nazwa ?? s.rodzajPodmiotu;
  const id = s.pesel ? `PESEL ${s.pesel}` : s.regon ? `REGON ${s.regon}` : '';
  return [name, id].filter(Boolean).join(', ');
}

/** The subjects of a unit: with personal data a table; without, what kinds of rights exist and why no more. */
function drawRights(pdf: RegisterPdf, rights: readonly RightRecord[], personalData: boolean, heading: string): void {
  drawHeading(pdf, heading);
  if (rights.length === 0) { drawNote(pdf, 'Brak ujawnionych podmiotów.'); return; }
  if (!personalData) {
    const kinds = [...new Set(rights.map((r) => r.rodzajPrawa))].join(', ');
    drawNote(pdf, `Rodzaje praw ujawnionych w jednostce: ${kinds}. Dane podmiotów pominięto.`);
    drawNote(pdf, NO_PERSONAL_DATA_NOTE);
    return;
  }
  const t = new Table(pdf, [
    { title: 'Lp.', width: 5 }, { title: 'Rodzaj prawa', width: 16 }, { title: 'Udział', width: 10, align: 'right' },
    { title: 'Podmiot (rodzaj; nazwa albo imię i nazwisko; PESEL/REGON)', width: 38 }, { title: 'Adres', width: 31 },
  ]);
  rights.forEach((r, i) => {
    const p = r.podmiot!;
    t.row([`${i + 1}.`, r.rodzajPrawa, `${r.licznik}/${r.mianownik}`, `${p.rodzajPodmiotu}: ${subjectText(p)}`, p.adres ?? '—']);
  });
  t.end();
}

function drawUnitFields(pdf: RegisterPdf, idObrebu: string, nazwaObrebu: string, unit: [string, string], extra: readonly (readonly [string, string])[] = []): void {
  drawFields(pdf, [
    ['Województwo', TERRITORY.wojewodztwo], ['Powiat', TERRITORY.powiat],
    ['Jednostka ewidencyjna', TERRITORY.jednostkaEwidencyjna], ['Obręb ewidencyjny', `${obrebNumber(idObrebu)} – ${nazwaObrebu} (${idObrebu})`],
    unit, ...extra,
  ]);
}

function drawClosing(pdf: RegisterPdf, personalData: boolean, issued: Date): void {
  pdf.doc.moveDown(0.5);
  drawNote(pdf, `Dokument sporządzono w sposób automatyczny w systemie SIP Poznań dnia ${dateTimePl(issued)} (§ 36 ust. 2 pkt 9 rozporządzenia w sprawie ewidencji gruntów i budynków, Dz.U. 2021 poz. 1390) i opatrzono podpisem elektronicznym organu (pkt 10).`);
  drawNote(pdf, personalData ? KW_CLAUSE : INFO_CLAUSE, 8);
}

function drawJrgSection(pdf: RegisterPdf, s: JrgSection, input: WypisGruntowInput): void {
  const { personalData } = input;
  drawOrganBlock(pdf, input.office, caseOf(input), input.issued);
  drawTitle(pdf, 'WYPIS Z REJESTRU GRUNTÓW', personalData ? undefined : 'bez danych osobowych');
  drawUnitFields(pdf, s.idObrebu, s.nazwaObrebu,
    ['Jednostka rejestrowa gruntów', s.JRG ? `${jrgNumber(s.JRG)} (${s.JRG})` : 'działka nie przypisana do jednostki rejestrowej'],
    [['Grupa rejestrowa', s.grupa ? `${s.grupa.numer} – ${s.grupa.nazwa}` : '—']]);
  if (s.parcels.length < s.parcelsInUnit) drawNote(pdf, `Wypis obejmuje ${s.parcels.length} z ${s.parcelsInUnit} działek jednostki rejestrowej (działki wskazane we wniosku).`);

  drawHeading(pdf, 'Działki ewidencyjne i klasoużytki');
  const t = new Table(pdf, [
    { title: 'Lp.', width: 4 }, { title: 'Numer działki / identyfikator', width: 22 }, { title: 'Położenie', width: 13 },
    { title: 'Numer KW', width: 15 }, { title: 'OFU', width: 6, align: 'center' }, { title: 'OZU', width: 6, align: 'center' },
    { title: 'OZK', width: 6, align: 'center' }, { title: 'Pole klasoużytku [ha]', width: 13, align: 'right' },
    { title: 'Pole działki [ha]', width: 12, align: 'right' },
  ]);
  let total = 0;
  const summary = new Map<string, { OFU: string; OZU: string | null; OZK: string | null; units: number }>();
  s.parcels.forEach((p, i) => {
    total += areaUnits(p.poleEwidencyjne);
    const pieces = p.klasouzytki.length ? p.klasouzytki : [{ OFU: '—', OZU: null, OZK: null, powierzchnia: '' }];
    pieces.forEach((k, j) => {
      if (k.powierzchnia !== '') {
        const key = klasouzytek(k.OFU, k.OZU, k.OZK);
        const e = summary.get(key) ?? { OFU: k.OFU, OZU: k.OZU, OZK: k.OZK, units: 0 };
        e.units += areaUnits(k.powierzchnia);
        summary.set(key, e);
      }
      const area = k.powierzchnia === '' ? '—' : haText(k.powierzchnia);
      const last = j === pieces.length - 1;
      if (j === 0) {
        const number = `${p.numerArkusza ? `AR_${p.numerArkusza} ` : ''}${p.numerDzialki}\n${p.idDzialki}`;
        t.row([`${i + 1}.`, number, p.polozenie ?? '—', p.numerKW ?? '—', k.OFU, k.OZU ?? '', k.OZK ?? '', area, haText(p.poleEwidencyjne)], { rule: last });
      } else {
        t.row(['', '', '', '', k.OFU, k.OZU ?? '', k.OZK ?? '', area, ''], { rule: last });
      }
    });
  });
  t.row(['', `Razem (${s.parcels.length} ${s.parcels.length === 1 ? 'działka' : 'działki/działek'})`, '', '', '', '', '', '', haText(total, true)], { bold: true });
  t.end();

  drawHeading(pdf, 'Zestawienie klasoużytków');
  const k = new Table(pdf, [
    { title: 'Klasoużytek', width: 14 }, { title: 'Forma użytkowania (OFU)', width: 46 }, { title: 'OZU', width: 10, align: 'center' },
    { title: 'OZK', width: 10, align: 'center' }, { title: 'Pole [ha]', width: 20, align: 'right' },
  ]);
  let sumUnits = 0;
  for (const [key, e] of [...summary.entries()].sort((a, b) => a[0].localeCompare(b[0], 'pl'))) {
    sumUnits += e.units;
    k.row([key, codeName(OFU, e.OFU) ?? e.OFU, e.OZU ?? '', e.OZK ?? '', haText(e.units, true)]);
  }
  k.row(['Razem', '', '', '', haText(sumUnits, true)], { bold: true });
  k.end();

  const buildings = s.parcels.flatMap((p) => p.budynki);
  drawHeading(pdf, 'Budynki na działkach niestanowiące odrębnego od gruntu przedmiotu własności');
  if (buildings.length === 0) drawNote(pdf, 'Brak budynków.');
  else {
    const b = new Table(pdf, [
      { title: 'Lp.', width: 4 }, { title: 'Identyfikator budynku', width: 25 }, { title: 'Rodzaj wg KŚT', width: 24 },
      { title: 'Kondygn. nadz./podz.', width: 13, align: 'center' }, { title: 'Pow. zabudowy [m²]', width: 13, align: 'right' },
      { title: 'Adres', width: 21 },
    ]);
    buildings.forEach((x, i) => b.row([`${i + 1}.`, x.idBudynku, `${x.rodzajWgKST} – ${codeName(KST, x.rodzajWgKST) ?? ''}`,
      `${x.liczbaKondygnacjiNadziemnych}/${x.liczbaKondygnacjiPodziemnych}`, m2Text(x.powZabudowy), [x.ulica, x.numerPorzadkowy].filter(Boolean).join(' ') || '—']));
    b.end();
  }

  drawRights(pdf, s.rights, personalData, 'Podmioty ewidencyjne: właściciele i władający, rodzaj prawa, udział');
  drawClosing(pdf, personalData, input.issued);
}

/**
 * The wypis z rejestru gruntów of the given parcels or of a whole unit (`jrg`): one section per land register unit,
 * each from a new page. Owners and władający with their shares and addresses only when `personalData`; otherwise
 * the version without personal data, saying so.
 */
export async function renderWypisGruntowPdf(db: Queryable, input: WypisGruntowInput): Promise<Buffer> {
  const sections = await loadJrgSections(db, input, input.personalData);
  const units = sections.map((s) => s.JRG ?? s.parcels[0]!.idDzialki);
  const title = `Wypis z rejestru gruntów${input.personalData ? '' : ' bez danych osobowych'}`;
  const pdf = openRegisterPdf(title, `${title}: ${units.join(', ')}`, input.office, input.licence);
  sections.forEach((s, i) => {
    if (i > 0) pdf.doc.addPage();
    drawJrgSection(pdf, s, input);
  });
  return finishRegisterPdf(pdf, input.licence);
}

function drawBuilding(pdf: RegisterPdf, s: BuildingSection, i: number): void {
  const b = s.building;
  drawHeading(pdf, `${i + 1}. Budynek ${b.idBudynku}`);
  const t = new Table(pdf, [{ title: 'Dane budynku', width: 40 }, { title: 'Wartość', width: 60 }]);
  const rows: [string, string][] = [
    ['Identyfikator budynku (idBudynku)', b.idBudynku],
    ['Działka, na której położony jest budynek', `${s.parcel.idDzialki} (numer ${s.parcel.numerDzialki}${s.parcel.numerKW ? `, KW ${s.parcel.numerKW}` : ''})`],
    ['Jednostka rejestrowa gruntów działki', s.parcel.JRG ?? '—'],
    ['Rodzaj budynku wg KŚT (rodzajWgKST)', `${b.rodzajWgKST} – ${codeName(KST, b.rodzajWgKST) ?? ''}`],
    ['Status budynku', b.statusBudynku],
    ['Liczba kondygnacji nadziemnych / podziemnych', `${b.liczbaKondygnacjiNadziemnych} / ${b.liczbaKondygnacjiPodziemnych}`],
    ['Pole powierzchni zabudowy [m²]', m2Text(b.powZabudowy)],
    ['Łączna pow. użytkowa lokali wyodrębnionych [m²]', m2Text(b.lacznaPowUzytkowaLokaliWyodrebnionych)],
    ['Łączna pow. użytkowa lokali niewyodrębnionych [m²]', m2Text(b.lacznaPowUzytkowaLokaliNiewyodrebnionych)],
    ['Rok zakończenia budowy', b.rokZakonczeniaBudowy === null ? '—' : String(b.rokZakonczeniaBudowy)],
    ['Adres', [b.ulica, b.numerPorzadkowy].filter(Boolean).join(' ') || '—'],
  ];
  for (const r of rows) t.row(r);
  t.end();
}

/**
 * The wypis z rejestru budynków of the buildings on the given parcels (or of the given buildings, _BUD form): per
 * building its identifier, KŚT kind, storeys and areas, the parcel and unit of the land, and — only with
 * `personalData` — the subjects of the land the building is part of (the sample register has no separately owned
 * buildings, so no building register unit: the document says so).
 */
export async function renderWypisBudynkowPdf(db: Queryable, input: WypisBudynkowInput): Promise<Buffer> {
  const buildings = await loadBuildings(db, input, input.personalData);
  const title = `Wypis z rejestru budynków${input.personalData ? '' : ' bez danych osobowych'}`;
  const pdf = openRegisterPdf(title, `${title}: ${buildings.map((b) => b.building.idBudynku).join(', ') || 'brak budynków'}`, input.office, input.licence);
  // One section per district, as the heading fields are per obręb.
  const byObreb = new Map<string, BuildingSection[]>();
  for (const b of buildings) byObreb.set(b.parcel.idObrebu, [...(byObreb.get(b.parcel.idObrebu) ?? []), b]);
  if (byObreb.size === 0) {
    drawOrganBlock(pdf, input.office, caseOf(input), input.issued);
    drawTitle(pdf, 'WYPIS Z REJESTRU BUDYNKÓW', input.personalData ? undefined : 'bez danych osobowych');
    drawNote(pdf, 'Na wskazanych działkach nie ma budynków wykazanych w ewidencji.', 9);
    drawClosing(pdf, input.personalData, input.issued);
  }
  [...byObreb.values()].forEach((list, i) => {
    if (i > 0) pdf.doc.addPage();
    const first = list[0]!.parcel;
    drawOrganBlock(pdf, input.office, caseOf(input), input.issued);
    drawTitle(pdf, 'WYPIS Z REJESTRU BUDYNKÓW', input.personalData ? undefined : 'bez danych osobowych');
    drawUnitFields(pdf, first.idObrebu, first.nazwaObrebu,
      ['Jednostka rejestrowa budynków', 'nie założono – budynki nie stanowią odrębnego od gruntu przedmiotu własności'],
      [['Liczba budynków', String(list.length)]]);
    list.forEach((b, j) => {
      drawBuilding(pdf, b, j);
      drawRights(pdf, b.rights, input.personalData, 'Podmioty ewidencyjne gruntu, którego częścią składową jest budynek');
    });
    drawClosing(pdf, input.personalData, input.issued);
  });
  return finishRegisterPdf(pdf, input.licence);
}

/** The register materials of the fee basket (server/services/orders/basket.ts, fees/tariff.ts table 11). */
export type RegisterMaterial = 'wypis' | 'wypis_bez_danych' | 'wyrys' | 'wypis_wyrys' | 'wypis_budynki';
export const REGISTER_MATERIALS: readonly RegisterMaterial[] = ['wypis', 'wypis_bez_danych', 'wyrys', 'wypis_wyrys', 'wypis_budynki'];

export interface RegisterDocumentRequest {
  material: RegisterMaterial;
  parcels: readonly string[];
  /** The order's `daneOsobowe` (the orderer's role is in PERSONAL_DATA_ROLES). */
  personalData: boolean;
  licence?: LicenceMark;
  issued: Date;
  office: RegisterOffice;
  caseNumber?: string;
  /** Wyrys scale; by default the largest of 1:1000, 1:2000, 1:5000 at which the parcels fit (wyrysScaleFor). */
  scale?: WyrysScale;
  catalog?: Catalog;
}

export interface RegisterDocument { fileName: string; title: string; body: Buffer }

/**
 * The signed PDFs of one ordered register material: `wypis` (with owners only when personalData — the basket
 * already turns an unentitled orderer's `wypis` into `wypis_bez_danych`; this refuses to print owners for one again),
 * `wypis_bez_danych` (never owners), `wyrys`, `wypis_wyrys` (two files), `wypis_budynki`.
 */
export async function renderSignedRegisterDocuments(db: Queryable, identity: SigningIdentity, r: RegisterDocumentRequest): Promise<RegisterDocument[]> {
  const withOwners = r.personalData && r.material !== 'wypis_bez_danych';
  const common = { licence: r.licence, issued: r.issued, office: r.office, caseNumber: r.caseNumber, personalData: withOwners };
  const tag = (r.caseNumber ?? r.licence?.orderNumber ?? 'dokument').replace(/[^0-9A-Za-z_-]+/g, '-');
  const out: RegisterDocument[] = [];
  const add = async (fileName: string, title: string, body: Promise<Buffer>) => {
    out.push({ fileName, title, body: await signRegisterDocument(await body, identity, title, r.office, r.issued) });
  };
  if (r.material === 'wypis' || r.material === 'wypis_bez_danych' || r.material === 'wypis_wyrys') {
    await add(`wypis-rejestr-gruntow-${tag}.pdf`, withOwners ? 'Wypis z rejestru gruntów' : 'Wypis z rejestru gruntów bez danych osobowych',
      renderWypisGruntowPdf(db, { parcels: r.parcels, ...common }));
  }
  if (r.material === 'wyrys' || r.material === 'wypis_wyrys') {
    const input: WyrysInput = { parcels: r.parcels, scale: r.scale, licence: r.licence, issued: r.issued, office: r.office, caseNumber: r.caseNumber, catalog: r.catalog };
    await add(`wyrys-mapa-ewidencyjna-${tag}.pdf`, 'Wyrys z mapy ewidencyjnej', renderWyrysPdf(db, input));
  }
  if (r.material === 'wypis_budynki') {
    await add(`wypis-rejestr-budynkow-${tag}.pdf`, withOwners ? 'Wypis z rejestru budynków' : 'Wypis z rejestru budynków bez danych osobowych',
      renderWypisBudynkowPdf(db, { parcels: r.parcels, ...common }));
  }
  return out;
}

export const isRegisterMaterial = (m: string): m is RegisterMaterial => (REGISTER_MATERIALS as readonly string[]).includes(m);

/**
 * The signed documents of one item of a paid order, for the release of orders: the item's material and parcels, the
 * order's `daneOsobowe`, its number as the case mark, and the licence mark of the order (licence-mark.ts).
 * Throws for an item that is not a register material (the caller dispatches by material).
 */
export async function renderOrderItemDocuments(
  db: Queryable, identity: SigningIdentity,
  order: Pick<Order, 'id' | 'numer' | 'dooNumber' | 'payer' | 'payerAddress' | 'purpose' | 'personalData'>,
  item: Pick<OrderItem, 'material' | 'subject'>, office: RegisterOffice, issued: Date, catalog?: Catalog,
): Promise<RegisterDocument[]> {
  if (!isRegisterMaterial(item.material)) throw new Error(`order item ${item.material} is not a register document`);
  const parcels = item.subject.parcels;
  if (!Array.isArray(parcels) || parcels.length === 0) throw new Error(`order ${order.numer}: a ${item.material} item without parcels`);
  return renderSignedRegisterDocuments(db, identity, {
    material: item.material, parcels: parcels.map(String), personalData: order.personalData, issued, office,
    licence: licenceMark(order, office.name, issued), caseNumber: order.numer, catalog,
  });
}
