// The download limits told in the page's language and in people's words (no internal role names), from the JSON
// problem's extension members (areaKm2, maxAreaKm2, anonymous; features, maxFeatures). Pure: the tests import it.
/**
 * The download limits in the page's language and in people's words (no internal role names): the area (per
 * anonymous or signed-in caller) and the number of features, from the JSON problem's extension members.
 */
export function limitMessage(err: { status: number; problem: Record<string, unknown> }, language: 'pl' | 'en'): string | undefined {
  const p = err.problem;
  const signedIn = p.anonymous === false;
  const num = (v: unknown, digits: number) => (language === 'pl' ? Number(v).toFixed(digits).replace('.', ',') : Number(v).toFixed(digits));
  if (err.status === 413 && typeof p.areaKm2 === 'number' && typeof p.maxAreaKm2 === 'number') {
    const area = num(p.areaKm2, 3), max = num(p.maxAreaKm2, 0);
    if (language === 'pl') {
      return `Wybrany obszar ma ${area} km², a ${signedIn ? 'z tego konta' : 'bez logowania'} można pobrać najwyżej ${max} km². `
        + (signedIn ? 'Zmniejsz obszar.' : 'Zmniejsz obszar albo zaloguj się, by pobrać większy.');
    }
    return `The area is ${area} km²; ${signedIn ? 'this account' : 'without signing in you'} may download at most ${max} km². `
      + (signedIn ? 'Choose a smaller area.' : 'Choose a smaller area or sign in for a larger one.');
  }
  if (err.status === 413 && typeof p.features === 'number' && typeof p.maxFeatures === 'number') {
    return language === 'pl'
      ? `Wycinek liczy ${p.features} obiektów, a można pobrać najwyżej ${p.maxFeatures}: wybierz mniejszy obszar lub mniej warstw.`
      : `The extract holds ${p.features} features; at most ${p.maxFeatures}: choose a smaller area or fewer layers.`;
  }
  return undefined;
}
