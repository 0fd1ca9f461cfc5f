// Password hashing with Argon2id (memory-hard; OWASP parameters: 19 MiB, 2 passes, 1 lane) and the password rules.
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/** Verifies a password against a stored hash; a malformed hash is a mismatch, not an error. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with weaker parameters than today's (rehash after a successful login). */
export function needsRehash(hash: string): boolean {
  try { return argon2.needsRehash(hash, OPTIONS); } catch { return true; }
}

/**
 * A hash of a random password, verified against when the login does not exist, so that a wrong login costs the
 * same time as a wrong password (no account enumeration by timing).
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  return dummy;
}

/** What is wrong with a new password (Polish, for the forms), or undefined. */
export function passwordProblem(password: string, login: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Hasło musi mieć co najmniej ${PASSWORD_MIN} znaków.`;
  if (password.length > PASSWORD_MAX) return `Hasło może mieć najwyżej ${PASSWORD_MAX} znaków.`;
  if (password.toLowerCase().includes(login.toLowerCase())) return 'Hasło nie może zawierać loginu.';
  if (new Set(password).size < 4) return 'Hasło jest zbyt proste.';
  return undefined;
}
