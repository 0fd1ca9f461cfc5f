// Attribute values as text, the same in every format: ISO dates, plain numbers.
export function valueText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  return String(value);
}

/** A JSON-safe value: Dates become ISO strings. */
export function jsonValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}
