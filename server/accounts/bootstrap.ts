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
  const problem = passwordProblem(password, login, email);
  if (problem) throw new Error(`password refused: ${problem}`);
  const user = await createUser(db, login, email, password, 'admin');
  await audit(db, 'rejestracja', { userId: user.id, login, details: { rola: 'admin', przez: 'bootstrap' } });
  return user.id;
}

/**
 * Creates the administrator of ADMIN_LOGIN/ADMIN_PASSWORD while none exists. Settings that cannot make a valid
 * administrator (a login or e-mail of the wrong form, a password the rules refuse) stop the start with a clear
 * message — checked even when an administrator exists, so a wrong setting never goes unnoticed — rather than
 * running without an administrator (main.ts exits ≠ 0 on this error).
 */
export async function ensureBootstrapAdmin(db: Database, config: Config, log: Logger): Promise<void> {
  const admin = config.security.bootstrapAdmin;
  if (!admin) return;
  if (!LOGIN_PATTERN.test(admin.login)) throw new Error('ADMIN_LOGIN refused: the login must be 3-64 characters: letters, digits, . _ -');
  if (!EMAIL_PATTERN.test(admin.email)) throw new Error(`ADMIN_EMAIL refused: not an e-mail address: ${admin.email}`);
  const problem = passwordProblem(admin.password, admin.login, admin.email);
  if (problem) throw new Error(`ADMIN_PASSWORD refused: ${problem} Set a password that follows the rules (README, "Accounts and security").`);
  if ((await countAdmins(db)) > 0) return;
  try {
    const id = await createAdmin(db, admin.login, admin.email, admin.password);
    log.info({ login: admin.login, id }, 'administrator account created from ADMIN_LOGIN');
  } catch (err) {
    if (err instanceof DuplicateAccount) log.warn({ login: admin.login }, 'ADMIN_LOGIN exists but is not an active administrator: not changed');
    else throw err;
  }
}
