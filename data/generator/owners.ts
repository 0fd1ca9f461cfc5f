// Owners (podmioty ewidencyjne) and shares. Synthetic people with valid PESEL,
// companies and institutions with valid REGON, the city (gmina Miasto Poznań), the
// State Treasury (rivers, state land), co-operatives, parishes and housing
// communities. Owner ids are assigned in the order owners are first written, so the
// share rows can reference egib.wlasciciele.id directly.

import { pesel, regon } from './identifiers.ts';
import {
  COMPANY_KINDS, COMPANY_STEMS, COOPERATIVES, FIRST_NAMES_F, FIRST_NAMES_M, GENERAL, LEGAL_FORMS,
  OLD_TOWN_EW, OLD_TOWN_NS, SURNAMES,
} from './names.ts';
import type { OwnSpec } from './model.ts';
import { hash32, type Rng } from './rng.ts';

export type Cell = string | number | null;
type Right = 'własność' | 'współwłasność' | 'użytkowanie wieczyste' | 'władanie samoistne' | 'trwały zarząd';

interface Person {
  id: number;
  male: boolean;
  surname: [string, string];
}

const ADDRESS_STREETS = [...OLD_TOWN_NS, ...OLD_TOWN_EW, ...GENERAL];

export class Owners {
  private readonly emitOwner: (row: Cell[]) => void;
  private readonly emitShare: (row: Cell[]) => void;
  private nextId = 1;
  private personN = [0, 0];
  private regonN = 0;
  private companyN = 0;
  private readonly peselOff: number;
  private readonly regonOff: number;
  private readonly fixed = new Map<string, number>();
  private readonly recentPersons: Person[] = [];
  private readonly companies: number[] = [];
  private readonly developers: number[] = [];

  constructor(seed: number, emitOwner: (row: Cell[]) => void, emitShare: (row: Cell[]) => void) {
    this.emitOwner = emitOwner;
    this.emitShare = emitShare;
    this.peselOff = hash32(seed, 'pesel');
    this.regonOff = hash32(seed, 'regon');
  }

  private add(kind: string, imie: string | null, nazwisko: string | null, nazwa: string | null, pesel: string | null, regon: string | null, adres: string | null): number {
    const id = this.nextId++;
    this.emitOwner([id, kind, imie, nazwisko, nazwa, pesel, regon, adres]);
    return id;
  }

  private nextRegon(): string {
    return regon(this.regonN++, this.regonOff);
  }

  private address(r: Rng): string {
    const st = r.pick(ADDRESS_STREETS);
    const flat = r.chance(0.7) ? `/${r.int(1, 40)}` : '';
    return `ul. ${st} ${r.int(1, 120)}${flat}, ${r.chance(0.5) ? '60' : '61'}-${String(r.int(1, 899)).padStart(3, '0')} Poznań`;
  }

  /** An institution created once (the city, the State Treasury, …). */
  private once(key: string, make: () => number): number {
    let id = this.fixed.get(key);
    if (id === undefined) {
      id = make();
      this.fixed.set(key, id);
    }
    return id;
  }

  gmina(): number {
    return this.once('gmina', () => this.add('gmina', null, null, 'Miasto Poznań', null, this.nextRegon(), 'pl. Kolegiacki 17, 61-841 Poznań'));
  }

  private treasury(): number {
    return this.once('sp', () => this.add('Skarb Państwa', null, null, 'Skarb Państwa', null, null, null));
  }

  private legal(name: string, adres: string): number {
    return this.once(`legal:${name}`, () => this.add('osoba prawna', null, null, name, null, this.nextRegon(), adres));
  }

  private person(r: Rng, surname?: [string, string], male?: boolean): Person {
    const isMale = male ?? r.chance(0.5);
    const sn = surname ?? (r.pick(SURNAMES) as [string, string]);
    const n = this.personN[isMale ? 1 : 0] as number;
    this.personN[isMale ? 1 : 0] = n + 1;
    const p = pesel(n, isMale, this.peselOff);
    const id = this.add('osoba fizyczna', r.pick(isMale ? FIRST_NAMES_M : FIRST_NAMES_F), isMale ? sn[0] : sn[1], null, p.pesel, null, this.address(r));
    const person = { id, male: isMale, surname: sn };
    this.recentPersons.push(person);
    if (this.recentPersons.length > 400) this.recentPersons.shift();
    return person;
  }

  /** Someone who may already own other parcels nearby. */
  private anyPerson(r: Rng, exclude: Set<number>): Person {
    if (this.recentPersons.length > 20 && r.chance(0.12)) {
      const p = r.pick(this.recentPersons);
      if (!exclude.has(p.id)) return p;
    }
    return this.person(r);
  }

  private company(r: Rng): number {
    if (this.companies.length > 10 && r.chance(0.45)) return r.pick(this.companies);
    const n = this.companyN++;
    const stem = COMPANY_STEMS[n % COMPANY_STEMS.length] as string;
    const kind = COMPANY_KINDS[Math.floor(n / COMPANY_STEMS.length) % COMPANY_KINDS.length] as string;
    const round = Math.floor(n / (COMPANY_STEMS.length * COMPANY_KINDS.length));
    const base = r.chance(0.25) ? `${r.pick(SURNAMES)[0]} ${kind}` : `${stem} ${kind}`;
    const name = `${base}${round ? ` ${round + 1}` : ''} ${r.pick(LEGAL_FORMS)}`;
    const id = this.add('osoba prawna', null, null, name, null, this.nextRegon(), this.address(r).replace(/\/\d+/, ''));
    this.companies.push(id);
    if (this.companies.length > 250) this.companies.shift();
    return id;
  }

  private developer(r: Rng): number {
    if (this.developers.length >= 12 || (this.developers.length > 3 && r.chance(0.8))) return r.pick(this.developers);
    const names = ['Warta Development', 'Posnania Residence', 'Cytadela Invest', 'Stary Browar Apartamenty', 'Malta Park', 'Ostrów Development', 'Garbary Residence', 'Wielkopolska Inwestycje', 'Lech Development', 'Sołacz Park', 'Rataje Invest', 'Kopernik Apartamenty'];
    const id = this.add('osoba prawna', null, null, `${names[this.developers.length] as string} Sp. z o.o.`, null, this.nextRegon(), this.address(r).replace(/\/\d+/, ''));
    this.developers.push(id);
    return id;
  }

  private coop(r: Rng): number {
    const name = r.pick(COOPERATIVES);
    return this.once(`coop:${name}`, () => this.add('spółdzielnia', null, null, name, null, this.nextRegon(), this.address(r).replace(/\/\d+/, '')));
  }

  private share(parcel: string, owner: number, right: Right, num: number, den: number): void {
    this.emitShare([parcel, owner, right, num, den]);
  }

  /** Owners of several persons with shares summing to 1. */
  private coOwners(parcel: string, r: Rng, right: 'own' | 'perpetual', flats: boolean): void {
    // families: spouses, siblings, heirs; multi-family buildings: owners of flats
    const pattern = r.weighted<number[] | 'many'>([
      [[1, 2, 1, 2], 0.62], [[1, 3, 1, 3, 1, 3], 0.14], [[1, 4, 3, 4], 0.12], [[1, 6, 1, 3, 1, 2], 0.12], ['many', flats ? 1.6 : 0],
    ]);
    const used = new Set<number>();
    const rightName: Right = right === 'own' ? 'współwłasność' : 'użytkowanie wieczyste';
    if (pattern === 'many') {
      // owners of flats in a tenement: shares in 1/10000
      const k = r.int(4, 12);
      const w: number[] = [];
      for (let i = 0; i < k; i++) w.push(r.range(0.5, 1.5));
      const sum = w.reduce((a, b) => a + b, 0);
      let left = 10000;
      for (let i = 0; i < k; i++) {
        const v = i === k - 1 ? left : Math.max(1, Math.round(((w[i] as number) / sum) * 10000));
        left -= v;
        const p = this.anyPerson(r, used);
        used.add(p.id);
        this.share(parcel, p.id, rightName, v, 10000);
      }
      return;
    }
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < pattern.length; i += 2) pairs.push([pattern[i] as number, pattern[i + 1] as number]);
    let first: Person | null = null;
    for (const [num, den] of pairs) {
      // a married couple shares a surname
      const p: Person = first && pairs.length === 2 && num === 1 && den === 2 && r.chance(0.8)
        ? this.person(r, first.surname, !first.male)
        : this.anyPerson(r, used);
      if (!first) first = p;
      used.add(p.id);
      this.share(parcel, p.id, rightName, num, den);
    }
  }

  /** Write owners and shares of a parcel. */
  assign(parcel: string, spec: OwnSpec, r: Rng): void {
    switch (spec.t) {
      case 'gmina':
        this.share(parcel, this.gmina(), 'własność', 1, 1);
        return;
      case 'water':
        this.share(parcel, this.treasury(), 'własność', 1, 1);
        this.share(parcel, this.legal('Państwowe Gospodarstwo Wodne Wody Polskie, Regionalny Zarząd Gospodarki Wodnej w Poznaniu', 'ul. Chlebowa 4/8, 61-003 Poznań'), 'trwały zarząd', 1, 1);
        return;
      case 'forest':
        this.share(parcel, this.treasury(), 'własność', 1, 1);
        this.share(parcel, this.legal('Państwowe Gospodarstwo Leśne Lasy Państwowe, Nadleśnictwo Łopuchówko', 'Łopuchówko 1, 62-095 Murowana Goślina'), 'trwały zarząd', 1, 1);
        return;
      case 'kowr':
        this.share(parcel, this.treasury(), 'własność', 1, 1);
        return;
      case 'persons':
        if (spec.single) this.share(parcel, this.anyPerson(r, new Set()).id, 'własność', 1, 1);
        else this.coOwners(parcel, r, 'own', spec.flats ?? false);
        return;
      case 'company':
        this.share(parcel, this.company(r), 'własność', 1, 1);
        return;
      case 'developer':
        this.share(parcel, this.developer(r), 'własność', 1, 1);
        return;
      case 'coop':
        if (spec.perpetual) {
          this.share(parcel, this.gmina(), 'własność', 1, 1);
          this.share(parcel, this.coop(r), 'użytkowanie wieczyste', 1, 1);
        } else this.share(parcel, this.coop(r), 'własność', 1, 1);
        return;
      case 'wspolnota': {
        const name = `Wspólnota Mieszkaniowa ${spec.address} ${r.int(1, 60)}`;
        const id = this.add('wspólnota mieszkaniowa', null, null, name, null, this.nextRegon(), `${spec.address} ${r.int(1, 60)}, 61-${String(r.int(100, 899))} Poznań`);
        this.share(parcel, id, 'własność', 1, 1);
        return;
      }
      case 'perpetual':
        // municipal land let in perpetual usufruct
        this.share(parcel, this.gmina(), 'własność', 1, 1);
        if (spec.holder === 'company') this.share(parcel, this.company(r), 'użytkowanie wieczyste', 1, 1);
        else if (spec.holder === 'coop') this.share(parcel, this.coop(r), 'użytkowanie wieczyste', 1, 1);
        else if (r.chance(0.5)) this.share(parcel, this.anyPerson(r, new Set()).id, 'użytkowanie wieczyste', 1, 1);
        else this.coOwners(parcel, r, 'perpetual', spec.flats ?? false);
        return;
      case 'parish':
        this.share(parcel, this.legal(spec.name, 'ul. Gołębia 1, 61-834 Poznań'), 'własność', 1, 1);
        return;
      case 'public':
        if (spec.who === 'gmina') {
          this.share(parcel, this.gmina(), 'własność', 1, 1);
        } else if (spec.who === 'voivodeship') {
          this.share(parcel, this.legal('Województwo Wielkopolskie', 'al. Niepodległości 34, 61-714 Poznań'), 'własność', 1, 1);
        } else {
          this.share(parcel, this.treasury(), 'własność', 1, 1);
          const holder = r.pick([
            ['Uniwersytet im. Adama Mickiewicza w Poznaniu', 'użytkowanie wieczyste'],
            ['Politechnika Poznańska', 'użytkowanie wieczyste'],
            ['Wielkopolski Urząd Wojewódzki w Poznaniu', 'trwały zarząd'],
            ['Komenda Wojewódzka Policji w Poznaniu', 'trwały zarząd'],
          ] as const);
          this.share(parcel, this.legal(holder[0], 'Poznań'), holder[1], 1, 1);
        }
        return;
    }
  }

  get count(): number {
    return this.nextId - 1;
  }
}
