// The small scene the coordination tests build in a database of their own, around one point of Stare Miasto: a
// district, a 100 m parcel, a building 10–20 m east and north of the point and an existing gas line along y = Y
// (80 m long, operated by the gas company). The designs of the tests are drawn against it; the distances they
// expect follow from these coordinates.
import type { Database } from '../../server/db/database.ts';

/** The scene's point (EPSG:2177, easting and northing). */
export const X = 6_427_477, Y = 5_808_862;

/** Writes the scene; `gas` sets the gas line's diameter and (optionally) the depth of its axis. */
export async function writeCoordinationScene(db: Database, gas: { srednica: number; glebokosc?: number }): Promise<void> {
  await db.exec(`
    INSERT INTO egib.obreby ("idObrebu", "nazwaObrebu", geom) VALUES
      ('306401_1.0001', 'Stare Miasto', ST_Multi(ST_MakeEnvelope(${X - 500}, ${Y - 500}, ${X + 500}, ${Y + 500}, 2177)));
    INSERT INTO egib.dzialki ("idDzialki", "numerDzialki", "idObrebu", "poleEwidencyjne", polozenie, geom) VALUES
      ('306401_1.0001.1', '1', '306401_1.0001', 1.0, 'Stary Rynek', ST_Multi(ST_MakeEnvelope(${X - 50}, ${Y - 50}, ${X + 50}, ${Y + 50}, 2177)));
    INSERT INTO egib.budynki ("idBudynku", "idDzialki", "rodzajWgKST", "liczbaKondygnacjiNadziemnych", "powZabudowy", geom) VALUES
      ('306401_1.0001.1.1_BUD', '306401_1.0001.1', '110', 3, 100, ST_Multi(ST_MakeEnvelope(${X + 10}, ${Y + 10}, ${X + 20}, ${Y + 20}, 2177)));
    INSERT INTO gesut.przewody ("idPrzewodu", branza, typ, funkcja, srednica, wladajacy, status, eksploatacja, przebieg, glebokosc, geom) VALUES
      ('PL.PZGiK.3064.GESUT_P.7', 'g', 'średnie', 'rozdzielczy', ${Number(gas.srednica)}, 'Polska Spółka Gazownictwa sp. z o.o.', 'istniejący', 'czynny', 'podziemny',
       ${gas.glebokosc === undefined ? 'NULL' : Number(gas.glebokosc)}, ST_MakeLine(ST_MakePoint(${X - 40}, ${Y}), ST_MakePoint(${X + 40}, ${Y}))::geometry(LineString, 2177));`);
}
