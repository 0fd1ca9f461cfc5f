-- Orders of materials from the geodetic resource: the order, its items (each with the tariff row it was charged by)
-- and its history (every change of state, who made it and why). Order and DOO numbers come from sequences, so they
-- are unique whatever worker or host issues them, and survive restarts.
CREATE SEQUENCE IF NOT EXISTS portal.zamowienia_numer_seq;
COMMENT ON SEQUENCE portal.zamowienia_numer_seq IS 'Kolejne numery zamówień (ZAM/rok/n)';
CREATE SEQUENCE IF NOT EXISTS portal.doo_numer_seq;
COMMENT ON SEQUENCE portal.doo_numer_seq IS 'Kolejne numery Dokumentów Obliczenia Opłaty (DOO/rok/n)';

CREATE TABLE IF NOT EXISTS portal.zamowienia (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  numer               text NOT NULL UNIQUE,
  stan                text NOT NULL DEFAULT 'złożone'
                      CHECK (stan IN ('złożone', 'DOO wystawiony', 'opłacone', 'zrealizowane', 'anulowane', 'wygasłe')),
  uzytkownik_id       integer REFERENCES portal.uzytkownicy (id) ON DELETE SET NULL,
  email               text,
  rola                text NOT NULL,
  "daneOsobowe"       boolean NOT NULL,
  platnik             text NOT NULL,
  "adresPlatnika"     text,
  cel                 text,
  portal              text NOT NULL DEFAULT 'klienci',
  "wersjaTaryfy"      date NOT NULL,
  "kwotaGr"           integer NOT NULL CHECK ("kwotaGr" >= 0),
  "numerDOO"          text UNIQUE,
  "dataDOO"           timestamptz,
  "terminPlatnosci"   timestamptz,
  "tokenHash"         bytea,
  utworzono           timestamptz NOT NULL DEFAULT now(),
  zmieniono           timestamptz NOT NULL DEFAULT now(),
  CHECK (uzytkownik_id IS NOT NULL OR email IS NOT NULL OR stan IN ('anulowane', 'wygasłe', 'zrealizowane')),
  CHECK (("numerDOO" IS NULL) = ("dataDOO" IS NULL))
);
COMMENT ON TABLE portal.zamowienia IS 'Zamówienia materiałów państwowego zasobu geodezyjnego i kartograficznego';
COMMENT ON COLUMN portal.zamowienia.id IS 'Identyfikator zamówienia (nieodgadywalny, w adresie /api/orders/{id})';
COMMENT ON COLUMN portal.zamowienia.numer IS 'Numer zamówienia ZAM/rok/n (z sekwencji)';
COMMENT ON COLUMN portal.zamowienia.stan IS 'Stan: złożone → DOO wystawiony → opłacone → zrealizowane; anulowane; wygasłe';
COMMENT ON COLUMN portal.zamowienia.uzytkownik_id IS 'Zamawiający użytkownik portalu (pusty dla zamówienia anonimowego)';
COMMENT ON COLUMN portal.zamowienia.email IS 'Adres e-mail zamawiającego (wymagany dla zamówienia anonimowego)';
COMMENT ON COLUMN portal.zamowienia.rola IS 'Rola zamawiającego w chwili zamówienia';
COMMENT ON COLUMN portal.zamowienia."daneOsobowe" IS 'Czy zamawiający jest uprawniony do danych osobowych właścicieli (catalog/roles.ts)';
COMMENT ON COLUMN portal.zamowienia.platnik IS 'Nazwa płatnika (imię i nazwisko albo firma) do DOO';
COMMENT ON COLUMN portal.zamowienia."adresPlatnika" IS 'Adres płatnika do DOO';
COMMENT ON COLUMN portal.zamowienia.cel IS 'Cel, w jakim zamawiający wykorzysta materiały (do licencji)';
COMMENT ON COLUMN portal.zamowienia.portal IS 'Portal, z którego złożono zamówienie';
COMMENT ON COLUMN portal.zamowienia."wersjaTaryfy" IS 'Wersja taryfy, według której obliczono opłatę';
COMMENT ON COLUMN portal.zamowienia."kwotaGr" IS 'Opłata łącznie w groszach';
COMMENT ON COLUMN portal.zamowienia."numerDOO" IS 'Numer Dokumentu Obliczenia Opłaty DOO/rok/n (tytuł przelewu)';
COMMENT ON COLUMN portal.zamowienia."dataDOO" IS 'Data wystawienia DOO';
COMMENT ON COLUMN portal.zamowienia."terminPlatnosci" IS 'Termin zapłaty; po nim zamówienie wygasa';
COMMENT ON COLUMN portal.zamowienia."tokenHash" IS 'SHA-256 tokenu dostępu zamawiającego anonimowego (sam token tylko w odpowiedzi)';
COMMENT ON COLUMN portal.zamowienia.utworzono IS 'Czas złożenia zamówienia';
COMMENT ON COLUMN portal.zamowienia.zmieniono IS 'Czas ostatniej zmiany stanu';
CREATE INDEX IF NOT EXISTS zamowienia_uzytkownik_idx ON portal.zamowienia (uzytkownik_id);
CREATE INDEX IF NOT EXISTS zamowienia_stan_idx ON portal.zamowienia (stan, "terminPlatnosci");

CREATE TABLE IF NOT EXISTS portal.zamowienia_pozycje (
  zamowienie_id       uuid NOT NULL REFERENCES portal.zamowienia (id) ON DELETE CASCADE,
  lp                  integer NOT NULL CHECK (lp > 0),
  material            text NOT NULL,
  postac              text NOT NULL CHECK (postac IN ('elektroniczna', 'nieelektroniczna')),
  przedmiot           jsonb NOT NULL,
  ilosc               numeric NOT NULL CHECK (ilosc > 0),
  jednostka           text NOT NULL,
  "stawkaGr"          integer NOT NULL,
  "kwotaGr"           integer NOT NULL CHECK ("kwotaGr" >= 0),
  "wersjaTaryfy"      date NOT NULL,
  "wierszTaryfy"      text NOT NULL,
  podstawa            text NOT NULL,
  wyliczenie          text NOT NULL,
  PRIMARY KEY (zamowienie_id, lp),
  FOREIGN KEY ("wersjaTaryfy", "wierszTaryfy") REFERENCES portal.taryfa (wersja, id)
);
COMMENT ON TABLE portal.zamowienia_pozycje IS 'Pozycje zamówienia z opłatą i jej podstawą prawną';
COMMENT ON COLUMN portal.zamowienia_pozycje.zamowienie_id IS 'Zamówienie';
COMMENT ON COLUMN portal.zamowienia_pozycje.lp IS 'Liczba porządkowa pozycji';
COMMENT ON COLUMN portal.zamowienia_pozycje.material IS 'Materiał (wypis, wyrys, wypis_wyrys, sheet, extract, nmt, model3d …)';
COMMENT ON COLUMN portal.zamowienia_pozycje.postac IS 'Postać materiału';
COMMENT ON COLUMN portal.zamowienia_pozycje.przedmiot IS 'Czego dotyczy pozycja: działki, arkusze, zbiór danych, obszar (JSON)';
COMMENT ON COLUMN portal.zamowienia_pozycje.ilosc IS 'Liczba jednostek rozliczeniowych';
COMMENT ON COLUMN portal.zamowienia_pozycje.jednostka IS 'Jednostka rozliczeniowa';
COMMENT ON COLUMN portal.zamowienia_pozycje."stawkaGr" IS 'Stawka podstawowa w groszach';
COMMENT ON COLUMN portal.zamowienia_pozycje."kwotaGr" IS 'Opłata za pozycję w groszach';
COMMENT ON COLUMN portal.zamowienia_pozycje."wersjaTaryfy" IS 'Wersja taryfy';
COMMENT ON COLUMN portal.zamowienia_pozycje."wierszTaryfy" IS 'Wiersz taryfy, według którego obliczono opłatę';
COMMENT ON COLUMN portal.zamowienia_pozycje.podstawa IS 'Podstawa prawna (akt, tabela/artykuł, wersja)';
COMMENT ON COLUMN portal.zamowienia_pozycje.wyliczenie IS 'Sposób wyliczenia opłaty albo powód zwolnienia';

CREATE TABLE IF NOT EXISTS portal.zamowienia_historia (
  id                  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  zamowienie_id       uuid NOT NULL REFERENCES portal.zamowienia (id) ON DELETE CASCADE,
  czas                timestamptz NOT NULL DEFAULT now(),
  "stanPoprzedni"     text,
  stan                text NOT NULL,
  uzytkownik_id       integer REFERENCES portal.uzytkownicy (id) ON DELETE SET NULL,
  kto                 text NOT NULL,
  powod               text
);
COMMENT ON TABLE portal.zamowienia_historia IS 'Historia zamówień: każda zmiana stanu z autorem i powodem';
COMMENT ON COLUMN portal.zamowienia_historia.id IS 'Klucz techniczny';
COMMENT ON COLUMN portal.zamowienia_historia.zamowienie_id IS 'Zamówienie';
COMMENT ON COLUMN portal.zamowienia_historia.czas IS 'Czas zmiany';
COMMENT ON COLUMN portal.zamowienia_historia."stanPoprzedni" IS 'Stan przed zmianą (pusty przy złożeniu)';
COMMENT ON COLUMN portal.zamowienia_historia.stan IS 'Stan po zmianie';
COMMENT ON COLUMN portal.zamowienia_historia.uzytkownik_id IS 'Kto zmienił (użytkownik portalu), jeśli zalogowany';
COMMENT ON COLUMN portal.zamowienia_historia.kto IS 'Kto zmienił: login, e-mail zamawiającego albo system';
COMMENT ON COLUMN portal.zamowienia_historia.powod IS 'Powód zmiany';
CREATE INDEX IF NOT EXISTS zamowienia_historia_zamowienie_idx ON portal.zamowienia_historia (zamowienie_id, czas);
