// The back office's list filter (services/office/handlers.ts readFilter → orders/office.ts filterSql): the query's
// fields become bound parameters of fixed SQL fragments; unknown states, portals and bad dates are Polish problems
// and are left out of the filter; LIKE wildcards typed by a person match themselves.
import { describe, expect, it } from 'vitest';
import { readFilter } from '../../server/services/office/handlers.ts';
import { filterSql } from '../../server/orders/office.ts';

describe('readFilter and filterSql', () => {
  it('binds every value', () => {
    const { filter, page, problems } = readFilter({ stan: 'opłacone', portal: 'geodeci', od: '2026-12-01', do: '2026-12-31', numer: 'DOO/2026', zamawiajacy: "O'Brien%_", strona: '3' });
    expect(problems).toEqual([]);
    expect(page).toBe(3);
    const { where, params } = filterSql(filter);
    expect(params).toEqual(['opłacone', 'geodeci', '2026-12-01', '2026-12-31', '%DOO/2026%', "%O'Brien\\%\\_%"]);
    expect(where).not.toContain("O'Brien");
    expect(where.match(/\$\d+/g)!.length).toBeGreaterThanOrEqual(6);
  });

  it('reports bad values in Polish and leaves them out', () => {
    const { filter, page, problems } = readFilter({ stan: 'zapłacone', portal: 'x', od: '2026-02-30x', do: '2026-01-01', strona: '-1' });
    expect(problems).toEqual(['Nieznany stan „zapłacone”.', 'Nieznany portal „x”.', 'Data „2026-02-30x” nie jest datą (RRRR-MM-DD).']);
    expect(filter).toEqual({ to: '2026-01-01' });
    expect(page).toBe(1);
    expect(readFilter({ do: '2026-02-30' }).problems).toEqual(['Data „2026-02-30” nie jest datą (RRRR-MM-DD).']);
    expect(readFilter({ od: '2026-02-01', do: '2026-01-01' }).problems).toEqual(['Data początkowa jest późniejsza niż końcowa.']);
    expect(filterSql({})).toEqual({ where: '', params: [] });
  });
});
