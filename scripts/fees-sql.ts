// Prints the INSERT statements of the tariff (server/fees/tariff.ts, the single source) for a migration:
//   node --import tsx scripts/fees-sql.ts > rows.sql
// A tariff version's rows go into the migration that introduces it (sql/021_fees.sql for 2020-07-31);
// test/integration/fees.test.ts checks that portal.taryfa and the module agree.
import { TARIFF, TARIFF_VERSION } from '../server/fees/tariff.ts';

const lit = (v: string | number | boolean | null | undefined): string => {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `'${v.replace(/'/g, "''")}'`;
};

const rows = TARIFF.map((r) => `  (${[TARIFF_VERSION, r.id, r.material, r.nazwa, r.jednostka, r.postac, r.stawkaGr, r.minimumGr, r.zwolnienie,
  r.legalBasis.act, r.legalBasis.provision, r.legalBasis.version, r.verified, r.evidence].map(lit).join(', ')})`);
process.stdout.write(`INSERT INTO portal.taryfa (wersja, id, material, nazwa, jednostka, postac, "stawkaGr", "minimumGr", zwolnienie, akt, przepis, "wersjaPrzepisu", zweryfikowano, dowod) VALUES\n${rows.join(',\n')}\nON CONFLICT (wersja, id) DO NOTHING;\n`);
