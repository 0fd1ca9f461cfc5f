// dBase field names of the shapefile downloads: 10 bytes at most. Cutting the model's long names leaves names
// nobody can tell apart (powierzchn / powierzc_1), so every attribute longer than 10 characters has a fixed,
// documented short name here (docs/model-2021.md, "Shapefile field names"), and each download carries
// <layer>_pola.txt (semicolon-separated; not .csv, which GDAL would open as one more layer) naming every field's attribute and title. Names of 10 characters or less stay as they are.

export const SHAPEFILE_FIELD: Readonly<Record<string, string>> = {
  nazwaObrebu: 'NAZWA_OBR',
  poczatekWersjiObiektu: 'WERSJA_OD',
  numerDzialki: 'NR_DZIALKI',
  numerArkusza: 'NR_ARKUSZA',
  poleEwidencyjne: 'POLE_EW_HA',
  powierzchniaGeometryczna: 'POW_GEO_M2',
  wlasciciele: 'WLASCICIEL',
  rodzajWgKST: 'KST',
  nazwaRodzajuWgKST: 'KST_NAZWA',
  liczbaKondygnacjiNadziemnych: 'KOND_NADZ',
  liczbaKondygnacjiPodziemnych: 'KOND_PODZ',
  powZabudowy: 'POW_ZAB_M2',
  lacznaPowUzytkowaLokaliWyodrebnionych: 'PU_WYODR',
  lacznaPowUzytkowaLokaliNiewyodrebnionych: 'PU_NIEWYOD',
  statusBudynku: 'STATUS_BUD',
  rokZakonczeniaBudowy: 'ROK_BUDOWY',
  numerPorzadkowy: 'NR_PORZ',
  oznaczenieKlasouzytku: 'KLASOUZYT',
  powierzchnia: 'POW_HA',
  nazwaBranzy: 'BRANZA_NAZ',
  eksploatacja: 'EKSPLOAT',
  idUrzadzenia: 'ID_URZADZ',
  rodzajUrzadzenia: 'RODZ_URZ',
  numerPozwolenia: 'NR_POZWOL',
  dataPozwolenia: 'DATA_POZW',
  organWydajacy: 'ORGAN',
  rodzajInwestora: 'INWESTOR',
  nazwaInwestycji: 'INWESTYCJA',
  nazwaFunkcji: 'FUNKCJA_NZ',
  rzednaTerenu: 'RZEDNA_TER',
  rodzajDachu: 'DACH',
  numerInwentarzowy: 'NR_INWENT',
  gatunekLacinski: 'GATUNEK_LA',
  srednicaKorony: 'SR_KORONY',
  stanZdrowotny: 'STAN_ZDROW',
  wysokoscOkapu: 'WYS_OKAPU',
  wysokoscKalenicy: 'WYS_KALEN',
};

/** The field name of an attribute: its fixed short name, or the name itself when it fits. */
export function shapefileFieldName(attribute: string): string {
  return SHAPEFILE_FIELD[attribute] ?? attribute;
}
