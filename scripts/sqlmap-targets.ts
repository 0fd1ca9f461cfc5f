// The requests sqlmap attacks (test/security/sqlmap.test.ts in CI, scripts/sqlmap.ts by hand): WFS KVP, OGC API –
// Features query parameters and CQL2 filter, the search. Each target names the parameters to inject into.
export interface SqlmapTarget {
  name: string;
  path: string;
  params: string[];
  /**
   * The parameter is itself a query language (CQL2): `x='1' AND 8124=8124` is a valid filter whose result differs
   * from `… AND 8124=8125`, which sqlmap reports as "boolean-based blind". What must hold there is that no SQL reaches
   * the database: sqlmap cannot fingerprint any DBMS, and no error, UNION, stacked or time-based injection is found.
   */
  queryLanguage?: boolean;
}

export const SQLMAP_TARGETS: readonly SqlmapTarget[] = [
  {
    name: 'WFS GetFeature',
    path: "/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=egib:dzialki&COUNT=5&OUTPUTFORMAT=application/json&PROPERTYNAME=numerDzialki&SORTBY=numerDzialki&RESOURCEID=dzialki.1",
    params: ['TYPENAMES', 'COUNT', 'PROPERTYNAME', 'SORTBY', 'RESOURCEID'],
  },
  {
    name: 'WFS GetPropertyValue',
    path: "/ows?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetPropertyValue&TYPENAMES=egib:dzialki&VALUEREFERENCE=numerDzialki&COUNT=5&STARTINDEX=0",
    params: ['VALUEREFERENCE', 'STARTINDEX'],
  },
  {
    name: 'OGC API items',
    path: "/ogcapi/collections/dzialki/items?numerDzialki=1&limit=5&offset=0&sortby=numerDzialki&bbox=16.9,52.39,16.95,52.42&crs=http://www.opengis.net/def/crs/EPSG/0/2177",
    params: ['numerDzialki', 'limit', 'offset', 'sortby', 'bbox', 'crs'],
  },
  {
    name: 'OGC API CQL2 filter',
    path: "/ogcapi/collections/dzialki/items?limit=5&filter=numerDzialki%3D'1'",
    params: ['filter'],
    queryLanguage: true,
  },
  {
    name: 'search',
    path: '/api/search?q=Garbary&limit=5&kinds=street',
    params: ['q', 'limit', 'kinds'],
  },
];

/** Whether sqlmap reached SQL: a DBMS fingerprinted, or a technique other than boolean logic. */
export function sqlmapExploited(output: string): boolean {
  return /back-end DBMS: /i.test(output) || /Type: (error-based|UNION query|stacked queries|time-based blind)/i.test(output);
}

/** Whether sqlmap's output reports an injection. */
export function sqlmapFound(output: string): boolean {
  return /identified the following injection point|is vulnerable|appears to be '[^']+' injectable/i.test(output)
    && !/do not appear to be injectable/i.test(output.split(/identified the following injection point/i)[0] ?? '');
}

export function sqlmapArgs(url: string, params: readonly string[], outputDir: string, full: boolean): string[] {
  return [
    '-u', url, '-p', params.join(','), '--batch', '--flush-session', '--disable-coloring', `--output-dir=${outputDir}`,
    '--level', full ? '3' : '1', '--risk', full ? '2' : '1',
    // CI: boolean, error and union based (time-based blind costs seconds per payload); by hand: every technique.
    '--technique', full ? 'BEUSTQ' : 'BEU', '--dbms=PostgreSQL', '--timeout=30', '--retries=1',
  ];
}
