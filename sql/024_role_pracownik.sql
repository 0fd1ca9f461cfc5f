-- The office's staff (pracownik ośrodka dokumentacji geodezyjnej i kartograficznej): the back office of orders,
-- survey-work notifications and coordination cases (catalog/roles.ts OFFICE_ROLES). They keep the register and so
-- see owners' data (the register is kept by the starosta, here the city's president through the office: art. 22 ust. 2 ustawy – Prawo geodezyjne i kartograficzne). Granted only by the administrator.
INSERT INTO portal.role (kod, nazwa, "daneOsobowe") VALUES ('pracownik', 'Pracownik ośrodka', true)
ON CONFLICT (kod) DO NOTHING;
