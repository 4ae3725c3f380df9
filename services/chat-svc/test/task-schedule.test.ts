import { describe, expect, it } from 'vitest';
import { excerptOf, uuidFor } from '../src/tasks/run-task.ts';
import { repeatOptionsOf, scheduleSchema } from '../src/tasks/schedule.ts';

const schedule = scheduleSchema(3_600);

describe('task schedules', () => {
  it('turns "every weekday at 8:00 in my time zone" into a cron pattern in that zone', () => {
    const weekdays = schedule.parse({
      type: 'weekly',
      days: ['fri', 'mon', 'tue', 'wed', 'thu'],
      time: '08:00',
      timezone: 'Europe/Berlin',
    });
    expect(repeatOptionsOf(weekdays)).toEqual({ pattern: '0 8 * * 1,2,3,4,5', tz: 'Europe/Berlin' });
    const sunday = schedule.parse({ type: 'weekly', days: ['sun'], time: '23:59', timezone: 'UTC' });
    expect(repeatOptionsOf(sunday)).toEqual({ pattern: '59 23 * * 0', tz: 'UTC' });
  });

  it('passes cron and intervals through, and leaves one-offs to a delayed job', () => {
    const cron = schedule.parse({ type: 'cron', expression: '30 6 1 * *', timezone: 'Asia/Tokyo' });
    expect(repeatOptionsOf(cron)).toEqual({ pattern: '30 6 1 * *', tz: 'Asia/Tokyo' });
    expect(repeatOptionsOf(schedule.parse({ type: 'interval', everySeconds: 7_200 }))).toEqual({
      every: 7_200_000,
    });
    expect(repeatOptionsOf(schedule.parse({ type: 'once', at: '2030-01-01T08:00:00+01:00' }))).toBeNull();
  });

  it('refuses what would never run or would run too often', () => {
    for (const bad of [
      { type: 'weekly', days: [], time: '08:00', timezone: 'UTC' },
      { type: 'weekly', days: ['mon', 'mon'], time: '08:00', timezone: 'UTC' },
      { type: 'weekly', days: ['someday'], time: '08:00', timezone: 'UTC' },
      { type: 'weekly', days: ['mon'], time: '24:00', timezone: 'UTC' },
      { type: 'weekly', days: ['mon'], time: '8:00', timezone: 'UTC' },
      { type: 'weekly', days: ['mon'], time: '08:00', timezone: 'Mars/Olympus' },
      { type: 'cron', expression: '* * * * * *', timezone: 'UTC' },
      { type: 'cron', expression: '61 8 * * *', timezone: 'UTC' },
      { type: 'cron', expression: 'every day', timezone: 'UTC' },
      { type: 'interval', everySeconds: 60 },
      { type: 'interval', everySeconds: 1.5 },
      { type: 'once', at: 'tomorrow' },
      { type: 'sometimes' },
    ]) {
      expect(schedule.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('what a run derives', () => {
  it('gives the same valid UUID for the same name and another for another', () => {
    const id = uuidFor('task-run-thread:1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFor('task-run-thread:1')).toBe(id);
    expect(uuidFor('task-run-thread:2')).not.toBe(id);
  });

  it('shows the answer’s opening without citation marks, cut at a word', () => {
    expect(excerptOf('Solar panels convert light [1] into  electricity [2].')).toBe(
      'Solar panels convert light into electricity.',
    );
    const long = excerptOf(`${'word '.repeat(100)}end`);
    expect(long.length).toBeLessThanOrEqual(281);
    expect(long.endsWith('word…')).toBe(true);
  });
});
