// The 2021-model migration (sql/009_model_2021.sql) on data written in the earlier model: a database migrated to
// 008 holds parcels, buildings with 3D models, land-use contours and utility lines/devices with every old value;
// applying 009 and 010 must rename, split and derive as docs/model-2021.md says, keep every row, and leave the
// CHECKs accepting both identifier forms. PGlite (the embedded mode) runs it: the migration is plain SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedDatabase } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../server/db/index.ts';

let db: EmbeddedDatabase;
let before: string;

const SQ = (x: number, y: number, d = 10) => `ST_Multi(ST_MakeEnvelope(${x}, ${y}, ${x + d}, ${y + d}, 2177))`;

beforeAll(async () => {
  // The migrations as they were before issue 16: 001–008.
  before = mkdtempSync(path.join(tmpdir(), 'sip-mig-'));
  for (const f of readdirSync(MIGRATIONS_DIR)) if (/^00[1-8]_/.test(f)) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(before, f));
  db = await EmbeddedDatabase.open(undefined);
  await migrate(db, before);
  await db.exec(`
    INSERT INTO egib.obreby ("idObrebu","nazwaObrebu",geom) VALUES ('306401_1.0005','Stare Miasto', ${SQ(6427000, 5808000, 1000)});
    INSERT INTO egib.dzialki ("idDzialki","numerDzialki","idObrebu","numerKW","powierzchniaEwidencyjna",geom) VALUES
      ('306401_1.0005.797','797','306401_1.0005','PO1P/00012345/6',0.0100, ${SQ(6427100, 5808100)}),
      ('306401_1.0005.798','798','306401_1.0005',NULL,0.0100, ${SQ(6427200, 5808100)});
    INSERT INTO egib.wlasciciele (id,"rodzajPodmiotu","nazwa") VALUES (1,'gmina','Miasto Poznań');
    INSERT INTO egib.udzialy_wlasnosci ("idDzialki","idPodmiotu","rodzajPrawa","licznik","mianownik") VALUES
      ('306401_1.0005.797',1,'własność',1,1), ('306401_1.0005.798',1,'własność',1,1);
    INSERT INTO egib.budynki ("idBudynku","idDzialki","rodzajWgKST","liczbaKondygnacjiNadziemnych","powZabudowy",geom) VALUES
      ('306401_1.0005.797.1','306401_1.0005.797','110',4,25.00, ${SQ(6427102, 5808102, 5)});
    INSERT INTO sip.budynki_3d ("idBudynku","rzednaTerenu","wysokoscOkapu","wysokoscKalenicy","rodzajDachu","lod",geom) VALUES
      ('306401_1.0005.797.1',60,12,15,'dwuspadowy',2, ${SQ(6427102, 5808102, 5)});
    INSERT INTO egib.kontury_uzytkow ("idKonturu","idDzialki","OFU",geom) VALUES ('306401_1.0005.797-1','306401_1.0005.797','B', ${SQ(6427100, 5808100)});
  `);
  const kinds = [['wodociągowa', null, null, 'istniejący'], ['kanalizacyjna', null, null, 'nieczynny'], ['deszczowa', null, null, 'projektowany'],
    ['gazowa', 'średnie', null, 'istniejący'], ['elektroenergetyczna', null, 'SN', 'istniejący'], ['telekomunikacyjna', null, null, 'istniejący'],
    ['ciepłownicza', null, null, 'istniejący'], ['inna', null, null, 'istniejący']] as const;
  let i = 0;
  for (const [rodzaj, cisnienie, napiecie, status] of kinds) {
    i++;
    await db.query(`INSERT INTO gesut.przewody ("idPrzewodu","rodzajSieci","funkcja","cisnienie","napiecie","operator","status",geom)
      VALUES ($1,$2,'rozdzielczy',$3,$4,'Aquanet S.A.',$5, ST_MakeLine(ST_MakePoint(6427000, ${5808000 + i}), ST_MakePoint(6427050, ${5808000 + i}))::geometry(LineString, 2177))`,
    [`PL.PZGiK.3064.GESUT_P.${i}`, rodzaj, cisnienie, napiecie, status]);
    await db.query(`INSERT INTO gesut.urzadzenia ("idUrzadzenia","rodzajSieci","rodzajUrzadzenia","operator","status",geom)
      VALUES ($1,$2,'studzienka','Aquanet S.A.',$3, ST_SetSRID(ST_MakePoint(6427000, ${5808000 + i}), 2177))`, [`PL.PZGiK.3064.GESUT_U.${i}`, rodzaj, status]);
  }
  await migrate(db, MIGRATIONS_DIR);
}, 300_000);

afterAll(async () => {
  await db?.close();
  rmSync(before, { recursive: true, force: true });
});

describe('migration to the 2021 model on earlier data', () => {
  it('renames and derives the parcel attributes', async () => {
    const rows = await db.query<Record<string, unknown>>(`SELECT "idDzialki", "poleEwidencyjne"::text AS pole, "JRG", "numerArkusza", "powierzchniaGeometryczna"::text AS geo FROM egib.dzialki ORDER BY 1`);
    expect(rows).toEqual([
      { idDzialki: '306401_1.0005.797', pole: '0.0100', JRG: '306401_1.0005.G1', numerArkusza: null, geo: '100.00' },
      // the same owners in the same district: the same land register unit
      { idDzialki: '306401_1.0005.798', pole: '0.0100', JRG: '306401_1.0005.G1', numerArkusza: null, geo: '100.00' },
    ]);
    const cols = await db.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'egib' AND table_name = 'dzialki'`);
    expect(cols.map((c) => c.c)).not.toContain('powierzchniaEwidencyjna');
  });

  it('gives buildings and their 3D models the _BUD identifier', async () => {
    expect(await db.query(`SELECT "idBudynku" FROM egib.budynki`)).toEqual([{ idBudynku: '306401_1.0005.797.1_BUD' }]);
    expect(await db.query(`SELECT "idBudynku" FROM sip.budynki_3d`)).toEqual([{ idBudynku: '306401_1.0005.797.1_BUD' }]);
  });

  it('splits the GESUT words into branch codes, type, status and eksploatacja', async () => {
    const lines = await db.query(`SELECT "branza", "typ", "status", "eksploatacja", "wladajacy" FROM gesut.przewody ORDER BY id`);
    expect(lines).toEqual([
      { branza: 'w', typ: null, status: 'istniejący', eksploatacja: 'czynny', wladajacy: 'Aquanet S.A.' },
      { branza: 'k', typ: 'sanitarna', status: 'istniejący', eksploatacja: 'nieczynny', wladajacy: 'Aquanet S.A.' },
      { branza: 'k', typ: 'deszczowa', status: 'projektowany', eksploatacja: null, wladajacy: 'Aquanet S.A.' },
      { branza: 'g', typ: 'średnie', status: 'istniejący', eksploatacja: 'czynny', wladajacy: 'Aquanet S.A.' },
      { branza: 'e', typ: 'SN', status: 'istniejący', eksploatacja: 'czynny', wladajacy: 'Aquanet S.A.' },
      { branza: 't', typ: null, status: 'istniejący', eksploatacja: 'czynny', wladajacy: 'Aquanet S.A.' },
      { branza: 'c', typ: null, status: 'istniejący', eksploatacja: 'czynny', wladajacy: 'Aquanet S.A.' },
      { branza: 'x', typ: null, status: 'istniejący', eksploatacja: 'czynny', wladajacy: 'Aquanet S.A.' },
    ]);
    const devices = await db.query<{ branza: string; eksploatacja: string | null }>(`SELECT "branza", "eksploatacja" FROM gesut.urzadzenia ORDER BY id`);
    expect(devices.map((d) => d.branza)).toEqual(['w', 'k', 'k', 'g', 'e', 't', 'c', 'x']);
    expect(devices[1]!.eksploatacja).toBe('nieczynny');
  });

  it('gives land-use pieces their area in ha and accepts both identifier forms, rejecting others', async () => {
    expect(await db.query(`SELECT "powierzchnia"::text AS p, "OZU" FROM egib.kontury_uzytkow`)).toEqual([{ p: '0.0100', OZU: null }]);
    await db.exec(`INSERT INTO egib.obreby ("idObrebu","nazwaObrebu",geom) VALUES ('306401_1.0061','Jeżyce', ${SQ(6426000, 5808000, 900)})`);
    await db.exec(`INSERT INTO egib.dzialki ("idDzialki","numerDzialki","numerArkusza","idObrebu","poleEwidencyjne",geom)
      VALUES ('306401_1.0061.AR_13.33/1','33/1','13','306401_1.0061',0.0100, ${SQ(6426100, 5808100)})`);
    await db.exec(`INSERT INTO egib.budynki ("idBudynku","idDzialki","rodzajWgKST","liczbaKondygnacjiNadziemnych","powZabudowy",geom)
      VALUES ('306401_1.0061.AR_13.33/1.1_BUD','306401_1.0061.AR_13.33/1','110',2,20, ${SQ(6426101, 5808101, 4)})`);
    // The sheet must agree with the identifier; a building without _BUD is not an identifier any more.
    await expect(db.exec(`INSERT INTO egib.dzialki ("idDzialki","numerDzialki","numerArkusza","idObrebu","poleEwidencyjne",geom)
      VALUES ('306401_1.0061.AR_12.33/2','33/2','13','306401_1.0061',0.0100, ${SQ(6426200, 5808100)})`)).rejects.toThrow(/dzialki_check/);
    await expect(db.exec(`INSERT INTO egib.budynki ("idBudynku","idDzialki","rodzajWgKST","liczbaKondygnacjiNadziemnych","powZabudowy",geom)
      VALUES ('306401_1.0061.AR_13.33/1.2','306401_1.0061.AR_13.33/1','110',2,20, ${SQ(6426106, 5808106, 3)})`)).rejects.toThrow(/idBudynku_check/);
    await expect(db.exec(`UPDATE gesut.przewody SET "eksploatacja" = 'czynny' WHERE "status" = 'projektowany'`)).rejects.toThrow(/eksploatacja_check/);
    await expect(db.exec(`UPDATE gesut.przewody SET "typ" = 'SN' WHERE "branza" = 'g'`)).rejects.toThrow(/typ_check/);
  });
});
