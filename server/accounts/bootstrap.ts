// The first administrator: from ADMIN_LOGIN/ADMIN_EMAIL/ADMIN_PASSWORD at start (only while no administrator
// exists), or by `npm run admin:create` (server/accounts/cli.ts).
import type { Database } from '../db/database.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { countAdmins, createUser, DuplicateAccount, EMAIL_PATTERN, LOGIN_PATTERN } from './users.ts';
import { passwordProblem } from './passwords.ts';
import { audit } from './audit.ts';

export async function createAdmin(db: Database, login: string, email: string, password: string): Promise<number> {
  if (!LOGIN_PATTERN.test(login)) throw new Error('the login must be 3-64 characters: letters, digits, . _ -');
  if (!EMAIL_PATTERN.test(email)) throw new Error(`not an e-mail address: ${email}`);
  const problem = passwordProblem(password, login);
  if (problem) throw new Error(`password refused: ${problem}`);
  const user = await createUser(db, login, email, password, 'admin');
  await audit(db, 'rejestracja', { userId: user.id, login, details: { rola: 'admin', przez: 'bootstrap' } });
  return user.id;
}

export async function ensureBootstrapAdmin(db: Database, config: Config, log: Logger): Promise<void> {
  const admin = config.security.bootstrapAdmin;
  if (!admin) return;
  if ((await countAdmins(db)) > 0) return;
  try {
    const id = await createAdmin(db, admin.login, admin.email, admin.password);
    log.info({ login: admin.login, id }, 'administrator account created from ADMIN_LOGIN');
  } catch (err) {
    if (err instanceof DuplicateAccount) log.warn({ login: admin.login }, 'ADMIN_LOGIN exists but is not an active administrator: not changed');
    else log.error({ err: (err as Error).message }, 'administrator from ADMIN_LOGIN not created');
  }
}
