// The states of an order and the changes allowed between them (pure). An order is placed (złożone), the office
// issues its payment document (DOO wystawiony), the payment arrives (opłacone), the materials are released
// (zrealizowane); it may be cancelled before it is paid (anulowane) or lapse when the DOO's term passes unpaid
// (wygasłe). A free order (every line free by law) needs no DOO and goes from złożone straight to opłacone.
export const ORDER_STATES = ['złożone', 'DOO wystawiony', 'opłacone', 'zrealizowane', 'anulowane', 'wygasłe'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

const NEXT: Record<OrderState, readonly OrderState[]> = {
  'złożone': ['DOO wystawiony', 'opłacone', 'anulowane'],
  'DOO wystawiony': ['opłacone', 'anulowane', 'wygasłe', 'DOO wystawiony'], // a corrected DOO stays in its state
  'opłacone': ['zrealizowane'],
  'zrealizowane': [],
  'anulowane': [],
  'wygasłe': [],
};

export function canChange(from: OrderState, to: OrderState): boolean {
  return NEXT[from].includes(to);
}

export function isFinal(state: OrderState): boolean {
  return NEXT[state].length === 0;
}
