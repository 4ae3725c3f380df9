import { describe, expect, it } from 'vitest';
import { ApiFailure, failureFrom } from '../src/api/errors.ts';
import { isSymbol } from '../src/api/finance.ts';
import { safeEmbedUrl } from '../src/api/media.ts';
import { daysInWords, scheduleInWords } from '../src/api/tasks.ts';
import { describeFieldError } from '../src/lib/field-names.ts';
import { formatDuration, spokenDuration } from '../src/lib/format.ts';
import { formatPercent, formatSigned } from '../src/lib/market-format.ts';

// The small rules the pages lean on, where a mistake would put a foreign page in an iframe, send a
// ticker the service must refuse, or show a field's code name instead of its label.

describe('safeEmbedUrl', () => {
  it('allows only the three players media-svc rebuilds', () => {
    for (const url of [
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://player.vimeo.com/video/76979871',
      'https://player.vimeo.com/video/76979871?h=abc123def0',
      'https://www.dailymotion.com/embed/video/x7tgad0',
    ]) {
      expect(safeEmbedUrl({ embedUrl: url })).toBe(url);
    }
  });

  it('refuses anything else, look-alikes included', () => {
    for (const url of [
      null,
      'http://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://www.youtube.com/embed/dQw4w9WgXcQ',
      'https://www.youtube-nocookie.com.evil.example/embed/dQw4w9WgXcQ',
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ/../../evil',
      'https://user@player.vimeo.com/video/1',
      'https://videos.example.org/player?id=1',
      'javascript:alert(1)',
    ]) {
      expect(safeEmbedUrl({ embedUrl: url })).toBeNull();
    }
  });
});

describe('describeFieldError', () => {
  const names = { startDate: 'Start date', endDate: 'End date' };

  it('names the field as the form does, in the message too', () => {
    const failure = new ApiFailure(400, 'validation_failed', 'body.endDate: must not be before startDate');
    expect(describeFieldError(failure, names)).toBe('End date: must not be before the start date');
  });

  it('leaves a message alone when it names no field the form knows', () => {
    const failure = new ApiFailure(
      404,
      'not_found',
      'Search found nothing about "Atlantis" to plan a trip with',
    );
    expect(describeFieldError(failure, names)).toBe(
      'Search found nothing about "Atlantis" to plan a trip with',
    );
    const other = new ApiFailure(400, 'validation_failed', 'body.pace: Invalid option');
    expect(describeFieldError(other, names)).toBe('body.pace: Invalid option');
  });
});

describe('formats', () => {
  it('writes video lengths as players do, and says them in words', () => {
    expect(formatDuration(272)).toBe('4:32');
    expect(formatDuration(3_723)).toBe('1:02:03');
    expect(formatDuration(59)).toBe('0:59');
    expect(spokenDuration(272)).toBe('4 minutes 32 seconds');
    expect(spokenDuration(3_600)).toBe('1 hour');
  });

  it('signs changes with + and a real minus', () => {
    expect(formatSigned(1.2345)).toMatch(/^\+1[.,]23$/);
    expect(formatSigned(-0.62)).toMatch(/^−0[.,]62$/);
    expect(formatPercent(null)).toBe('—');
  });

  it('accepts the tickers finance-svc accepts', () => {
    for (const symbol of ['AAPL', 'BRK.B', 'BRK-B', '^GSPC', 'V']) expect(isSymbol(symbol)).toBe(true);
    for (const symbol of ['', '^', '...', 'aapl', 'TOO-LONG-SYMBOL', 'A B'])
      expect(isSymbol(symbol)).toBe(false);
  });
});

describe('schedules in words', () => {
  it('says which days as a person would', () => {
    expect(daysInWords(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('every weekday');
    expect(daysInWords(['sun', 'sat', 'fri', 'thu', 'wed', 'tue', 'mon'])).toBe('every day');
    expect(daysInWords(['sat', 'sun'])).toBe('every Saturday and Sunday');
    expect(daysInWords(['thu', 'mon'])).toBe('every Monday and Thursday');
    expect(daysInWords(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'])).toBe('every Monday to Saturday');
  });

  it('names the time and its zone, the interval, or the cron expression', () => {
    expect(
      scheduleInWords({
        type: 'weekly',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        time: '08:00',
        timezone: 'Europe/Berlin',
      }),
    ).toBe('Every weekday at 08:00 (Europe/Berlin)');
    expect(scheduleInWords({ type: 'interval', everySeconds: 7_200 })).toBe('Every 2 hours');
    expect(scheduleInWords({ type: 'interval', everySeconds: 3_600 })).toBe('Every hour');
    expect(scheduleInWords({ type: 'interval', everySeconds: 5_400 })).toBe('Every 90 minutes');
    expect(scheduleInWords({ type: 'cron', expression: '0 8 1 * *', timezone: 'UTC' })).toBe(
      'On the cron schedule “0 8 1 * *” (UTC)',
    );
    expect(scheduleInWords({ type: 'once', at: '2030-05-14T06:00:00Z' })).toMatch(/^Once, on .*2030/);
  });
});

describe('failureFrom', () => {
  it('keeps the fields a service refused, so a form can put each message by its field', () => {
    const failure = failureFrom(
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'body.schedule.timezone: not a known IANA time zone',
          details: [
            { path: 'body.schedule.timezone', message: 'not a known IANA time zone' },
            { path: 'body.data', message: 'cannot be read', line: 3 },
            { note: 'not an issue' },
          ],
        },
      },
      null,
    );
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure.issues).toEqual([
      { path: 'body.schedule.timezone', message: 'not a known IANA time zone' },
      { path: 'body.data', message: 'cannot be read', line: 3 },
    ]);
    expect(
      failureFrom(404, { error: { code: 'not_found', message: 'Task not found' } }, null).issues,
    ).toEqual([]);
  });
});
