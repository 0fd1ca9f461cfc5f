// The order state machine (server/orders/states.ts): the changes issue 17 names, and no others.
import { describe, expect, it } from 'vitest';
import { ORDER_STATES, canChange, isFinal } from '../../server/orders/states.ts';

describe('order states', () => {
  it('follows złożone → DOO wystawiony → opłacone → zrealizowane', () => {
    expect(canChange('złożone', 'DOO wystawiony')).toBe(true);
    expect(canChange('DOO wystawiony', 'opłacone')).toBe(true);
    expect(canChange('opłacone', 'zrealizowane')).toBe(true);
  });
  it('cancels or lapses only unpaid orders; final states stay final', () => {
    expect(canChange('DOO wystawiony', 'anulowane')).toBe(true);
    expect(canChange('DOO wystawiony', 'wygasłe')).toBe(true);
    expect(canChange('opłacone', 'anulowane')).toBe(false);
    expect(canChange('złożone', 'zrealizowane')).toBe(false);
    expect(canChange('DOO wystawiony', 'złożone')).toBe(false);
    for (const s of ['zrealizowane', 'anulowane', 'wygasłe'] as const) {
      expect(isFinal(s)).toBe(true);
      for (const t of ORDER_STATES) expect(canChange(s, t)).toBe(false);
    }
  });
});
