// One mapping of PostgreSQL types to JavaScript values for both database modes, so that results
// (and everything formatted from them) are identical whichever database runs.
export const PG_TYPE = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

/** bigint counts fit a double up to 2^53; numeric values are measurements, not money. */
export const valueParsers: Record<number, (text: string) => unknown> = {
  [PG_TYPE.INT8]: (text) => Number(text),
  [PG_TYPE.NUMERIC]: (text) => Number(text),
  // A date is a calendar day, not an instant: keep the ISO text instead of a local-midnight Date.
  [PG_TYPE.DATE]: (text) => text,
};
