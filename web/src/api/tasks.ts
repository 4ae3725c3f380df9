import { timeAgo } from '../lib/format.ts';
import { api } from './client.ts';
import type { Focus, Mode } from './types.ts';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** When a task runs, as chat-svc stores it (see services/chat-svc/README.md, Tasks). */
export type Schedule =
  | { type: 'weekly'; days: Weekday[]; time: string; timezone: string }
  | { type: 'cron'; expression: string; timezone: string }
  | { type: 'interval'; everySeconds: number }
  | { type: 'once'; at: string };

export type TaskStatus = 'active' | 'paused' | 'done';
export type RunStatus = 'running' | 'answered' | 'succeeded' | 'failed';

export interface Task {
  id: string;
  kind: 'task' | 'reminder';
  title: string;
  query: string | null;
  message: string | null;
  mode: Mode;
  focus: Focus;
  spaceId: string | null;
  schedule: Schedule;
  status: TaskStatus;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastRunStatus: RunStatus | null;
  lastThreadId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaskRun {
  id: string;
  trigger: 'schedule' | 'manual';
  status: RunStatus;
  threadId: string | null;
  excerpt: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export type NewTask =
  | { kind: 'task'; title?: string; query: string; mode: Mode; focus: Focus; schedule: Schedule }
  | { kind: 'reminder'; title: string; message?: string; schedule: Schedule };

export interface TaskChanges {
  title?: string;
  query?: string;
  message?: string;
  mode?: Mode;
  focus?: Focus;
  schedule?: Schedule;
}

const base = '/api/v1/tasks';

export const tasks = {
  list: () => api<{ tasks: Task[] }>(base),
  get: (id: string) => api<{ task: Task; runs: TaskRun[] }>(`${base}/${id}`),
  create: (input: NewTask) => api<{ task: Task }>(base, { method: 'POST', body: input }),
  update: (id: string, changes: TaskChanges) =>
    api<{ task: Task }>(`${base}/${id}`, { method: 'PATCH', body: changes }),
  remove: (id: string) => api<void>(`${base}/${id}`, { method: 'DELETE' }),
  pause: (id: string) => api<{ task: Task }>(`${base}/${id}/pause`, { method: 'POST' }),
  resume: (id: string) => api<{ task: Task }>(`${base}/${id}/resume`, { method: 'POST' }),
  runNow: (id: string) => api<{ queued: boolean; jobId: string }>(`${base}/${id}/run`, { method: 'POST' }),
  runs: (id: string, cursor?: string | null) =>
    api<{ runs: TaskRun[]; nextCursor: string | null }>(
      `${base}/${id}/runs?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
};

const dayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
export const shortDayNames: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** "Monday, Wednesday and Friday". */
function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * "every day", "every weekday", "every Monday and Thursday", "every Monday to Saturday": which
 * days a weekly schedule runs. Three or more days in a row read as a range.
 */
export function daysInWords(days: readonly Weekday[]): string {
  const set = new Set(days);
  const ordered = weekdays.filter((day) => set.has(day));
  const workweek = ordered.length === 5 && !set.has('sat') && !set.has('sun');
  if (ordered.length === 7) return 'every day';
  if (workweek) return 'every weekday';
  if (ordered.length === 2 && set.has('sat') && set.has('sun')) return 'every Saturday and Sunday';
  const runs: Weekday[][] = [];
  for (const day of ordered) {
    const last = runs.at(-1);
    const previous = last?.at(-1);
    if (last && previous && weekdays.indexOf(day) === weekdays.indexOf(previous) + 1) last.push(day);
    else runs.push([day]);
  }
  const parts = runs.flatMap((run) =>
    run.length >= 3
      ? [`${dayNames[run[0] as Weekday]} to ${dayNames[run.at(-1) as Weekday]}`]
      : run.map((day) => dayNames[day]),
  );
  return `every ${listInWords(parts)}`;
}

/** "every 2 hours", "every 90 minutes". */
function intervalInWords(seconds: number): string {
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (seconds % size === 0 && seconds >= size) {
      const n = seconds / size;
      return n === 1 ? `every ${unit}` : `every ${n} ${unit}s`;
    }
  }
  return `every ${seconds} seconds`;
}

/** "Tue 12 May 2026, 08:00": an instant in the reader's own time zone. */
export function localDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "3 hours ago", "in 2 days", and "just now" rather than "now" for the last minute. */
export function relativeTime(iso: string, now = Date.now()): string {
  const difference = Date.parse(iso) - now;
  if (Math.abs(difference) < 60_000) return difference > 0 ? 'in less than a minute' : 'just now';
  return timeAgo(iso, now);
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A schedule as a person says it: "Every weekday at 08:00 (Europe/Berlin)", "Once, on Tue 12 May
 * 2026, 08:00", "Every 2 hours", "On the cron schedule “0 8 1 * *” (UTC)".
 */
export function scheduleInWords(schedule: Schedule): string {
  switch (schedule.type) {
    case 'weekly':
      return `${capitalized(daysInWords(schedule.days))} at ${schedule.time} (${schedule.timezone})`;
    case 'cron':
      return `On the cron schedule “${schedule.expression}” (${schedule.timezone})`;
    case 'interval':
      return capitalized(intervalInWords(schedule.everySeconds));
    case 'once':
      return `Once, on ${localDateTime(schedule.at)}`;
  }
}

/** The browser's own IANA time zone ("Europe/Berlin"), UTC when it will not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every IANA zone the browser knows, for suggestions (the service decides what it accepts). */
export function knownTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export const runStatusWords: Record<RunStatus, string> = {
  running: 'Running…',
  answered: 'Answered, notifying…',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

export const taskStatusWords: Record<TaskStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  done: 'Done',
};
