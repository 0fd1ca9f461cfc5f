// Password hashing with Argon2id (memory-hard; OWASP parameters: 19 MiB, 2 passes, 1 lane) and the password rules.
import argon2 from 'argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT_DIR } from '../config.ts';

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

/**
 * Common and breached passwords, as data (data/common-passwords.txt: its sources and how to maintain it are in its
 * header). NIST SP 800-63B §5.1.1.2 asks verifiers to refuse passwords from lists of breached, dictionary and
 * sequential values; the same rule is in CERT Polska's guidance for services.
 */
const COMMON = new Set(readFileSync(path.join(ROOT_DIR, 'server', 'accounts', 'data', 'common-passwords.txt'), 'utf8').split('\n')
  .map((l) => l.trim().toLowerCase()).filter((l) => l && !l.startsWith('#')));

/** Keyboard rows and runs of digits or letters, forwards and backwards: "1234567890", "qwertyuiop", "asdfghjkl;". */
const SEQUENCES = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz', 'qazwsxedcrfvtgbyhnujmikolp', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p']
  .flatMap((s) => [s.repeat(3), [...s].reverse().join('').repeat(3)]);

/** Whether a password is a common or breached one, a variant of one with digits or symbols around it, or a sequence. */
export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (COMMON.has(p)) return true;
  const base = p.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (base.length >= 3 && COMMON.has(base)) return true;
  // "Password" + "Password" and the like: a common word repeated.
  const half = p.slice(0, p.length / 2);
  if (p.length % 2 === 0 && half === p.slice(p.length / 2) && (COMMON.has(half) || SEQUENCES.some((s) => s.includes(half)))) return true;
  return SEQUENCES.some((s) => s.includes(p));
}

/**
 * Guessability by zxcvbn-ts (a maintained npm library, Dropbox's zxcvbn algorithm): its dictionaries of breached
 * passwords (language-common: 49,233 from public breach corpora) and of Polish words, first names, surnames and
 * Wikipedia terms (language-pl), keyboard patterns, dates, sequences and l33t substitutions, with the account's
 * own login and e-mail as words. Chosen over a list alone because it also catches "Marek1980", "Wiosna2024" or
 * "zaq1@WSX", which no list enumerates. Score 3 ("safely unguessable", about 10^8 guesses and more) is required,
 * as zxcvbn's authors recommend for online services; the list above stays as the office's own additions.
 */
let zxcvbn: ZxcvbnFactory | undefined;
/** Built with the first new password, not at start: the dictionaries are about 6 MB of heap (issue 19, idle RSS). */
function guessability(): ZxcvbnFactory {
  if (zxcvbn) return zxcvbn;
  const require = createRequire(import.meta.url);
  const core = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const pl = require('@zxcvbn-ts/language-pl') as typeof import('@zxcvbn-ts/language-pl');
  return zxcvbn = new core.ZxcvbnFactory({ dictionary: { ...common.dictionary, ...pl.dictionary }, graphs: common.adjacencyGraphs });
}
export const PASSWORD_MIN_SCORE = 3;

/** What is wrong with a new password (Polish, for the forms), or undefined. */
export function passwordProblem(password: string, login: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Hasło musi mieć co najmniej ${PASSWORD_MIN} znaków.`;
  if (password.length > PASSWORD_MAX) return `Hasło może mieć najwyżej ${PASSWORD_MAX} znaków.`;
  if (password.toLowerCase().includes(login.toLowerCase())) return 'Hasło nie może zawierać loginu.';
  if (new Set(password).size < 4) return 'Hasło jest zbyt proste.';
  if (isCommonPassword(password)) return 'To hasło jest powszechnie używane lub wyciekło z innych serwisów: wybierz inne.';
  if (guessability().check(password, [login, ...(email ? [email] : [])]).score < PASSWORD_MIN_SCORE) {
    return 'To hasło łatwo odgadnąć (popularne słowo, imię, data, wzór z klawiatury lub wyciekłe hasło): wybierz dłuższe, mniej oczywiste.';
  }
  return undefined;
}
