import { useState } from 'react';
import { Link } from 'wouter';
import { describeError } from '../api/errors.ts';
import {
  localDateTime,
  relativeTime,
  scheduleInWords,
  type Task,
  taskStatusWords,
  tasks,
} from '../api/tasks.ts';
import { focuses, modes, optionLabel } from './ask-box.tsx';
import { StatusChip } from './status-chip.tsx';
import { TaskForm } from './task-form.tsx';
import { RunStatusChip, TaskRuns } from './task-runs.tsx';

/** "Tue 12 May 2026, 08:00 (in 3 hours)": the next run in the reader's own time. */
function nextRunInWords(task: Task, now: number): string {
  if (task.status === 'paused') return 'None while paused';
  if (task.status === 'done') return 'None: it has run';
  if (!task.nextRunAt) return 'Not scheduled';
  const at = Date.parse(task.nextRunAt);
  const when = at <= now ? 'due now' : relativeTime(task.nextRunAt, now);
  return `${localDateTime(task.nextRunAt)} (${when})`;
}

const statusTone = { active: 'ready', paused: 'queued', done: 'queued' } as const;

/**
 * One task or reminder: what it asks, when, how its last run went (with the thread it made), and
 * what can be done with it. Editing happens in place.
 */
export function TaskRow({
  task,
  now,
  waitingForRun,
  onChanged,
  onDeleted,
  onRunQueued,
}: {
  task: Task;
  now: number;
  /** "Run now" was pressed and its run has not finished yet. */
  waitingForRun: boolean;
  onChanged: (task: Task) => void;
  onDeleted: (id: string) => void;
  onRunQueued: (task: Task) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [showRuns, setShowRuns] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isReminder = task.kind === 'reminder';
  const headingId = `task-${task.id}`;

  const act = async (name: string, action: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(null);
    }
  };
  const pause = () => act('pause', async () => onChanged((await tasks.pause(task.id)).task));
  const resume = () => act('resume', async () => onChanged((await tasks.resume(task.id)).task));
  const runNow = () =>
    act('run', async () => {
      await tasks.runNow(task.id);
      onRunQueued(task);
      setShowRuns(true);
    });
  const remove = () => {
    if (
      !window.confirm(`Delete “${task.title}”? It stops running; the threads it made stay in your library.`)
    )
      return;
    void act('delete', async () => {
      await tasks.remove(task.id);
      onDeleted(task.id);
    });
  };

  if (editing) {
    return (
      <li className="task-card task-card--editing" aria-labelledby={headingId}>
        <span id={headingId} className="visually-hidden">
          {task.title}
        </span>
        <TaskForm
          kind={task.kind}
          task={task}
          onSaved={(saved) => {
            setEditing(false);
            onChanged(saved);
          }}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }

  const lastRunVersion = `${task.lastRunAt ?? ''}:${task.lastRunStatus ?? ''}`;
  return (
    <li className={`task-card task-card--${task.status}`} aria-labelledby={headingId}>
      <div className="task-card__head">
        <h2 id={headingId} className="task-card__title">
          {task.title}
        </h2>
        <span className="task-card__badges">
          {isReminder ? <span className="badge">Reminder</span> : null}
          <StatusChip tone={statusTone[task.status]}>{taskStatusWords[task.status]}</StatusChip>
        </span>
      </div>
      {isReminder ? (
        task.message ? (
          <p className="task-card__text prewrap">{task.message}</p>
        ) : null
      ) : (
        <p className="task-card__text">
          <span className="visually-hidden">Question: </span>
          {task.query}
          <span className="muted task-card__mode">
            {' '}
            · {optionLabel(modes, task.mode) ?? task.mode} · {optionLabel(focuses, task.focus) ?? task.focus}
          </span>
        </p>
      )}
      <dl className="task-card__facts">
        <dt>Schedule</dt>
        <dd data-testid="schedule-words">{scheduleInWords(task.schedule)}</dd>
        <dt>Next run</dt>
        <dd data-testid="next-run">{nextRunInWords(task, now)}</dd>
        <dt>Last run</dt>
        <dd>
          {waitingForRun ? (
            <span className="task-card__waiting" role="status">
              Running now… the answer appears here when it is ready.
            </span>
          ) : task.lastRunStatus && task.lastRunAt ? (
            <span className="task-card__last">
              <RunStatusChip status={task.lastRunStatus} />{' '}
              <time dateTime={task.lastRunAt} title={localDateTime(task.lastRunAt)}>
                {relativeTime(task.lastRunAt, now)}
              </time>
              {task.lastThreadId && !isReminder ? (
                <>
                  {' · '}
                  <Link href={`/search/${task.lastThreadId}`}>Open the answer</Link>
                </>
              ) : null}
            </span>
          ) : (
            'Not yet'
          )}
        </dd>
      </dl>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="task-card__actions">
        <button type="button" className="button" onClick={runNow} disabled={busy !== null || waitingForRun}>
          {busy === 'run' ? 'Starting…' : 'Run now'}
        </button>
        {task.status === 'active' ? (
          <button type="button" className="button button--quiet" onClick={pause} disabled={busy !== null}>
            {busy === 'pause' ? 'Pausing…' : 'Pause'}
          </button>
        ) : task.status === 'paused' ? (
          <button type="button" className="button button--quiet" onClick={resume} disabled={busy !== null}>
            {busy === 'resume' ? 'Resuming…' : 'Resume'}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--quiet"
          onClick={() => setEditing(true)}
          disabled={busy !== null}
        >
          Edit
        </button>
        <button
          type="button"
          className="button button--quiet"
          aria-expanded={showRuns}
          aria-controls={`${headingId}-runs`}
          onClick={() => setShowRuns(!showRuns)}
        >
          {showRuns ? 'Hide runs' : 'Runs'}
        </button>
        <button
          type="button"
          className="button button--quiet button--danger"
          onClick={remove}
          disabled={busy !== null}
          aria-label={`Delete ${task.title}`}
        >
          {busy === 'delete' ? 'Deleting…' : 'Delete'}
        </button>
      </div>
      <div id={`${headingId}-runs`} hidden={!showRuns}>
        {showRuns ? <TaskRuns taskId={task.id} version={lastRunVersion} isReminder={isReminder} /> : null}
      </div>
    </li>
  );
}
