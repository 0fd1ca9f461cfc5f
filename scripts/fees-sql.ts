// Prints the SQL of the tariff (server/fees/tariff.ts, the single source) for a migration:
//   node --import tsx scripts/fees-sql.ts > rows.sql             INSERT of every row (a new version's migration)
//   node --import tsx scripts/fees-sql.ts --update > doc.sql     UPDATE of the documentary columns of rows already
//                                                                 inserted (name, provision, verified, evidence)
// A tariff version's rows go into the migration that introduces it (sql/021_fees.sql for 2020-07-31). The --update
// form never touches what a fee is computed from (material, unit, form, rate, minimum, exemption): a changed figure
// is a new version with new rows, never an UPDATE (see the header of tariff.ts). test/integration/fees.test.ts checks
// that portal.taryfa and the module agree.
import { TARIFF, TARIFF_VERSION } from '../server/fees/tariff.ts';

const lit = (v: string | number | boolean | null | undefined): string => {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `'${v.replace(/'/g, "''")}'`;
};

if (process.argv.includes('--update')) {
  const rows = TARIFF.map((r) => `  (${[r.id, r.nazwa, r.legalBasis.provision, r.verified, r.evidence].map(lit).join(', ')})`);
  process.stdout.write(`UPDATE portal.taryfa AS t SET nazwa = v.nazwa, przepis = v.przepis, zweryfikowano = v.zweryfikowano, dowod = v.dowod
FROM (VALUES
${rows.join(',\n')}
) AS v(id, nazwa, przepis, zweryfikowano, dowod)
WHERE t.wersja = ${lit(TARIFF_VERSION)} AND t.id = v.id;\n`);
} else {
  const rows = TARIFF.map((r) => `  (${[TARIFF_VERSION, r.id, r.material, r.nazwa, r.jednostka, r.postac, r.stawkaGr, r.minimumGr, r.zwolnienie,
    r.legalBasis.act, r.legalBasis.provision, r.legalBasis.version, r.verified, r.evidence].map(lit).join(', ')})`);
  process.stdout.write(`INSERT INTO portal.taryfa (wersja, id, material, nazwa, jednostka, postac, "stawkaGr", "minimumGr", zwolnienie, akt, przepis, "wersjaPrzepisu", zweryfikowano, dowod) VALUES\n${rows.join(',\n')}\nON CONFLICT (wersja, id) DO NOTHING;\n`);
}
