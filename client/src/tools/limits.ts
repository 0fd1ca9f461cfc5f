// The download limits told in the page's language and in people's words (no internal role names), from the JSON
// problem's extension members (areaKm2, maxAreaKm2, anonymous; features, maxFeatures; sheets, maxSheets; pixels,
// maxPixels; limit), and any other limit (413, 429, 503) in general words. Pure: the tests import it.
/** The Polish plural form for a count: 1 plik, 2–4 (not 12–14) pliki, otherwise plików. */
function plural(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  return n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? few : many;
}

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
  if (err.status === 413 && typeof p.sheets === 'number' && typeof p.maxSheets === 'number') {
    return language === 'pl'
      ? `Obszar obejmuje ${p.sheets} arkuszy, a jednorazowo można pobrać najwyżej ${p.maxSheets}: wybierz mniejszy obszar lub mniejszą skalę.`
      : `The area covers ${p.sheets} sheets; at most ${p.maxSheets} at once: choose a smaller area or a smaller scale.`;
  }
  if (err.status === 413 && typeof p.pixels === 'number' && typeof p.maxPixels === 'number') {
    return language === 'pl'
      ? `Wycinek modelu wysokościowego byłby za duży (${p.pixels} pikseli, najwyżej ${p.maxPixels}): wybierz mniejszy obszar.`
      : `The elevation model crop would be too large (${p.pixels} pixels, at most ${p.maxPixels}): choose a smaller area.`;
  }
  if (err.status === 429) {
    if (typeof p.limit === 'number') {
      return language === 'pl'
        ? `Naraz można pobierać najwyżej ${p.limit} ${plural(p.limit, 'plik', 'pliki', 'plików')}: spróbuj ponownie, gdy któryś się skończy.`
        : `At most ${p.limit} downloads at once: try again when one has finished.`;
    }
    return language === 'pl' ? 'Zbyt wiele żądań w krótkim czasie: spróbuj ponownie za chwilę.' : 'Too many requests in a short time: try again in a moment.';
  }
  if (err.status === 503) {
    return language === 'pl' ? 'Serwis jest chwilowo zajęty: spróbuj ponownie za minutę.' : 'The service is busy: try again in a minute.';
  }
  if (err.status === 413) {
    return language === 'pl' ? 'Żądanie przekracza limit pobierania: wybierz mniejszy obszar lub mniej warstw.' : 'The request exceeds the download limit: choose a smaller area or fewer layers.';
  }
  return undefined;
}
