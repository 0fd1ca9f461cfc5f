// A parser of bank statements in MT940 (SWIFT MT940 as Polish banks export it for their clients' systems): the
// statement's account (:25:), number (:28C:), balances (:60F:/:62F:) and its entries — each :61: line (value date,
// debit/credit mark, amount with a decimal comma, transaction type, references) with the :86: details that follow.
// Polish banks structure :86: with "~NN" subfields (~00 operation, ~20–~25 transfer title, ~27–~29 and ~32–~33 the
// counterparty's name, ~30/~31 its bank and account, ~38 its IBAN); an unstructured :86: is taken whole as the
// title. Files come in UTF-8 or, from many banks, Windows-1250: both are read. Pure: text in, entries out.

export interface Mt940Entry {
  /** Value date, YYYY-MM-DD. */
  valueDate: string;
  mark: 'C' | 'D' | 'RC' | 'RD';
  /** Amount in grosze (positive; the mark says its direction). */
  amountGr: number;
  transactionType: string;
  reference: string;
  bankReference: string | null;
  /** The transfer title (~20–~25, or the whole :86:). */
  title: string;
  counterparty: string | null;
  counterpartyAccount: string | null;
  details: string;
}

export interface Mt940Statement {
  reference: string;
  account: string;
  number: string;
  currency: string | null;
  openingBalanceGr: number | null;
  closingBalanceGr: number | null;
  entries: Mt940Entry[];
}

export class Mt940Error extends Error {
  constructor(message: string, readonly line?: number) { super(line ? `line ${line}: ${message}` : message); this.name = 'Mt940Error'; }
}

/** The text of a statement file: UTF-8 when it is valid UTF-8, else Windows-1250 (Polish banks' other encoding). */
export function decodeStatement(bytes: Uint8Array): string {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { return new TextDecoder('windows-1250').decode(bytes); }
}

/** "1234,56" → 123456 grosze. */
export function parseAmount(text: string): number {
  const m = /^(\d{1,15}),(\d{0,2})$/.exec(text);
  if (!m) throw new Mt940Error(`amount ${JSON.stringify(text)} is not an MT940 amount (digits with a decimal comma)`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function date6(s: string): string {
  const yy = Number(s.slice(0, 2));
  return `${yy >= 80 ? 1900 + yy : 2000 + yy}-${s.slice(2, 4)}-${s.slice(4, 6)}`;
}

function balance(value: string, line: number): { gr: number; currency: string } {
  const m = /^([CD])(\d{6})([A-Z]{3})([\d,]+)$/.exec(value.trim());
  if (!m) throw new Mt940Error(`balance ${JSON.stringify(value)} is not [CD]YYMMDDCCCamount`, line);
  const gr = parseAmount(m[4]!);
  return { gr: m[1] === 'D' ? -gr : gr, currency: m[3]! };
}

/** Splits a structured :86: ("~NN" subfields) into its fields. */
export function subfields(details: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /~(\d{2})([^~]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(details))) out.set(m[1]!, (out.get(m[1]!) ?? '') + m[2]!);
  return out;
}

function entryFrom(value: string, line: number): Omit<Mt940Entry, 'title' | 'counterparty' | 'counterpartyAccount' | 'details'> {
  // YYMMDD [MMDD] (C|D|RC|RD) [funds code letter] amount N|F|S + 3 chars  reference [//bank reference]
  const m = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d{1,15},\d{0,2})([NFS][A-Z0-9]{3})([^/\n]*?)(?:\/\/(.*))?$/.exec(value.trim());
  if (!m) throw new Mt940Error(`:61: ${JSON.stringify(value.slice(0, 80))} is not a statement line`, line);
  return { valueDate: date6(m[1]!), mark: m[3] as Mt940Entry['mark'], amountGr: parseAmount(m[5]!), transactionType: m[6]!, reference: m[7]!.trim(), bankReference: m[8]?.trim() || null };
}

function details86(text: string): Pick<Mt940Entry, 'title' | 'counterparty' | 'counterpartyAccount' | 'details'> {
  if (!text.includes('~')) return { title: text.trim(), counterparty: null, counterpartyAccount: null, details: text };
  const f = subfields(text);
  // A title is cut into chunks mid-word (joined as they are); name lines are whole words (joined with a space).
  const join = (keys: string[], sep = '') => keys.map((k) => (f.get(k) ?? '').trim()).filter(Boolean).join(sep);
  const name = join(['27', '28', '29'], ' ') || join(['32', '33'], ' ');
  const account = (f.get('38') ?? (f.has('30') || f.has('31') ? `${f.get('30') ?? ''}${f.get('31') ?? ''}` : '')).replace(/\s+/g, '');
  return { title: keysText(f, ['20', '21', '22', '23', '24', '25']), counterparty: name || null, counterpartyAccount: account || null, details: text };
}

function keysText(f: Map<string, string>, keys: string[]): string {
  return keys.map((k) => f.get(k) ?? '').join('').trim();
}

/** Parses every statement of an MT940 file. */
export function parseMt940(text: string): Mt940Statement[] {
  // Fields start with ":tag:" at the beginning of a line; continuation lines belong to the field above.
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fields: { tag: string; value: string; line: number }[] = [];
  lines.forEach((raw, i) => {
    const m = /^:(\d{2}[A-Z]?):(.*)$/.exec(raw);
    if (m) fields.push({ tag: m[1]!, value: m[2]!, line: i + 1 });
    else if (raw.trim() === '-' || raw.trim() === '' || /^\{\d:/.test(raw)) fields.push({ tag: '-', value: '', line: i + 1 });
    else if (fields.length && fields[fields.length - 1]!.tag !== '-') fields[fields.length - 1]!.value += (fields[fields.length - 1]!.tag === '86' ? '' : '\n') + raw;
  });
  const statements: Mt940Statement[] = [];
  let st: Mt940Statement | undefined;
  let pending: (Omit<Mt940Entry, 'title' | 'counterparty' | 'counterpartyAccount' | 'details'>) | undefined;
  const flush = (details = '') => {
    if (pending && st) st.entries.push({ ...pending, ...details86(details) });
    pending = undefined;
  };
  for (const f of fields) {
    switch (f.tag) {
      case '20': flush(); st = { reference: f.value.trim(), account: '', number: '', currency: null, openingBalanceGr: null, closingBalanceGr: null, entries: [] }; statements.push(st); break;
      case '25': if (st) st.account = f.value.trim().replace(/^\//, ''); break;
      case '28C': case '28': if (st) st.number = f.value.trim(); break;
      case '60F': case '60M': if (st) { const b = balance(f.value, f.line); st.openingBalanceGr = b.gr; st.currency = b.currency; } break;
      case '61': flush(); if (!st) throw new Mt940Error(':61: before :20:', f.line); pending = entryFrom(f.value.split('\n')[0]!, f.line); break;
      case '86': if (pending) flush(f.value); break;
      case '62F': case '62M': flush(); if (st) st.closingBalanceGr = balance(f.value, f.line).gr; break;
      default: break;
    }
  }
  flush();
  if (statements.length === 0) throw new Mt940Error('no statement (:20:) in the file');
  return statements;
}

/** The DOO number a transfer title names (DOO/2026/000123; tolerant of spaces or dashes a bank may put instead of /). */
export function dooNumberIn(title: string): string | null {
  const m = /DOO\s*[/\- ]\s*(\d{4})\s*[/\- ]\s*(\d{1,6})\b/i.exec(title);
  return m ? `DOO/${m[1]}/${m[2]!.padStart(6, '0')}` : null;
}
