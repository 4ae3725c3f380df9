/** Calendar dates as ISO "YYYY-MM-DD" strings, computed in UTC so every replica agrees. */

export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export const toIsoDate = (time: number): string => new Date(time).toISOString().slice(0, 10);

export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

export const addDays = (date: string, days: number): string => toIsoDate((dayNumber(date) + days) * DAY_MS);

/** Days from `from` to `to` (0 for the same day; negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** Every date from start to end, both included. */
export function datesFrom(start: string, end: string): string[] {
  const count = daysBetween(start, end) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => addDays(start, index));
}

/**
 * The earliest date a trip may start on. "Today" differs by time zone (UTC-12 to UTC+14), so
 * yesterday in UTC is still accepted: someone in Honolulu planning a trip from today is not told
 * their date is in the past.
 */
export const earliestStart = (now: number): string => addDays(toIsoDate(now), -1);
