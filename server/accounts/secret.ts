// The secret signing CSRF tokens: SESSION_SECRET, or one generated once and kept in the database, so that every
// worker and host (no shared memory) signs and checks with the same secret.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';

const NAME = 'csrf_secret';

export async function sharedSecret(db: Queryable, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db.query(`INSERT INTO portal.ustawienia (klucz, wartosc) VALUES ($1, $2) ON CONFLICT (klucz) DO NOTHING`,
    [NAME, randomBytes(32).toString('base64url')]);
  const [row] = await db.query<{ wartosc: string }>(`SELECT wartosc FROM portal.ustawienia WHERE klucz = $1`, [NAME]);
  if (!row) throw new Error('shared secret missing');
  return row.wartosc;
}
