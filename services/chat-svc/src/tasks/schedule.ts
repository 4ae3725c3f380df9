import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Cron's day-of-week numbers (Sunday is 0). */
const cronDay: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** An IANA zone the runtime knows ("Europe/Berlin"); "Mars/Olympus" is refused, not run in UTC. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a known IANA time zone, e.g. "Europe/Berlin" or "UTC"' },
  );

/** Five fields (minute hour day month weekday); a seconds field would let one task run every second. */
const cronExpression = z
  .string()
  .trim()
  .min(9)
  .max(100)
  .refine((expression) => expression.split(/\s+/).length === 5, {
    message: 'a cron expression has five fields: minute hour day-of-month month day-of-week',
  })
  .refine(
    (expression) => {
      try {
        CronExpressionParser.parse(expression, { strict: false });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid cron expression' },
  );

/**
 * When a task runs. `weekly` is what people say ("every weekday at 8:00 in my time zone"),
 * `cron` is for the rest, `interval` repeats every N seconds (bounded below by config, so a
 * deployment decides how often a model may be called), `once` runs at one instant (reminders).
 */
export function scheduleSchema(minIntervalSeconds: number) {
  return z.discriminatedUnion('type', [
    z.object({
      type: z.literal('weekly'),
      days: z
        .array(z.enum(weekdays))
        .min(1)
        .max(7)
        .refine((days) => new Set(days).size === days.length, { message: 'a day is listed twice' }),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM on a 24-hour clock'),
      timezone: timeZone,
    }),
    z.object({ type: z.literal('cron'), expression: cronExpression, timezone: timeZone }),
    z.object({
      type: z.literal('interval'),
      everySeconds: z
        .number()
        .int()
        .min(minIntervalSeconds, `at least ${minIntervalSeconds} seconds between runs`)
        .max(366 * 24 * 3600),
    }),
    z.object({ type: z.literal('once'), at: z.iso.datetime({ offset: true }) }),
  ]);
}

export type Schedule = z.infer<ReturnType<typeof scheduleSchema>>;

/** The cron pattern and zone of a calendar schedule; null for interval and once. */
function cronOf(schedule: Schedule): { pattern: string; tz: string } | null {
  if (schedule.type === 'weekly') {
    const [hour, minute] = schedule.time.split(':').map(Number);
    const days = schedule.days.map((day) => cronDay[day]).sort((a, b) => a - b);
    return { pattern: `${minute} ${hour} * * ${days.join(',')}`, tz: schedule.timezone };
  }
  if (schedule.type === 'cron') return { pattern: schedule.expression, tz: schedule.timezone };
  return null;
}

/** BullMQ's repeat options for a repeating schedule; null for `once` (a delayed job instead). */
export function repeatOptionsOf(
  schedule: Schedule,
): { pattern: string; tz: string } | { every: number } | null {
  if (schedule.type === 'interval') return { every: schedule.everySeconds * 1_000 };
  return cronOf(schedule);
}
