// The declared precision of numeric attributes, as the registers write them: areas of the register in hectares
// to 0.0001 ha (EGiB regulation 2021: poleEwidencyjne), measured areas in m² to 0.01 m², lengths, heights and
// coordinates in metres to 0.01 m. Shown with exactly these decimals (0,1750 ha, not 0,175) in the portals and 3D.

export const DECIMALS: Readonly<Record<string, number>> = {
  poleEwidencyjne: 4,
  powierzchnia: 4,
  powierzchniaGeometryczna: 2,
  powZabudowy: 2,
  lacznaPowUzytkowaLokaliWyodrebnionych: 2,
  lacznaPowUzytkowaLokaliNiewyodrebnionych: 2,
  glebokosc: 2,
  wysokosc: 2,
  wysokoscOkapu: 2,
  wysokoscKalenicy: 2,
  rzednaTerenu: 2,
  srednicaKorony: 2,
};

/** Decimals of an attribute's numbers: declared above, else as many as the value has, at most 4. */
export function decimalsOf(attribute: string, value: number): number {
  return DECIMALS[attribute] ?? (Number.isInteger(value) ? 0 : Math.min(4, String(value).split('.')[1]?.length ?? 0));
}
