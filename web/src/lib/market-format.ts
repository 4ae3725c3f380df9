/** Numbers on the Finance pages, in the reader's language; a missing figure is a dash. */

const DASH = '—';
const fixed = new Map<number, Intl.NumberFormat>();
const decimals = (digits: number) => {
  let format = fixed.get(digits);
  if (!format) {
    format = new Intl.NumberFormat(undefined, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    fixed.set(digits, format);
  }
  return format;
};
const compactFormat = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 });

/** 227.52 */
export const formatPrice = (value: number | null | undefined) =>
  value === null || value === undefined ? DASH : decimals(2).format(value);

/** +1.24, −0.62 (a real minus sign, so the sign reads even where colour does not) */
export function formatSigned(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return DASH;
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  return `${sign}${decimals(digits).format(Math.abs(value))}`;
}

/** +1.24% */
export const formatPercent = (value: number | null | undefined) =>
  value === null || value === undefined ? DASH : `${formatSigned(value)}%`;

/** 3.41T, 52.31M */
export const formatCompact = (value: number | null | undefined) =>
  value === null || value === undefined ? DASH : compactFormat.format(value);

/** The class that colours a change: up, down, or nothing for none. */
export const direction = (value: number | null | undefined) =>
  value === null || value === undefined || value === 0 ? '' : value > 0 ? 'up' : 'down';

/** "rose 1.24%" / "fell 0.62%", for screen readers and chart descriptions. */
export function spokenChange(percent: number | null | undefined): string {
  if (percent === null || percent === undefined) return 'change unknown';
  if (percent === 0) return 'unchanged';
  return `${percent > 0 ? 'up' : 'down'} ${decimals(2).format(Math.abs(percent))}%`;
}
