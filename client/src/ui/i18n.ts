// The interface speaks Polish, with an English switch. Texts of the catalogue (layers, attributes, portals) come
// from the server in both languages; the interface's own words are here.
export type Lang = 'pl' | 'en';
export interface Text { pl: string; en: string }

const WORDS = {
  skip: { pl: 'Przejdź do treści', en: 'Skip to content' },
  skipMap: { pl: 'Przejdź do mapy', en: 'Skip to the map' },
  switchLang: { pl: 'English', en: 'Polski' },
  switchLangLabel: { pl: 'Switch the interface to English', en: 'Przełącz interfejs na polski' },
  'landing.title': { pl: 'SIP Poznań', en: 'SIP Poznań' },
  'landing.subtitle': { pl: 'System Informacji Przestrzennej i e-usługi geodezyjne', en: 'Spatial information system and geodetic e-services' },
  'landing.intro': {
    pl: 'Jedna mapa miasta, sześć portali dla sześciu grup użytkowników państwowego zasobu geodezyjnego i kartograficznego: ewidencja gruntów i budynków, sieci uzbrojenia terenu, budynki projektowane, zieleń i modele wysokościowe.',
    en: 'One city map, six portals for six groups of users of the geodetic and cartographic resource: the land and building register, utility networks, planned buildings, greenery and elevation models.',
  },
  'landing.portals': { pl: 'Portale', en: 'Portals' },
  'landing.enter': { pl: 'Otwórz portal', en: 'Open the portal' },
  'landing.services': { pl: 'Usługi dla programów GIS', en: 'Services for GIS software' },
  footer: {
    pl: 'Dane: Miasto Poznań – Geodeta Miasta. Układ PL-2000 strefa 6 (EPSG:2177), wysokości PL-EVRF2007-NH.',
    en: 'Data: City of Poznań – City Surveyor. PL-2000 zone 6 (EPSG:2177), heights PL-EVRF2007-NH.',
  },
  loading: { pl: 'Wczytywanie…', en: 'Loading…' },
  loadError: { pl: 'Nie udało się wczytać danych portalu.', en: 'The portal could not be loaded.' },
  layers: { pl: 'Warstwy', en: 'Layers' },
  legend: { pl: 'Legenda', en: 'Legend' },
  showLegend: { pl: 'legenda', en: 'legend' },
  wmsOverlay: { pl: 'Mapa zasadnicza (WMS, obraz)', en: 'Base map (WMS, image)' },
  wmsGroup: { pl: 'Podkład rastrowy', en: 'Raster overlay' },
  fromScale: { pl: 'widoczne od 1:', en: 'visible from 1:' },
  search: { pl: 'Szukaj', en: 'Search' },
  searchLabel: { pl: 'Szukaj działki, budynku lub adresu', en: 'Find a parcel, building or address' },
  searchHint: {
    pl: 'Np. „797”, „0005.797”, „0061 AR_13 33/1”, „ark. 13 dz. 33/1”, 306401_1.0005.797.1_BUD, „ul. Wielka 5”, „Zeromskiego 6”, PO1P/00012345/6.',
    en: 'E.g. “797”, “0005.797”, “0061 AR_13 33/1”, “ark. 13 dz. 33/1”, 306401_1.0005.797.1_BUD, “ul. Wielka 5”, “Zeromskiego 6”, PO1P/00012345/6.',
  },
  noResults: { pl: 'Nic nie znaleziono.', en: 'Nothing found.' },
  'kind.parcel': { pl: 'działka', en: 'parcel' },
  'kind.building': { pl: 'budynek', en: 'building' },
  'kind.street': { pl: 'adres / ulica', en: 'address / street' },
  'kind.register': { pl: 'księga wieczysta', en: 'land register' },
  'kind.owner': { pl: 'właściciel', en: 'owner' },
  buildingsOnStreet: { pl: 'budynków', en: 'buildings' },
  streetBuildings: { pl: 'ulica, {n}', en: 'street, {n} buildings' },
  'tool.info': { pl: 'Informacja', en: 'Info' },
  'tool.measure': { pl: 'Pomiar', en: 'Measure' },
  'tool.sheets': { pl: 'Arkusze', en: 'Sheets' },
  'tool.draw': { pl: 'Obszar', en: 'Area' },
  'tool.download': { pl: 'Pobieranie', en: 'Downloads' },
  'tool.order': { pl: 'Zamów', en: 'Order' },
  'tool.zgloszenia': { pl: 'Moje sprawy', en: 'My cases' },
  'tool.view3d': { pl: 'Widok 3D', en: '3D view' },
  'tool.permalink': { pl: 'Link do widoku', en: 'Link to this view' },
  'tool.coordination': { pl: 'Moje sprawy', en: 'My cases' },
  infoHint: { pl: 'Kliknij obiekt na mapie, aby zobaczyć jego atrybuty.', en: 'Click a feature on the map to see its attributes.' },
  noFeature: { pl: 'Brak obiektów w tym miejscu.', en: 'No features here.' },
  measureTitle: { pl: 'Pomiar odległości i powierzchni', en: 'Measure distance and area' },
  measureDistance: { pl: 'Odległość', en: 'Distance' },
  measureArea: { pl: 'Powierzchnia', en: 'Area' },
  measureHint: {
    pl: 'Klikaj punkty na mapie; Enter lub dwuklik kończy, Esc czyści, Backspace cofa punkt. Długości i pola liczone na elipsoidzie (metry rzeczywiste).',
    en: 'Click points on the map; Enter or double-click finishes, Esc clears, Backspace removes a point. Lengths and areas on the ellipsoid (true metres).',
  },
  clear: { pl: 'Wyczyść', en: 'Clear' },
  length: { pl: 'Długość', en: 'Length' },
  perimeter: { pl: 'Obwód', en: 'Perimeter' },
  vertices: { pl: 'Wierzchołki (EPSG:2177)', en: 'Vertices (EPSG:2177)' },
  sheetsTitle: { pl: 'Wybór arkuszy PL-2000', en: 'PL-2000 map sheets' },
  sheetScale: { pl: 'Skala arkuszy', en: 'Sheet scale' },
  sheetsHint: { pl: 'Kliknij arkusze na mapie, aby je zaznaczyć lub odznaczyć.', en: 'Click sheets on the map to select or deselect them.' },
  sheetsSelected: { pl: 'Zaznaczone arkusze', en: 'Selected sheets' },
  sheetsUnavailable: { pl: 'Skorowidz arkuszy jest niedostępny.', en: 'The sheet index is not available.' },
  zoomInForSheets: { pl: 'Przybliż mapę, aby zobaczyć siatkę arkuszy tej skali.', en: 'Zoom in to see the sheet grid of this scale.' },
  drawTitle: { pl: 'Obszar pobrania', en: 'Download area' },
  drawHint: { pl: 'Klikaj wierzchołki wielokąta; Enter lub dwuklik zamyka, Esc czyści.', en: 'Click the polygon’s vertices; Enter or double-click closes it, Esc clears.' },
  areaReady: { pl: 'Obszar gotowy do pobrania.', en: 'The area is ready for download.' },
  downloadTitle: { pl: 'Pobieranie danych', en: 'Data download' },
  downloadArea: { pl: 'Obszar', en: 'Area' },
  areaView: { pl: 'Widok mapy', en: 'Map view' },
  areaPolygon: { pl: 'Narysowany wielokąt', en: 'Drawn polygon' },
  areaSheets: { pl: 'Zaznaczone arkusze', en: 'Selected sheets' },
  format: { pl: 'Format', en: 'Format' },
  layersToDownload: { pl: 'Warstwy', en: 'Layers' },
  startDownload: { pl: 'Przygotuj plik', en: 'Prepare the file' },
  cancel: { pl: 'Anuluj', en: 'Cancel' },
  myDownloads: { pl: 'Moje pobrania', en: 'My downloads' },
  // The order tool (client/src/tools/order.ts).
  'order.refused': { pl: 'Serwer odrzucił koszyk', en: 'The server refused the basket' },
  'order.title': { pl: 'Zamówienie materiałów zasobu', en: 'Order materials of the resource' },
  'order.hint': {
    pl: 'Kliknij działki na mapie, aby zamówić wypis lub wyrys; do zbiorów danych, arkuszy, NMT i modelu 3D wskaż obszar narzędziem „Obszar” albo zaznacz arkusze.',
    en: 'Click parcels on the map to order a wypis or wyrys; for data sets, sheets, the terrain and 3D models choose an area with the "Area" tool or select sheets.',
  },
  'order.parcels': { pl: 'Wybrane działki', en: 'Chosen parcels' },
  'order.noParcels': { pl: 'Brak – kliknij działkę na mapie.', en: 'None – click a parcel on the map.' },
  'order.remove': { pl: 'usuń', en: 'remove' },
  'order.parcelDocs': { pl: 'Dokumenty dla działek', en: 'Documents for the parcels' },
  'order.areaDocs': { pl: 'Materiały dla obszaru', en: 'Materials for the area' },
  'order.noArea': { pl: 'Najpierw wskaż obszar albo zaznacz arkusze.', en: 'Choose an area or select sheets first.' },
  'order.paper': { pl: 'w postaci papierowej', en: 'on paper' },
  'order.basket': { pl: 'Opłata', en: 'Fee' },
  'order.total': { pl: 'Razem', en: 'Total' },
  'order.free': { pl: 'bez opłaty', en: 'free' },
  'order.unverified': { pl: 'stawka niezweryfikowana z tekstem ustawy', en: 'rate not verified against the act' },
  'order.payer': { pl: 'Płatnik (imię i nazwisko lub firma)', en: 'Payer (name or firm)' },
  'order.payerAddress': { pl: 'Adres płatnika', en: 'Payer’s address' },
  'order.purpose': { pl: 'Cel wykorzystania materiałów (do licencji)', en: 'Purpose of use (for the licence)' },
  'order.email': { pl: 'Adres e-mail (wymagany bez logowania)', en: 'E-mail address (required without an account)' },
  'order.licence': {
    pl: 'Materiały odpłatne udostępnia się na podstawie licencji (art. 40c ustawy Prawo geodezyjne i kartograficzne): do celu podanego wyżej, bez prawa udostępniania ich osobom trzecim.',
    en: 'Paid materials are licensed (art. 40c of the Geodetic and Cartographic Law) for the purpose given above, without the right to pass them on.',
  },
  'order.place': { pl: 'Zamawiam', en: 'Place the order' },
  'order.placed': { pl: 'Zamówienie złożone', en: 'Order placed' },
  'order.doo': { pl: 'Dokument Obliczenia Opłaty (PDF)', en: 'Fee calculation document, DOO (PDF)' },
  'order.payBy': { pl: 'Zapłać przelewem na rachunek z DOO, w tytule podając numer DOO:', en: 'Pay by transfer to the account in the DOO, titled with the DOO number:' },
  'order.payOnline': { pl: 'Zapłać online', en: 'Pay online' },
  'order.noOnline': { pl: 'Płatność online nie jest uruchomiona w tym ośrodku: zapłać przelewem, w tytule podając numer DOO.', en: 'Online payment is not enabled at this office: pay by transfer titled with the DOO number.' },
  'order.failed': { pl: 'Nie udało się:', en: 'It failed:' },
  'order.paidFree': { pl: 'Wszystkie pozycje są bez opłaty: materiały zostaną przygotowane.', en: 'Every item is free: the materials will be prepared.' },
  'order.token': { pl: 'Kod dostępu do zamówienia (zachowaj go):', en: 'Access code of the order (keep it):' },
  'order.myOrders': { pl: 'Moje zamówienia', en: 'My orders' },
  'order.none': { pl: 'Brak zamówień.', en: 'No orders.' },
  'order.empty': { pl: 'Koszyk jest pusty.', en: 'The basket is empty.' },
  // "Moje sprawy" of the surveyors' portal: notifications, packages and returned results (client/src/cases/zgloszenia.ts).
  'zg.title': { pl: 'Moje sprawy – zgłoszenia prac', en: 'My cases – survey-work notifications' },
  'zg.signIn': { pl: 'Zaloguj się kontem geodety, aby zgłaszać prace i odbierać materiały.', en: 'Sign in with a surveyor account to notify work and receive the materials.' },
  'zg.signInLink': { pl: 'Zaloguj się', en: 'Sign in' },
  'zg.notSurveyor': { pl: 'Zgłoszenia prac składa geodeta (konto z rolą geodeta).', en: 'Survey work is notified by a surveyor (geodeta role).' },
  'zg.none': { pl: 'Brak zgłoszeń.', en: 'No notifications yet.' },
  'zg.numer': { pl: 'Numer', en: 'Number' },
  'zg.stan': { pl: 'Stan', en: 'State' },
  'zg.cel': { pl: 'Cel', en: 'Purpose' },
  'zg.termin': { pl: 'Termin materiałów', en: 'Materials due' },
  'zg.pakiet': { pl: 'Pakiet', en: 'Package' },
  'zg.doo': { pl: 'DOO', en: 'DOO' },
  'zg.download': { pl: 'pobierz', en: 'download' },
  'zg.downloadPackage': { pl: 'Pobierz pakiet materiałów (ZIP)', en: 'Download the material package (ZIP)' },
  'zg.preparing': { pl: 'w przygotowaniu', en: 'being prepared' },
  'zg.unpaid': { pl: 'gotowy – po opłaceniu DOO', en: 'ready – released when the DOO is paid' },
  'zg.failed': { pl: 'błąd', en: 'failed' },
  'zg.showArea': { pl: 'pokaż obszar', en: 'show area' },
  'zg.open': { pl: 'szczegóły i wyniki', en: 'details and results' },
  'zg.back': { pl: '« Wróć do listy', en: '« Back to the list' },
  'zg.newTitle': { pl: 'Zgłoś prace geodezyjne', en: 'Notify survey work' },
  'zg.rodzaj': { pl: 'Rodzaj prac', en: 'Kind of work' },
  'zg.celPrac': { pl: 'Cel prac', en: 'Purpose of the work' },
  'zg.uprawnienia': { pl: 'Numer uprawnień', en: 'Licence number' },
  'zg.wykonawca': { pl: 'Wykonawca (firma, adres)', en: 'Contractor (firm, address)' },
  'zg.start': { pl: 'Przewidywane rozpoczęcie', en: 'Planned start' },
  'zg.end': { pl: 'Przewidywane zakończenie', en: 'Planned end' },
  'zg.skala': { pl: 'Skala arkuszy mapy', en: 'Map sheet scale' },
  'zg.obszar': { pl: 'Obszar prac', en: 'Area of the work' },
  'zg.useDrawn': { pl: 'narysowany obszar / wybrane arkusze', en: 'drawn area / picked sheets' },
  'zg.useParcels': { pl: 'działki', en: 'parcels' },
  'zg.parcelsHint': { pl: 'Identyfikatory rozdzielone przecinkami; albo klikaj działki na mapie.', en: 'Identifiers separated by commas; or click parcels on the map.' },
  'zg.noArea': { pl: 'Najpierw narysuj obszar (narzędzie Obszar) albo wybierz arkusze.', en: 'Draw an area (Area tool) or pick sheets first.' },
  'zg.submit': { pl: 'Zgłoś', en: 'Notify' },
  'zg.filed': { pl: 'Przyjęto zgłoszenie', en: 'Notification filed' },
  'zg.history': { pl: 'Historia sprawy', en: 'History of the case' },
  'zg.queue': { pl: 'Kolejka spraw ośrodka', en: "The office's queue" },
  'zg.wykonawcaUpr': { pl: 'Wykonawca, uprawnienia', en: 'Contractor, licence' },
  'zg.okres': { pl: 'Okres prac', en: 'Period of the work' },
  'zg.dzialki': { pl: 'Działki', en: 'Parcels' },
  'zg.daysLeft': { pl: 'dni robocze do terminu', en: 'working days left' },
  'zg.documents': { pl: 'Dokumenty', en: 'Documents' },
  'zg.dooPdf': { pl: 'DOO – dokument obliczenia opłaty (PDF)', en: 'DOO – fee calculation (PDF)' },
  'zg.results': { pl: 'Wyniki prac i ich weryfikacja', en: 'Returned results and their verification' },
  'zg.noResults': { pl: 'Wyniki prac nie zostały jeszcze złożone.', en: 'No results handed over yet.' },
  'zg.submission': { pl: 'Wyniki nr', en: 'Results no.' },
  'zg.submitted': { pl: 'złożono', en: 'submitted' },
  'zg.passed': { pl: 'Weryfikacja automatyczna: wszystkie kontrole spełnione', en: 'Automatic verification: every check passed' },
  'zg.notPassed': { pl: 'Weryfikacja automatyczna: wykryto błędy', en: 'Automatic verification: errors found' },
  'zg.counts': { pl: 'działki: {d}, budynki: {b}', en: 'parcels: {d}, buildings: {b}' },
  'zg.check': { pl: 'Kontrola', en: 'Check' },
  'zg.outcome': { pl: 'Wynik', en: 'Result' },
  'zg.details': { pl: 'szczegóły i obiekty błędne', en: 'details and offending objects' },
  'zg.checkOk': { pl: 'spełniona', en: 'passed' },
  'zg.checkFailed': { pl: 'niespełniona', en: 'failed' },
  'zg.checkSkipped': { pl: 'nie sprawdzono', en: 'not checked' },
  'zg.showOnMap': { pl: 'pokaż na mapie', en: 'show on the map' },
  'zg.more': { pl: 'i więcej: {n}', en: 'and {n} more' },
  'zg.reportPage': { pl: 'Raport weryfikacji (strona do druku)', en: 'Verification report (printable page)' },
  'zg.files': { pl: 'Pliki', en: 'Files' },
  'zg.replaced': { pl: 'Zastępowane działki ewidencji', en: 'Register parcels replaced' },
  'zg.decision': { pl: 'Decyzja ośrodka', en: 'The office’s decision' },
  'zg.awaiting': { pl: 'czeka na decyzję ośrodka', en: 'awaiting the office’s decision' },
  'zg.uploadTitle': { pl: 'Złóż wyniki prac', en: 'Hand over the results' },
  'zg.uploadHint': {
    pl: 'Dane zmienione w GML schematu aplikacyjnego usługi (np. odpowiedź WFS obszaru po edycji) albo w DXF w układzie PL-2000 (warstwy EGB_DZIALKI, EGB_BUDYNKI, atrybuty w XDATA SIP_POZNAN), oraz dokumenty operatu w PDF. Weryfikacja automatyczna wykona się od razu.',
    en: 'The changed data as GML of the service’s application schema (e.g. the area’s WFS answer, edited) or DXF in PL-2000 (layers EGB_DZIALKI, EGB_BUDYNKI, attributes in SIP_POZNAN XDATA), and the operat’s documents as PDF. The automatic verification runs at once.',
  },
  'zg.uploadFiles': { pl: 'Pliki wyników (GML, DXF, PDF)', en: 'Result files (GML, DXF, PDF)' },
  'zg.uploadSubmit': { pl: 'Złóż wyniki', en: 'Hand over' },
  'zg.uploading': { pl: 'Wysyłanie i weryfikacja…', en: 'Sending and verifying…' },
  'zg.uploaded': { pl: 'Złożono wyniki nr {n}.', en: 'Results no. {n} handed over.' },
  'zg.noFiles': { pl: 'Wybierz co najmniej jeden plik.', en: 'Choose at least one file.' },
  // Coordination cases (client/src/cases/coordination.ts): "Moje sprawy", the case, the forms, the check's conflicts.
  'coord.title': { pl: 'Moje sprawy – narady koordynacyjne', en: 'My cases – coordination meetings' },
  'coord.login': { pl: 'Zaloguj się, aby zobaczyć swoje sprawy.', en: 'Sign in to see your cases.' },
  'coord.loginLink': { pl: 'Logowanie', en: 'Sign in' },
  'coord.none': { pl: 'Brak spraw.', en: 'No cases.' },
  'coord.newCase': { pl: 'Nowy wniosek o uzgodnienie', en: 'New coordination request' },
  'coord.back': { pl: '← Lista spraw', en: '← Case list' },
  'coord.number': { pl: 'Numer', en: 'Number' },
  'coord.state': { pl: 'Stan', en: 'State' },
  'coord.term': { pl: 'Termin stanowisk', en: 'Term for positions' },
  'coord.overdue': { pl: 'po terminie', en: 'overdue' },
  'coord.awaiting': { pl: 'do uzgodnienia', en: 'awaiting your position' },
  'coord.investor': { pl: 'Inwestor', en: 'Investor' },
  'coord.designer': { pl: 'Projektant (imię, nazwisko, uprawnienia)', en: 'Designer (name, licence)' },
  'coord.description': { pl: 'Opis inwestycji', en: 'Investment' },
  'coord.design': { pl: 'Projekt sieci: DXF (warstwa na branżę), GML lub GeoJSON, EPSG:2177', en: 'Designed networks: DXF (a layer per branch), GML or GeoJSON, EPSG:2177' },
  'coord.mapPdf': { pl: 'Mapa do celów projektowych z projektem (PDF)', en: 'Design on the map for design purposes (PDF)' },
  'coord.parties': { pl: 'Uczestnicy (gestorzy sieci); bez wyboru – według branż projektu i kolizji', en: 'Parties (network operators); none ticked – by the design\'s and the conflicts\' branches' },
  'coord.submit': { pl: 'Złóż wniosek', en: 'File the request' },
  'coord.sending': { pl: 'Wysyłanie…', en: 'Sending…' },
  'coord.lengths': { pl: 'Projektowane sieci', en: 'Designed networks' },
  'coord.check': { pl: 'Kontrola odległości', en: 'Clearance check' },
  'coord.noConflicts': { pl: 'Bez kolizji i zbliżeń.', en: 'No conflicts.' },
  'coord.positions': { pl: 'Stanowiska', en: 'Positions' },
  'coord.noPosition': { pl: 'brak stanowiska', en: 'no position yet' },
  'coord.comments': { pl: 'Uwagi', en: 'Comments' },
  'coord.history': { pl: 'Historia', en: 'History' },
  'coord.documents': { pl: 'Dokumenty', en: 'Documents' },
  'coord.mapDoc': { pl: 'Mapa projektu (PDF)', en: 'Design map (PDF)' },
  'coord.protocolDoc': { pl: 'Protokół (PDF, podpisany)', en: 'Protocol (signed PDF)' },
  'coord.yourPosition': { pl: 'Stanowisko gestora', en: 'The operator\'s position' },
  'coord.reason': { pl: 'Uzasadnienie / uwagi ogólne', en: 'Reason / general remarks' },
  'coord.comment': { pl: 'Uwaga do miejsca na projekcie', en: 'Comment on a place of the design' },
  'coord.pick': { pl: 'Wskaż miejsce na mapie', en: 'Pick the place on the map' },
  'coord.picking': { pl: 'Kliknij miejsce na mapie…', en: 'Click the place on the map…' },
  'coord.send': { pl: 'Zajmij stanowisko', en: 'State the position' },
  'coord.close': { pl: 'Zamknij naradę i wydaj protokół', en: 'Close the meeting and issue the protocol' },
  'coord.conclusion': { pl: 'Wnioski do protokołu', en: 'Conclusions for the protocol' },
  'coord.withdraw': { pl: 'Wycofaj wniosek', en: 'Withdraw the request' },
  'coord.outcome': { pl: 'Wynik', en: 'Outcome' },
  'coord.distance': { pl: 'odległość', en: 'distance' },
  'coord.required': { pl: 'wymagana', en: 'required' },
  'coord.kind.crossing': { pl: 'skrzyżowanie', en: 'crossing' },
  'coord.kind.too_close': { pl: 'zbliżenie', en: 'too close' },
  'coord.kind.building': { pl: 'budynek', en: 'building' },
  'coord.kind.tree': { pl: 'drzewo (strefa korzeni)', en: 'tree (root zone)' },
  'coord.vertical': { pl: 'odległość w pionie', en: 'vertical clearance' },
  'coord.depthUnknown': { pl: 'głębokość nieznana – odległości w pionie nie sprawdzono', en: 'depth unknown – the vertical clearance was not checked' },
  'coord.noRequired': { pl: 'brak wymaganej wartości w tabeli', en: 'no required value in the table' },
  'coord.unverified': { pl: 'wartość niezweryfikowana ze źródłem', en: 'value not verified against its source' },
  'coord.depths': { pl: 'głębokość projektu / przewodu', en: 'depth of the design / the line' },
  'coord.toAxis': { pl: 'do osi (średnica nieznana)', en: 'to the axis (diameter unknown)' },
  'coord.position': { pl: 'Stanowisko', en: 'Position' },
  jobQueued: { pl: 'W kolejce', en: 'Queued' },
  jobRunning: { pl: 'Przygotowywanie', en: 'Preparing' },
  jobDone: { pl: 'Gotowe', en: 'Ready' },
  jobFailed: { pl: 'Błąd', en: 'Failed' },
  jobCancelled: { pl: 'Anulowane', en: 'Cancelled' },
  jobExpired: { pl: 'Wygasło', en: 'Expired' },
  outputCrs: { pl: 'Układ współrzędnych pliku', en: 'Coordinate system of the file' },
  getFile: { pl: 'Pobierz plik', en: 'Get the file' },
  noArea: { pl: 'Najpierw wskaż obszar: narysuj wielokąt lub zaznacz arkusze.', en: 'Choose an area first: draw a polygon or select sheets.' },
  view3dHint: { pl: 'Budynki istniejące i projektowane w 3D z analizą zacienienia.', en: 'Existing and planned buildings in 3D with a shadow study.' },
  open3dPlanned: { pl: 'Widok 3D i analiza zacienienia', en: '3D view and shadow study' },
  'landing.view3d': { pl: 'Widok 3D miasta', en: '3D city view' },
  'landing.view3dText': {
    pl: 'Teren, budynki istniejące i projektowane (z pozwoleń na budowę) oraz zieleń w 3D; słońce dla wybranego dnia i godziny oraz analiza utraty nasłonecznienia działek sąsiednich.',
    en: 'Terrain, existing and planned buildings (from building permits) and trees in 3D; the sun for a chosen day and hour, and the sunlight lost by neighbouring parcels.',
  },
  open3d: { pl: 'Otwórz widok 3D tego miejsca', en: 'Open the 3D view of this place' },
  copied: { pl: 'Link skopiowany do schowka.', en: 'Link copied to the clipboard.' },
  scale: { pl: 'Skala', en: 'Scale' },
  cursor: { pl: 'Kursor', en: 'Cursor' },
  login: { pl: 'Zaloguj', en: 'Log in' },
  account: { pl: 'Konto', en: 'Account' },
  role: { pl: 'rola', en: 'role' },
  anonymous: { pl: 'dostęp publiczny', en: 'public access' },
} satisfies Record<string, Text>;

export type WordKey = keyof typeof WORDS;
/** The words of the coordination cases' tool, without their `coord.` prefix. */
export type CoordWord = WordKey extends infer K ? (K extends `coord.${infer R}` ? R : never) : never;

const STORAGE_KEY = 'sip-lang';
let current: Lang = initialLang();
const listeners = new Set<() => void>();

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'pl') return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'pl') return stored;
  } catch { /* storage blocked */ }
  return 'pl';
}

export function lang(): Lang { return current; }

/** A word of the interface in the current language. */
export function t(key: WordKey): string { return WORDS[key][current]; }

/** A text of the catalogue in the current language. */
export function tr(text: Text | undefined): string { return text ? text[current] : ''; }

export function setLang(next: Lang): void {
  current = next;
  document.documentElement.lang = next;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* storage blocked */ }
  applyStatic();
  for (const f of listeners) f();
}

export function onLangChange(f: () => void): void { listeners.add(f); }

/** Fills every element marked data-i18n="key" with its word. */
export function applyStatic(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    const key = el.dataset.i18n as WordKey;
    if (key in WORDS) el.textContent = t(key);
  });
}

/** The language switch button for a header. */
export function langSwitch(): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = 'lang-switch';
  const render = () => { b.textContent = t('switchLang'); b.setAttribute('aria-label', t('switchLangLabel')); b.lang = current === 'pl' ? 'en' : 'pl'; };
  render();
  onLangChange(render);
  b.addEventListener('click', () => setLang(current === 'pl' ? 'en' : 'pl'));
  return b;
}

export function formatNumber(n: number, digits: number): string {
  return n.toLocaleString(current === 'pl' ? 'pl-PL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
