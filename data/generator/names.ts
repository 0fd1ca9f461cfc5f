// Name lists. Street and district names are real Poznań names (the places are
// real, the data about them is not); person names are common Polish names.

/** Streets of the Old Town and its neighbourhood, N–S running (x lines), nearest first. */
export const OLD_TOWN_NS: readonly string[] = [
  'Ślusarska', 'Dominikańska', 'Mokra', 'Masztalarska', 'Kozia', 'Jezuicka', 'Klasztorna',
  'Małe Garbary', 'Garbary', 'Ratajczaka', 'Kościuszki', 'Fredry', 'Gwarna', 'Szyperska',
  'Strzelecka', 'Podgórna', 'Solna', 'Taczaka', 'Kantaka', 'Piekary', 'Grobla', 'Działowa',
  'Ogrodowa', 'Ludgardy', 'Za Bramką', 'Zielona', 'Stawna', 'Wszystkich Świętych',
];

/** Streets of the Old Town and its neighbourhood, E–W running (y lines), nearest first. */
export const OLD_TOWN_EW: readonly string[] = [
  'Franciszkańska', 'Gołębia', 'Kramarska', 'Wodna', 'Żydowska', 'Woźna', 'Szewska',
  'Paderewskiego', '23 Lutego', 'Mostowa', 'Wrocławska', 'Święty Marcin', 'Solna',
  'Estkowskiego', 'Działyńskich', 'Bóżnicza', 'Zamkowa', 'Nowowiejskiego',
  'Ewangelicka', 'Szkolna', 'Rybaki', 'Święty Wojciech', 'Noskowskiego', 'Wolnica',
  'Młyńska', 'Mielżyńskiego', 'Składowa', 'Długa',
];

/** Market frontage streets (the four streets round Stary Rynek continue beyond it). */
export const MARKET_STREETS = {
  westNorth: 'Wroniecka',
  westSouth: 'Świętosławska',
  eastNorth: 'Żydowska',
  eastSouth: 'Wielka',
  northWest: 'Kramarska',
  northEast: 'Woźna',
  southWest: 'Szewska',
  southEast: 'Wodna',
} as const;

/** East bank (Śródka, Ostrów Tumski, Zagórze). */
export const EAST_BANK: readonly string[] = [
  'Ostrów Tumski', 'Posadzego', 'Panny Marii', 'Kapitulna', 'Śródka', 'Bydgoska',
  'Dziekańska', 'Zagórze', 'Mnisza', 'Filipińska', 'Rynek Śródecki',
  'Wyszyńskiego', 'Ostrówek', 'Lednicka', 'Gdańska', 'Jana Lechonia',
];

export const RIVER_WEST_STREET = 'Chwaliszewo';
export const RIVER_EAST_STREET = 'Ostrówek';

export const BRIDGES: readonly string[] = [
  'Most Bolesława Chrobrego', 'Most Mieszka I', 'Most Jordana', 'Most Chwaliszewski',
  'Most Królowej Jadwigi', 'Most Świętego Rocha', 'Most Przemysła I', 'Most Dębiński',
  'Most Lecha', 'Most Królowej Jadwigi Północny', 'Most Dworcowy', 'Most Teatralny',
  'Most Przemysła II', 'Most Szczepana', 'Most Warciański', 'Most Starołęcki',
];

/** Wide main streets. */
export const MAJOR: readonly string[] = [
  'Garbary', 'Święty Marcin', 'Kościuszki', 'Aleje Marcinkowskiego', 'Królowej Jadwigi',
  'Aleja Niepodległości', 'Dąbrowskiego', 'Głogowska', 'Grunwaldzka', 'Bukowska', 'Hetmańska',
  'Dolna Wilda', 'Górna Wilda', 'Gnieźnieńska', 'Warszawska', 'Hlonda', 'Naramowicka',
  'Szamotulska', 'Kurlandzka', 'Bolesława Krzywoustego', 'Jana Pawła II', 'Solidarności',
  'Lechicka', 'Bałtycka', 'Serbska', 'Obornicka', 'Juraszów', 'Niestachowska', 'Lutycka',
  'Jasielska', 'Marcelińska', 'Ściegiennego', 'Opolska', 'Starołęcka', 'Bolesława Chrobrego',
  'Mieszka I', 'Żegrze', 'Arcybiskupa Antoniego Baraniaka', 'Unii Lubelskiej', 'Browarna',
];

/** General pool for the rest of the city. */
export const GENERAL: readonly string[] = [
  'Mickiewicza', 'Słowackiego', 'Kochanowskiego', 'Reja', 'Sienkiewicza', 'Prusa', 'Żeromskiego',
  'Konopnickiej', 'Orzeszkowej', 'Norwida', 'Krasińskiego', 'Kasprowicza', 'Wyspiańskiego',
  'Staszica', 'Kołłątaja', 'Kilińskiego', 'Dąbrowskiego', 'Matejki', 'Chełmońskiego', 'Grottgera',
  'Kossaka', 'Malczewskiego', 'Wybickiego', 'Mielżyńskiego', 'Libelta', 'Marcinkowskiego',
  'Chłapowskiego', 'Ogińskiego', 'Moniuszki', 'Chopina', 'Szymanowskiego', 'Paderewskiego',
  'Lipowa', 'Klonowa', 'Dębowa', 'Jesionowa', 'Brzozowa', 'Grabowa', 'Wiązowa', 'Jaworowa',
  'Sosnowa', 'Świerkowa', 'Modrzewiowa', 'Jarzębinowa', 'Kasztanowa', 'Akacjowa', 'Topolowa',
  'Wierzbowa', 'Olszynowa', 'Leszczynowa', 'Bukowa', 'Głogowa', 'Cisowa', 'Jodłowa',
  'Różana', 'Liliowa', 'Tulipanowa', 'Fiołkowa', 'Konwaliowa', 'Storczykowa', 'Makowa',
  'Słonecznikowa', 'Wrzosowa', 'Jaśminowa', 'Bzowa', 'Kalinowa', 'Malinowa', 'Wiśniowa',
  'Czereśniowa', 'Jabłoniowa', 'Gruszowa', 'Śliwkowa', 'Morelowa', 'Poziomkowa', 'Jagodowa',
  'Kaliska', 'Kórnicka', 'Szamotulska', 'Gnieźnieńska', 'Pleszewska',
  'Konińska', 'Leszczyńska', 'Pilska', 'Wrzesińska', 'Śremska', 'Gostyńska', 'Kościańska',
  'Obornicka', 'Czarnkowska', 'Chodzieska', 'Wągrowiecka', 'Międzychodzka', 'Grodziska',
  'Nowotomyska', 'Wolsztyńska', 'Rawicka', 'Krotoszyńska', 'Ostrowska', 'Kępińska',
  'Jarocińska', 'Słupecka', 'Kolska', 'Turecka', 'Złotowska', 'Trzcianecka', 'Rogozińska',
  'Mogileńska', 'Żnińska', 'Inowrocławska', 'Toruńska', 
  'Warmińska', 'Mazurska', 'Kaszubska', 'Kujawska', 'Podlaska', 'Śląska', 'Małopolska',
  'Lubuska', 'Pomorska', 'Wielkopolska', 'Sudecka', 'Tatrzańska',
  'Karkonoska', 'Bieszczadzka', 'Pienińska', 'Gorczańska', 'Beskidzka', 'Babiogórska',
  'Jurajska', 'Świętokrzyska', 'Roztoczańska', 'Polna', 'Leśna', 'Łąkowa', 'Ogrodowa',
  'Sadowa', 'Graniczna', 'Krótka', 'Długa', 'Szeroka', 'Wąska', 'Cicha', 'Spokojna',
  'Słoneczna', 'Pogodna', 'Wesoła', 'Radosna', 'Miła', 'Przyjazna', 'Zacisze', 'Ustronie',
  'Piaskowa', 'Kamienna', 'Gliniana', 'Żwirowa', 'Torfowa', 'Źródlana',
  'Stawowa', 'Jeziorna', 'Rzeczna', 'Nadbrzeżna', 'Strumykowa', 'Potokowa', 'Bagienna',
  'Bursztynowa', 'Szmaragdowa', 'Rubinowa', 'Perłowa', 'Srebrna', 'Złota', 'Miedziana',
  'Kryształowa', 'Koralowa', 'Diamentowa', 'Agatowa', 'Opalowa', 'Topazowa', 'Granitowa',
  'Bażantowa', 'Jastrzębia', 'Sokola', 'Orla', 'Sowia', 'Słowicza', 'Skowronkowa', 'Czajcza',
  'Żurawia', 'Bocianowa', 'Łabędzia', 'Kormoranów', 'Wilgi', 'Sikorki', 'Gila', 'Kosa',
  'Drozdowa', 'Szpakowa', 'Jaskółcza', 'Kukułcza', 'Dzięciołowa',
  'Rolna', 'Kmieca', 'Chłopska', 'Żniwna', 'Kłosowa', 'Żytnia', 'Pszeniczna', 'Owsiana',
  'Jęczmienna', 'Gryczana', 'Lniana', 'Konopna', 'Chmielna', 'Młyńska', 'Piekarska',
  'Kowalska', 'Bednarska', 'Stolarska', 'Ciesielska', 'Murarska', 'Zdunowa', 'Garncarska',
  'Tkacka', 'Sukiennicza', 'Kuśnierska', 'Rymarska', 'Szklarska', 'Złotnicza', 'Kołodziejska',
  'Bolesława Prusa', 'Marii Skłodowskiej-Curie', 'Kopernika', 'Heweliusza', 'Śniadeckich',
  'Banacha', 'Sierpińskiego', 'Steinhausa', 'Łukasiewicza', 'Domeyki', 'Strzeleckiego',
  'Bema', 'Sowińskiego', 'Prądzyńskiego', 'Chłopickiego', 'Dwernickiego', 'Skrzyneckiego',
  'Kiepury', 'Modrzejewskiej', 'Solskiego', 'Osterwy', 'Jaracza', 'Siemaszkowej',
  'Zamenhofa', 'Grochowska', 'Jeżycka', 'Kraszewskiego',
  'Szamarzewskiego', 'Dąbrówki', 'Mylna', 'Wawrzyniaka', 'Kościelna',
  'Słowiańska', 'Piątkowska', 'Murawa', 'Winogrady', 'Pułaskiego',
  'Szelągowska', 'Bonin', 'Wilczak', 'Księcia Mieszka', 'Sobieskiego', 'Kurpińskiego',
  'Łozowa', 'Umultowska', 'Morasko', 'Radojewo', 'Huby Moraskie', 'Kiekrz', 'Chojnicka',
];

/**
 * Cadastral districts (obręby) with the approximate position of the real
 * neighbourhood relative to Stary Rynek (km east, km north), used to name the
 * generated districts plausibly. East-of-the-Warta names go only east of it.
 */
export const OBREB_HOMES: ReadonlyArray<readonly [string, number, number]> = [
  ['Stare Miasto', 0, 0], ['Chwaliszewo', 0.55, 0.15], ['Garbary', 0.25, 0.75], ['Święty Marcin', -0.65, -0.15],
  ['Wilda', -0.3, -1.5], ['Ostrów Tumski', 1.15, -0.1], ['Śródka', 1.15, 0.55], ['Zagórze', 1.15, -0.75],
  ['Jeżyce', -1.6, 0.9], ['Łazarz', -1.8, -1.5], ['Zawady', 1.5, -1.3], ['Sołacz', -1.2, 2.4], ['Winiary', -1.8, 3.0],
  ['Winogrady', 0.4, 3.2], ['Karolin', 2.7, 2.4], ['Główna', 3.0, 1.4], ['Komandoria', 2.4, -1.0], ['Malta', 3.0, -0.4],
  ['Rataje', 3.5, -2.5], ['Nowe Miasto', 4.0, -3.2], ['Dębiec', -0.3, -4.5], ['Starołęka', 2.0, -5.0], ['Minikowo', 3.2, -5.6],
  ['Górczyn', -3.0, -2.6], ['Grunwald', -3.0, -0.9], ['Ogrody', -3.0, 1.5], ['Podolany', -3.4, 4.0], ['Piątkowo', -1.5, 6.4],
  ['Naramowice', 1.5, 5.0], ['Morasko', -0.5, 8.6], ['Umultowo', 1.2, 8.8], ['Radojewo', 3.0, 9.5], ['Marcelin', -4.2, -1.0],
  ['Ławica', -5.4, 0.5], ['Junikowo', -5.6, -2.5], ['Smochowice', -6.2, 3.0], ['Strzeszyn', -5.0, 5.6], ['Krzyżowniki', -7.2, 4.4],
  ['Kiekrz', -9.0, 5.6], ['Kopanina', -6.6, -3.6], ['Fabianowo', -3.0, -5.6], ['Żegrze', 5.0, -3.4], ['Chartowo', 5.0, -2.3],
  ['Antoninek', 6.2, 0.0], ['Kobylepole', 7.0, -1.5], ['Szczepankowo', 8.0, -4.0], ['Krzesiny', 6.0, -6.5], ['Spławie', 7.2, -6.8],
  ['Głuszyna', 4.2, -8.2], ['Franowo', 5.0, -1.2], ['Zieliniec', 6.0, 3.2], ['Kotowo', -2.2, -7.0], ['Świerczewo', -1.5, -3.2],
  ['Edwardowo', -4.0, -3.0], ['Golęcin', -2.8, 2.6], ['Bonin', 3.5, 4.5], ['Wola', -6.5, 1.5],
  ['Psarskie', -4.5, 7.5], ['Nadolnik', 1.6, 2.0], ['Darzybór', 7.5, 1.5], ['Michałowo', 5.5, 6.0], ['Garaszewo', 8.0, -2.5],
  ['Kozia Góra', -8.0, -1.0], ['Strzeszynek', -6.5, 7.0], ['Wierzbięcice', -0.9, -1.0], ['Łacina', 4.0, 0.8],
];

export const FIRST_NAMES_M: readonly string[] = [
  'Jan', 'Andrzej', 'Piotr', 'Krzysztof', 'Stanisław', 'Tomasz', 'Paweł', 'Józef', 'Marcin',
  'Marek', 'Michał', 'Grzegorz', 'Jerzy', 'Tadeusz', 'Adam', 'Łukasz', 'Zbigniew', 'Ryszard',
  'Dariusz', 'Henryk', 'Mariusz', 'Kazimierz', 'Wojciech', 'Robert', 'Mateusz', 'Marian',
  'Rafał', 'Jacek', 'Janusz', 'Mirosław', 'Maciej', 'Sławomir', 'Jarosław', 'Kamil', 'Wiesław',
  'Roman', 'Władysław', 'Jakub', 'Artur', 'Zdzisław', 'Edward', 'Mieczysław', 'Damian',
  'Dawid', 'Przemysław', 'Sebastian', 'Czesław', 'Leszek', 'Daniel', 'Waldemar', 'Bartosz',
];

export const FIRST_NAMES_F: readonly string[] = [
  'Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Krystyna', 'Barbara', 'Ewa',
  'Elżbieta', 'Zofia', 'Janina', 'Teresa', 'Joanna', 'Magdalena', 'Monika', 'Jadwiga',
  'Danuta', 'Irena', 'Halina', 'Helena', 'Beata', 'Aleksandra', 'Marta', 'Dorota', 'Marianna',
  'Grażyna', 'Jolanta', 'Stanisława', 'Iwona', 'Karolina', 'Bożena', 'Urszula', 'Justyna',
  'Renata', 'Alicja', 'Paulina', 'Sylwia', 'Natalia', 'Wanda', 'Agata', 'Aneta', 'Izabela',
  'Ewelina', 'Marzena', 'Wiesława', 'Genowefa', 'Patrycja', 'Kazimiera', 'Edyta', 'Stefania',
];

/** Surnames as [masculine, feminine]. */
export const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['Nowak', 'Nowak'], ['Kowalski', 'Kowalska'], ['Wiśniewski', 'Wiśniewska'], ['Wójcik', 'Wójcik'],
  ['Kowalczyk', 'Kowalczyk'], ['Kamiński', 'Kamińska'], ['Lewandowski', 'Lewandowska'],
  ['Zieliński', 'Zielińska'], ['Szymański', 'Szymańska'], ['Woźniak', 'Woźniak'],
  ['Dąbrowski', 'Dąbrowska'], ['Kozłowski', 'Kozłowska'], ['Jankowski', 'Jankowska'],
  ['Mazur', 'Mazur'], ['Wojciechowski', 'Wojciechowska'], ['Kwiatkowski', 'Kwiatkowska'],
  ['Krawczyk', 'Krawczyk'], ['Kaczmarek', 'Kaczmarek'], ['Piotrowski', 'Piotrowska'],
  ['Grabowski', 'Grabowska'], ['Zając', 'Zając'], ['Pawłowski', 'Pawłowska'], ['Michalski', 'Michalska'],
  ['Król', 'Król'], ['Nowakowski', 'Nowakowska'], ['Wieczorek', 'Wieczorek'], ['Jabłoński', 'Jabłońska'],
  ['Wróbel', 'Wróbel'], ['Majewski', 'Majewska'], ['Olszewski', 'Olszewska'], ['Stępień', 'Stępień'],
  ['Malinowski', 'Malinowska'], ['Jaworski', 'Jaworska'], ['Adamczyk', 'Adamczyk'], ['Dudek', 'Dudek'],
  ['Nowicki', 'Nowicka'], ['Pawlak', 'Pawlak'], ['Górski', 'Górska'], ['Witkowski', 'Witkowska'],
  ['Walczak', 'Walczak'], ['Sikora', 'Sikora'], ['Baran', 'Baran'], ['Rutkowski', 'Rutkowska'],
  ['Michalak', 'Michalak'], ['Szewczyk', 'Szewczyk'], ['Ostrowski', 'Ostrowska'], ['Tomaszewski', 'Tomaszewska'],
  ['Pietrzak', 'Pietrzak'], ['Marciniak', 'Marciniak'], ['Wróblewski', 'Wróblewska'], ['Zalewski', 'Zalewska'],
  ['Jakubowski', 'Jakubowska'], ['Jasiński', 'Jasińska'], ['Zawadzki', 'Zawadzka'], ['Sadowski', 'Sadowska'],
  ['Bąk', 'Bąk'], ['Chmielewski', 'Chmielewska'], ['Włodarczyk', 'Włodarczyk'], ['Borkowski', 'Borkowska'],
  ['Czarnecki', 'Czarnecka'], ['Sawicki', 'Sawicka'], ['Sokołowski', 'Sokołowska'], ['Urbański', 'Urbańska'],
  ['Kubiak', 'Kubiak'], ['Maciejewski', 'Maciejewska'], ['Szczepański', 'Szczepańska'], ['Kucharski', 'Kucharska'],
  ['Wilk', 'Wilk'], ['Kalinowski', 'Kalinowska'], ['Lis', 'Lis'], ['Mazurek', 'Mazurek'], ['Wysocki', 'Wysocka'],
  ['Adamski', 'Adamska'], ['Kaźmierczak', 'Kaźmierczak'], ['Wasilewski', 'Wasilewska'], ['Sobczak', 'Sobczak'],
  ['Czerwiński', 'Czerwińska'], ['Andrzejewski', 'Andrzejewska'], ['Cieślak', 'Cieślak'], ['Głowacki', 'Głowacka'],
  ['Zakrzewski', 'Zakrzewska'], ['Kołodziej', 'Kołodziej'], ['Sikorski', 'Sikorska'], ['Krajewski', 'Krajewska'],
  ['Gajewski', 'Gajewska'], ['Szymczak', 'Szymczak'], ['Szulc', 'Szulc'], ['Baranowski', 'Baranowska'],
  ['Laskowski', 'Laskowska'], ['Brzeziński', 'Brzezińska'], ['Makowski', 'Makowska'], ['Ziółkowski', 'Ziółkowska'],
  ['Przybylski', 'Przybylska'], ['Nowaczyk', 'Nowaczyk'], ['Kaczmarczyk', 'Kaczmarczyk'], ['Frąckowiak', 'Frąckowiak'],
  ['Stachowiak', 'Stachowiak'], ['Przybył', 'Przybył'], ['Jankowiak', 'Jankowiak'], ['Błaszczyk', 'Błaszczyk'],
];

/** Company name stems and legal forms. */
export const COMPANY_STEMS: readonly string[] = [
  'Warta', 'Wielkopolska', 'Poznańska', 'Stary Browar', 'Cytadela', 'Malta', 'Lech', 'Posnania',
  'Sołacz', 'Rataje', 'Ostrów', 'Chwaliszewo', 'Garbary', 'Winogrady', 'Piątkowo', 'Jeżyce',
  'Wilda', 'Łazarz', 'Grunwald', 'Dębiec', 'Naramowice', 'Wola', 'Nowe Miasto', 'Kopernik',
  'Przemysł', 'Mieszko', 'Dąbrówka', 'Koziołki', 'Kupiec', 'Ratusz', 'Farna', 'Kramarz',
];

export const COMPANY_KINDS: readonly string[] = [
  'Nieruchomości', 'Development', 'Invest', 'Budownictwo', 'Handel', 'Usługi', 'Logistyka',
  'Capital', 'Park', 'Residence', 'Consulting', 'Holding', 'Projekt', 'Inwestycje', 'Apartamenty',
];

export const LEGAL_FORMS: readonly string[] = ['Sp. z o.o.', 'Sp. z o.o.', 'Sp. z o.o.', 'S.A.', 'Sp. k.', 'Sp. z o.o. Sp. k.'];

export const COOPERATIVES: readonly string[] = [
  'Poznańska Spółdzielnia Mieszkaniowa', 'Spółdzielnia Mieszkaniowa "Winogrady"',
  'Spółdzielnia Mieszkaniowa "Osiedle Młodych"', 'Spółdzielnia Mieszkaniowa "Piątkowo"',
  'Spółdzielnia Mieszkaniowa "Warta"', 'Lokatorsko-Własnościowa Spółdzielnia Mieszkaniowa "Nasz Dom"',
  'Spółdzielnia Mieszkaniowa "Grunwald"', 'Spółdzielnia Mieszkaniowa "Jeżyce"',
  'Spółdzielnia Mieszkaniowa "Dębiec"', 'Spółdzielnia Mieszkaniowa "Rataje"',
  'Spółdzielnia Mieszkaniowa "Kopernik"', 'Spółdzielnia Mieszkaniowa "Starołęka"',
];

export const PARISHES: readonly string[] = [
  'Parafia Rzymskokatolicka pw. Matki Bożej Nieustającej Pomocy i św. Marii Magdaleny',
  'Parafia Rzymskokatolicka pw. św. Antoniego Padewskiego',
  'Parafia Rzymskokatolicka pw. Świętych Apostołów Piotra i Pawła (Archikatedralna)',
  'Parafia Rzymskokatolicka pw. św. Wojciecha',
  'Parafia Rzymskokatolicka pw. Bożego Ciała',
  'Parafia Rzymskokatolicka pw. św. Marcina',
  'Parafia Rzymskokatolicka pw. Najświętszego Zbawiciela',
  'Parafia Rzymskokatolicka pw. św. Małgorzaty',
  'Parafia Rzymskokatolicka pw. św. Michała Archanioła',
  'Parafia Ewangelicko-Augsburska Świętego Krzyża',
];

/** Tree species: Polish name, Latin name, max height m, crown/height ratio, trunk growth cm/yr, habitat. */
export interface Species {
  pl: string;
  la: string;
  hMax: number;
  crown: number;
  girthRate: number;
}

export const SPECIES = {
  lipa: { pl: 'lipa drobnolistna', la: 'Tilia cordata', hMax: 26, crown: 0.62, girthRate: 2.6 },
  klon: { pl: 'klon pospolity', la: 'Acer platanoides', hMax: 24, crown: 0.6, girthRate: 2.8 },
  kasztanowiec: { pl: 'kasztanowiec zwyczajny', la: 'Aesculus hippocastanum', hMax: 24, crown: 0.7, girthRate: 3.0 },
  platan: { pl: 'platan klonolistny', la: 'Platanus × hispanica', hMax: 32, crown: 0.6, girthRate: 3.4 },
  dab: { pl: 'dąb szypułkowy', la: 'Quercus robur', hMax: 30, crown: 0.65, girthRate: 2.2 },
  brzoza: { pl: 'brzoza brodawkowata', la: 'Betula pendula', hMax: 24, crown: 0.38, girthRate: 2.4 },
  jesion: { pl: 'jesion wyniosły', la: 'Fraxinus excelsior', hMax: 30, crown: 0.5, girthRate: 2.7 },
  wierzba: { pl: 'wierzba biała', la: 'Salix alba', hMax: 22, crown: 0.75, girthRate: 4.0 },
  robinia: { pl: 'robinia akacjowa', la: 'Robinia pseudoacacia', hMax: 22, crown: 0.5, girthRate: 2.8 },
  grab: { pl: 'grab pospolity', la: 'Carpinus betulus', hMax: 20, crown: 0.55, girthRate: 2.0 },
  topola: { pl: 'topola czarna', la: 'Populus nigra', hMax: 30, crown: 0.5, girthRate: 4.2 },
  olsza: { pl: 'olsza czarna', la: 'Alnus glutinosa', hMax: 22, crown: 0.45, girthRate: 2.8 },
  sosna: { pl: 'sosna zwyczajna', la: 'Pinus sylvestris', hMax: 28, crown: 0.35, girthRate: 2.2 },
} as const satisfies Record<string, Species>;

export type SpeciesKey = keyof typeof SPECIES;
