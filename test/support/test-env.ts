// Settings every test server starts with unless its test says otherwise. DOWNLOAD_TERMS=open: the protocol and client
// suites download the sample data's charged layers (GESUT, all EGiB attributes) anonymously, as a deployment whose
// data are not materials of the geodetic resource may; the product's default (tariff, the law) is covered by
// test/integration/download-terms.test.ts, which sets DOWNLOAD_TERMS=tariff itself.
export const TEST_ENV: Readonly<Record<string, string>> = Object.freeze({ DOWNLOAD_TERMS: 'open' });
