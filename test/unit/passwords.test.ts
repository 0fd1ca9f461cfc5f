// The password rules (server/accounts/passwords.ts): length, not containing the login, not a common or breached
// password from the office's list, and guessable in no fewer than ~10^8 tries by zxcvbn-ts with its breached-password
// and Polish dictionaries (names, surnames, words), the login and e-mail counted as words.
import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordProblem } from '../../server/accounts/passwords.ts';

describe('password rules', () => {
  it('refuses common, breached, sequential and guessable passwords', () => {
    for (const p of ['1234567890', 'qwertyuiop', 'password12', 'Password123']) expect(isCommonPassword(p) || passwordProblem(p, 'jan') !== undefined, p).toBe(true);
    // Not in any list, but a name + year, a season + year, a keyboard walk: zxcvbn sees through them.
    for (const p of ['Marek19801980', 'Katarzyna1990', '1qaz2wsx3edc', 'Kowalski1975!', 'poznan123456']) expect(passwordProblem(p, 'jan'), p).toMatch(/łatwo odgadnąć|powszechnie/);
    // The account's own login and e-mail count as words.
    expect(passwordProblem('geodeta.kowalczyk@firma.pl', 'kowalczyk', 'geodeta.kowalczyk@firma.pl')).toBeDefined();
  });

  it('accepts long, unusual passphrases', () => {
    for (const p of ['Poprawne-Haslo-2026!', 'Lato-w-Poznaniu-7', 'correct horse battery staple']) expect(passwordProblem(p, 'jan', 'jan@example.org'), p).toBeUndefined();
  });
});
