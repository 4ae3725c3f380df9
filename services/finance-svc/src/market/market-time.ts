/**
 * US markets keep New York time, and so do FMP's timestamps ("2025-02-04 15:55:00" carries no
 * zone). These helpers turn them into UTC instants and pick calendar days in New York, without a
 * date library: Intl knows the zone's daylight-saving rules.
 */
const newYork = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function newYorkParts(ms: number): Parts {
  const parts: Record<string, number> = {};
  for (const part of newYork.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as unknown as Parts;
}

/** How far New York's wall clock is ahead of UTC at an instant (negative: -4 h or -5 h). */
function offsetMs(ms: number): number {
  const p = newYorkParts(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (ms % 1000));
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * "2025-02-04 15:55:00" (New York wall clock) → "2025-02-04T20:55:00.000Z". A date alone means
 * the 16:00 close of that day. Null for anything else.
 */
export function newYorkToIso(local: string): string | null {
  const match = localPattern.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    h === undefined ? 16 : Number(h),
    Number(mi ?? 0),
    Number(s ?? 0),
  );
  // Two passes settle the offset even on the days the clocks change.
  let instant = wall - offsetMs(wall);
  instant = wall - offsetMs(instant);
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}

/** Today's date in New York, "YYYY-MM-DD". */
export function newYorkToday(nowMs: number): string {
  const p = newYorkParts(nowMs);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** A calendar date moved by days, months or years ("2024-03-31" minus one month is "2024-02-29"). */
export function shiftDate(date: string, by: { days?: number; months?: number; years?: number }): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const targetMonth = month - 1 + (by.months ?? 0) + 12 * (by.years ?? 0);
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  const shifted = Date.UTC(year, targetMonth, Math.min(day, lastDay)) + (by.days ?? 0) * 86_400_000;
  return new Date(shifted).toISOString().slice(0, 10);
}
