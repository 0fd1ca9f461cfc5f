// npm run admin:create -- --login NAME --email ADDRESS   (password from ADMIN_PASSWORD, else asked on the terminal)
// Creates an administrator account in DATABASE_URL's database (or the embedded one), migrating it first.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { openDatabase, prepareDatabase } from '../db/index.ts';
import { createAdmin } from './bootstrap.ts';

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) { rl.close(); return line; }
    throw new Error('no password on standard input');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  process.stdout.write('Hasło administratora: ');
  const answer = await rl.question('');
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { login: { type: 'string' }, email: { type: 'string' } } });
  if (!values.login) throw new Error('usage: npm run admin:create -- --login NAME [--email ADDRESS]  (password: ADMIN_PASSWORD or typed)');
  const config = { ...loadConfig(), loadSampleData: false };
  const log = createLogger('warn');
  const db = await openDatabase(config, log);
  try {
    await prepareDatabase(db, config, log);
    const id = await createAdmin(db, values.login, values.email ?? `${values.login}@localhost.invalid`, await readPassword());
    console.log(`administrator ${values.login} created (id ${id})`);
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => { console.error(`admin:create failed: ${err.message}`); process.exit(1); });
