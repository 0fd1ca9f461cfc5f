// The plan of a paid order's release (pure): the producers' parts of every item — one job per map sheet, one per data
// set — and the signed licence only when something in the order was paid for; a material without a producer still
// gets its job (it fails with the reason, and the order waits for the office).
import { describe, expect, it } from 'vitest';
import { releasePlan } from '../../server/services/orders/release.ts';
import type { OrderItem } from '../../server/orders/store.ts';

const item = (lp: number, material: string, amountGr: number, subject: Record<string, unknown>): OrderItem => ({
  lp, material, postac: 'elektroniczna', subject, quantity: 1, unit: 'szt.', rateGr: amountGr, amountGr, tariffVersion: '2020-07-31',
  tariffRow: 'x', legalBasis: 'x', explanation: 'x',
});

describe('releasePlan', () => {
  it('splits sheets into one job each, adds the licence for a paid order, keeps items without a producer', () => {
    const plan = releasePlan({ items: [
      item(1, 'sheet', 4000, { sheets: ['6.177.11.10.2.1', '6.177.11.10.2.2'] }),
      item(2, 'extract', 400, { dataset: 'gesut', area: { bbox: [1, 2, 3, 4] } }),
      item(3, 'model3d', 0, { area: { bbox: [1, 2, 3, 4] } }),
    ] });
    expect(plan.map((j) => [j.lp, j.part])).toEqual([[0, 'licencja'], [1, '6.177.11.10.2.1'], [1, '6.177.11.10.2.2'], [2, 'gesut'], [3, 'model3d']]);
  });

  it('needs no licence when every item is free by law (art. 40c ust. 5)', () => {
    const plan = releasePlan({ items: [item(1, 'nmt', 0, { area: { bbox: [1, 2, 3, 4] } })] });
    expect(plan.map((j) => [j.lp, j.part])).toEqual([[1, 'nmt']]);
  });
});
