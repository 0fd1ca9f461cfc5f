// The register group (grupa rejestrowa) of a land register unit (JRG), as the wypis z rejestru gruntów prints it.
// The EGiB regulation (rozporządzenie MRPiT z 27 lipca 2021 r., Dz.U. 2021 poz. 1390) sorts every JRG into one of
// 16 groups by who owns the land and whether it is given in perpetual usufruct (użytkowanie wieczyste).
//
// What is verified and what is not: the group numbers and names below are those of the long-standing scheme
// (1–2 Skarb Państwa, 4–5 gminy, 7 osoby fizyczne, 8 spółdzielnie, …), which public summaries of the 2021
// regulation repeat; the paragraph of the 2021 text and the subgroups (1.1, 4.3 …) were NOT checked against the act
// here. The sample register records no group, so it is derived from the kinds of subjects and rights the register
// does record; a subject kind the scheme does not name directly (a housing community as owner, "osoba prawna"
// without telling a commercial company from another legal person) goes to group 15, marked as derived.
// Pure: no I/O.

/** One right of a subject in the unit, without any personal data (what the group depends on). */
export interface RightKind {
  rodzajPodmiotu: string;
  rodzajPrawa: string;
  licznik: number;
  mianownik: number;
}

export interface GrupaRejestrowa { numer: string; nazwa: string }

const GROUPS: Readonly<Record<string, string>> = {
  1: 'grunty Skarbu Państwa, z wyłączeniem gruntów przekazanych w użytkowanie wieczyste',
  2: 'grunty Skarbu Państwa przekazane w użytkowanie wieczyste',
  4: 'grunty gmin i związków międzygminnych, z wyłączeniem gruntów przekazanych w użytkowanie wieczyste',
  5: 'grunty gmin i związków międzygminnych przekazane w użytkowanie wieczyste',
  7: 'grunty osób fizycznych',
  8: 'grunty spółdzielni',
  15: 'grunty spółek prawa handlowego i innych osób prawnych oraz jednostek organizacyjnych',
};

/** The group of an owner kind (rights of ownership: własność, współwłasność). */
function ownerGroup(rodzajPodmiotu: string, perpetualUsufruct: boolean): number {
  switch (rodzajPodmiotu) {
    case 'Skarb Państwa': return perpetualUsufruct ? 2 : 1;
    case 'gmina': return perpetualUsufruct ? 5 : 4;
    case 'osoba fizyczna': return 7;
    case 'spółdzielnia': return 8;
    default: return 15;
  }
}

/**
 * The group of a unit from its rights: land of the State or a gmina given in perpetual usufruct is group 2 or 5
 * whoever the usufructuary is; otherwise the owners decide, and among owners of different kinds the one with the
 * largest share (ties: the lower group number). Undefined when the unit has no owner on record.
 */
export function grupaRejestrowa(rights: readonly RightKind[]): GrupaRejestrowa | undefined {
  const perpetual = rights.some((r) => r.rodzajPrawa === 'użytkowanie wieczyste');
  const owners = rights.filter((r) => r.rodzajPrawa === 'własność' || r.rodzajPrawa === 'współwłasność');
  if (owners.length === 0) return undefined;
  const byGroup = new Map<number, number>();
  for (const o of owners) {
    const g = ownerGroup(o.rodzajPodmiotu, perpetual);
    byGroup.set(g, (byGroup.get(g) ?? 0) + o.licznik / o.mianownik);
  }
  const [numer] = [...byGroup.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  return { numer: String(numer), nazwa: GROUPS[numer]! };
}
