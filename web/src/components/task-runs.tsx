import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { describeError } from '../api/errors.ts';
import { localDateTime, type RunStatus, runStatusWords, type TaskRun, tasks } from '../api/tasks.ts';
import { StatusChip } from './status-chip.tsx';

const runTone: Record<RunStatus, 'queued' | 'processing' | 'ready' | 'failed'> = {
  running: 'processing',
  answered: 'processing',
  succeeded: 'ready',
  failed: 'failed',
};

/** A run's status as a chip in words. */
export function RunStatusChip({ status }: { status: RunStatus }) {
  return <StatusChip tone={runTone[status]}>{runStatusWords[status]}</StatusChip>;
}

/**
 * A task's runs, newest first, ten at a time: when, why (schedule or "run now"), how it went, the
 * thread it made. Loaded again when the task's last run changes (`version`).
 */
export function TaskRuns({
  taskId,
  version,
  isReminder,
}: {
  taskId: string;
  version: string;
  isReminder: boolean;
}) {
  const [runs, setRuns] = useState<TaskRun[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Again when `version` (the task's last run) changes: a run finished.
  useEffect(() => {
    let current = true;
    tasks.runs(taskId).then(
      (page) => {
        if (!current) return;
        setRuns(page.runs);
        setNextCursor(page.nextCursor);
        setError(null);
      },
      (failure) => current && setError(describeError(failure)),
    );
    return () => {
      current = false;
    };
  }, [taskId, version]);

  const more = async () => {
    if (!nextCursor) return;
    setBusy(true);
    try {
      const page = await tasks.runs(taskId, nextCursor);
      setRuns((before) => [...(before ?? []), ...page.runs]);
      setNextCursor(page.nextCursor);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="task-runs">
      <h3 className="task-runs__title">Runs</h3>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {runs === null && !error ? <p className="muted">Loading runs…</p> : null}
      {runs && runs.length === 0 ? (
        <p className="muted">
          No runs yet. {isReminder ? 'It has not been due yet.' : 'Use “Run now” to try it.'}
        </p>
      ) : null}
      {runs && runs.length > 0 ? (
        <ol className="task-runs__list">
          {runs.map((run) => (
            <li key={run.id} className="task-run">
              <div className="task-run__head">
                <time dateTime={run.startedAt}>{localDateTime(run.startedAt)}</time>
                <span className="muted">{run.trigger === 'manual' ? 'Run now' : 'On schedule'}</span>
                <RunStatusChip status={run.status} />
                {run.threadId ? (
                  <Link href={`/search/${run.threadId}`} className="task-run__link">
                    Open the answer
                  </Link>
                ) : null}
              </div>
              {run.excerpt && !isReminder ? <p className="task-run__excerpt">{run.excerpt}</p> : null}
              {run.error ? <p className="task-run__error">Why it failed: {run.error}</p> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {nextCursor ? (
        <button type="button" className="button button--quiet" onClick={more} disabled={busy}>
          {busy ? 'Loading…' : 'Older runs'}
        </button>
      ) : null}
    </div>
  );
}
