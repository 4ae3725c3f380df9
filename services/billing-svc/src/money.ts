/**
 * Money as YooKassa writes it, `{value: "990.00", currency: "RUB"}`, and as billing-svc keeps it:
 * whole kopecks in a bigint column, so no sum is ever off by floating-point rounding.
 */
export interface Amount {
  value: string;
  currency: 'RUB';
}

/** "990.00", "990.5", "990": at most two decimals, no sign, no exponent. */
export const RUB_AMOUNT_PATTERN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** Kopecks from YooKassa's decimal string; null when it is not one. */
export function parseRub(value: string): number | null {
  const match = RUB_AMOUNT_PATTERN.exec(value);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

export function formatRub(kopecks: number): string {
  return `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
}

export const rub = (kopecks: number): Amount => ({ value: formatRub(kopecks), currency: 'RUB' });
