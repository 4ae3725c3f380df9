import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { unreadCount } from '../api/notifications.ts';
import { type Task, tasks } from '../api/tasks.ts';
import type { Focus, Mode } from '../api/types.ts';
import { focuses, modes } from '../components/ask-box.tsx';
import { FailureNotice } from '../components/setup-notice.tsx';
import { TaskForm, type TaskFormStart } from '../components/task-form.tsx';
import { TaskRow } from '../components/task-row.tsx';
import { useBoundedPolling } from '../lib/use-bounded-polling.ts';
import { useQueryParams } from '../lib/use-query-params.ts';
import '../styles/tasks-notifications.css';

/** A task due within this long is watched, so its run shows up without a reload. */
const DUE_SOON_MS = 2 * 60_000;

/** The time now, moving on every `everyMs` ("in 3 minutes" stays true while the page is open). */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "Schedule this question" arrives with ?query=&mode=&focus=. */
function startFrom(params: URLSearchParams): TaskFormStart | null {
  const query = params.get('query')?.trim();
  if (!query) return null;
  const mode = modes.find((option) => option.value === params.get('mode'))?.value;
  const focus = focuses.find((option) => option.value === params.get('focus'))?.value;
  return { query, ...(mode ? { mode: mode as Mode } : {}), ...(focus ? { focus: focus as Focus } : {}) };
}

/**
 * Tasks: questions Perplexica asks on a schedule (each answer a thread in the library, and a
 * notification), and reminders. The list is asked for again while a run is awaited or a task is
 * due within two minutes, so results appear without a reload; the bell follows.
 */
export function TasksPage() {
  const params = useQueryParams();
  const [start] = useState(() => startFrom(params));
  const [list, setList] = useState<Task[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [creating, setCreating] = useState<'task' | 'reminder' | null>(start ? 'task' : null);
  const [created, setCreated] = useState<string | null>(null);
  // Tasks whose "Run now" is awaited, with the last run they had when it was pressed.
  const [awaited, setAwaited] = useState<ReadonlyMap<string, string | null>>(new Map());
  const now = useNow(30_000);

  const load = useCallback(async () => {
    const { tasks: fresh } = await tasks.list();
    setList(fresh);
    setError(null);
  }, []);

  useEffect(() => {
    let current = true;
    tasks.list().then(
      ({ tasks: fresh }) => current && setList(fresh),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  // A run that finished sent a notification: the bell asks for its count then, not a minute later.
  const lastRuns = useRef<Map<string, string | null> | null>(null);
  useEffect(() => {
    if (!list) return;
    const before = lastRuns.current;
    if (
      before &&
      list.some((task) => task.lastRunAt && before.has(task.id) && before.get(task.id) !== task.lastRunAt)
    ) {
      void unreadCount.refresh();
    }
    lastRuns.current = new Map(list.map((task) => [task.id, task.lastRunAt]));
    setAwaited((waiting) => {
      if (waiting.size === 0) return waiting;
      const still = new Map(waiting);
      for (const task of list)
        if (still.has(task.id) && still.get(task.id) !== task.lastRunAt) still.delete(task.id);
      for (const id of still.keys()) if (!list.some((task) => task.id === id)) still.delete(id);
      return still.size === waiting.size ? waiting : still;
    });
  }, [list]);

  const dueSoon =
    list?.some(
      (task) =>
        task.status === 'active' && task.nextRunAt !== null && Date.parse(task.nextRunAt) - now < DUE_SOON_MS,
    ) ?? false;
  useBoundedPolling(awaited.size > 0 || dueSoon, load, { firstDelayMs: 1_000, maxDelayMs: 5_000 });

  const replace = (task: Task) =>
    setList((before) => before?.map((item) => (item.id === task.id ? task : item)) ?? null);
  const saved = (task: Task) => {
    setList((before) => [task, ...(before ?? []).filter((item) => item.id !== task.id)]);
    setCreating(null);
    setCreated(`${task.kind === 'task' ? 'Task' : 'Reminder'} “${task.title}” created.`);
  };

  return (
    <div className="page tasks">
      <div className="tasks__head">
        <h1>Tasks</h1>
        <div className="tasks__tools">
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setCreating('task');
              setCreated(null);
            }}
            aria-pressed={creating === 'task'}
          >
            New task
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setCreating('reminder');
              setCreated(null);
            }}
            aria-pressed={creating === 'reminder'}
          >
            New reminder
          </button>
        </div>
      </div>
      <p className="muted tasks__intro">
        Questions Perplexica asks for you on a schedule (“every weekday at 08:00: what is new on …”), each
        answer saved as a thread in your library, and reminders. You are told in the app when one is ready;
        push and email are in <Link href="/settings#notifications">Settings → Notifications</Link>.
      </p>

      {creating ? (
        <section className="panel">
          <TaskForm
            key={creating}
            kind={creating}
            {...(start && creating === 'task' ? { start } : {})}
            onSaved={saved}
            onCancel={() => setCreating(null)}
          />
        </section>
      ) : null}
      {created ? (
        <p className="notice notice--success" role="status">
          {created}
        </p>
      ) : null}

      {error ? <FailureNotice error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {list === null && !error ? <p className="muted">Loading your tasks…</p> : null}
      {list && list.length === 0 ? (
        <div className="tasks__empty">
          <p>
            <strong>No tasks yet.</strong>
          </p>
          <p className="muted">
            Make one with “New task”: a question, and when to ask it. Or set a reminder for yourself.
          </p>
        </div>
      ) : null}
      {list && list.length > 0 ? (
        <ul className="task-list" aria-label="Your tasks and reminders">
          {list.map((task) => (
            <TaskRow
              key={task.id}
              task={task}
              now={now}
              waitingForRun={awaited.has(task.id)}
              onChanged={replace}
              onDeleted={(id) => setList((before) => before?.filter((item) => item.id !== id) ?? null)}
              onRunQueued={(queued) =>
                setAwaited((waiting) => new Map(waiting).set(queued.id, queued.lastRunAt))
              }
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
