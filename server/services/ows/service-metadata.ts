// Who runs the service and on what terms: written once, read by every capabilities document and landing page. The
// terms (Fees, AccessConstraints) come from the decision table of catalog/terms.ts.
import { accessConstraintsText, feesText } from '../../catalog/terms.ts';

export const SERVICE_METADATA = {
  title: { pl: 'SIP Poznań – usługi danych przestrzennych', en: 'SIP Poznań – spatial data services' },
  abstract: {
    pl: 'Ewidencja gruntów i budynków (EGiB), sieci uzbrojenia terenu (GESUT), budynki projektowane i inwentaryzacja zieleni miasta Poznania. Układ PL-2000 strefa 6 (EPSG:2177), wysokości PL-EVRF2007-NH.',
    en: 'Land and building register (EGiB), utility networks (GESUT), planned buildings and the tree inventory of the City of Poznań. CRS PL-2000 zone 6 (EPSG:2177), heights PL-EVRF2007-NH.',
  },
  keywords: ['EGiB', 'GESUT', 'SIP', 'Poznań', 'INSPIRE', 'działki', 'budynki', 'uzbrojenie terenu'],
  fees: feesText(),
  accessConstraints: accessConstraintsText(),
  provider: {
    name: 'Miasto Poznań – Geodeta Miasta',
    site: 'https://sip.poznan.pl/',
    contactName: 'Wydział Geodezji i Kartografii',
    position: 'Administrator SIP',
    phone: '+48 61 000 00 00',
    street: 'ul. Gronowa 20',
    city: 'Poznań',
    postcode: '61-655',
    country: 'Polska',
    email: 'sip@poznan.pl',
  },
} as const;
