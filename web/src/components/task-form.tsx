import { type FormEvent, useId, useState } from 'react';
import { ApiFailure, describeError } from '../api/errors.ts';
import { type NewTask, type Schedule, type Task, type TaskChanges, tasks } from '../api/tasks.ts';
import type { Focus, Mode } from '../api/types.ts';
import { focuses, modes } from './ask-box.tsx';
import { draftOf, FieldError, ScheduleFields, scheduleOf } from './schedule-fields.tsx';

/** A new task may start from a question asked elsewhere ("Schedule this question"). */
export interface TaskFormStart {
  query?: string;
  mode?: Mode;
  focus?: Focus;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The service's refusal, split by field: "body.schedule.timezone" → errors["schedule.timezone"],
 * shown beside that field; whatever names no field of the form is said above it.
 */
function errorsOf(
  failure: unknown,
  fields: ReadonlySet<string>,
): { byField: Record<string, string>; general: string | null } {
  if (!(failure instanceof ApiFailure) || failure.issues.length === 0) {
    return { byField: {}, general: describeError(failure) };
  }
  const byField: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of failure.issues) {
    const path = issue.path.replace(/^body\.?/, '');
    const field = fields.has(path) ? path : path.startsWith('schedule') ? 'schedule' : null;
    const message = capitalized(issue.message);
    if (field && !byField[field]) byField[field] = message;
    else if (!field) unplaced.push(`${path || 'Request'}: ${issue.message}`);
  }
  return { byField, general: unplaced.length > 0 ? unplaced.join('. ') : null };
}

const scheduleFields = ['days', 'time', 'timezone', 'at', 'expression', 'everySeconds', 'type'].map(
  (name) => `schedule.${name}`,
);
const formFields = new Set(['title', 'query', 'message', 'mode', 'focus', ...scheduleFields]);

/** What an edit changes: the fields that differ from the task (and its schedule, when touched). */
function changesTo(
  task: Task,
  fields: { title: string; query: string; message: string; mode: Mode; focus: Focus },
  schedule: Schedule | null,
): TaskChanges {
  const changes: TaskChanges = schedule ? { schedule } : {};
  // An emptied title keeps the old one: a task's title is never blank.
  if (fields.title.trim() && fields.title !== task.title) changes.title = fields.title;
  if (task.kind === 'task') {
    if (fields.query !== task.query) changes.query = fields.query;
    if (fields.mode !== task.mode) changes.mode = fields.mode;
    if (fields.focus !== task.focus) changes.focus = fields.focus;
  } else {
    if (fields.title !== task.title) changes.title = fields.title;
    if (fields.message !== (task.message ?? '')) changes.message = fields.message;
  }
  return changes;
}

/**
 * Create or edit a task (a question asked on a schedule) or a reminder (a notification at a time).
 * Saving sends everything the form shows; the service's refusals appear beside their fields.
 */
export function TaskForm({
  kind,
  task,
  start,
  onSaved,
  onCancel,
}: {
  kind: 'task' | 'reminder';
  /** Editing this one; absent: a new one. */
  task?: Task;
  start?: TaskFormStart;
  onSaved: (task: Task) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [title, setTitle] = useState(task?.title ?? '');
  const [query, setQuery] = useState(task?.query ?? start?.query ?? '');
  const [message, setMessage] = useState(task?.message ?? '');
  const [mode, setMode] = useState<Mode>(task?.mode ?? start?.mode ?? 'balanced');
  const [focus, setFocus] = useState<Focus>(task?.focus ?? start?.focus ?? 'web');
  const [schedule, setSchedule] = useState(() =>
    draftOf(task?.schedule ?? null, kind === 'reminder' ? 'once' : 'weekly'),
  );
  // Only a schedule someone touched is sent: a one-off whose time has passed keeps it while its
  // title is edited (the service refuses a one-off time in the past).
  const [scheduleTouched, setScheduleTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      const when = scheduleOf(schedule);
      let saved: Task;
      if (task) {
        const changes = changesTo(
          task,
          { title, query, message, mode, focus },
          scheduleTouched ? when : null,
        );
        // Nothing changed is not worth a request (the service would refuse it as "nothing to change").
        saved = Object.keys(changes).length > 0 ? (await tasks.update(task.id, changes)).task : task;
      } else {
        const input: NewTask =
          kind === 'task'
            ? { kind, query, mode, focus, schedule: when, ...(title.trim() ? { title } : {}) }
            : { kind, title, schedule: when, ...(message.trim() ? { message } : {}) };
        saved = (await tasks.create(input)).task;
      }
      onSaved(saved);
    } catch (failure) {
      const split = errorsOf(failure, formFields);
      setErrors(split.byField);
      setGeneral(
        split.general ??
          (Object.keys(split.byField).length > 0
            ? 'Some fields need another look: see the notes below them.'
            : null),
      );
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: string) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {};
  const noun = kind === 'task' ? 'task' : 'reminder';
  const heading = task ? `Edit ${noun}` : kind === 'task' ? 'New task' : 'New reminder';

  return (
    <form className="task-form" onSubmit={submit} aria-label={heading}>
      <h2 className="task-form__title">{heading}</h2>
      {kind === 'task' ? (
        <>
          <p className="muted field-note">
            Perplexica asks the question at the times you choose, saves each answer as a thread in your
            library and tells you it is ready.
          </p>
          <label className="field">
            <span>Question</span>
            <textarea
              required
              rows={2}
              maxLength={4000}
              value={query}
              placeholder="e.g. What changed in EU AI regulation this week?"
              onChange={(event) => setQuery(event.target.value)}
              {...invalid('query')}
            />
            <FieldError id={`${id}-query-error`} message={errors.query} />
          </label>
          <label className="field">
            <span>
              Title <span className="muted">(optional)</span>
            </span>
            <input
              maxLength={200}
              placeholder="The question's opening when left empty"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              {...invalid('title')}
            />
            <FieldError id={`${id}-title-error`} message={errors.title} />
          </label>
          <div className="field-row">
            <label className="field">
              <span>Mode</span>
              <select
                value={mode}
                onChange={(event) => setMode(event.target.value as Mode)}
                {...invalid('mode')}
              >
                {modes.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label} — {option.hint}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-mode-error`} message={errors.mode} />
            </label>
            <label className="field">
              <span>Focus</span>
              <select
                value={focus}
                onChange={(event) => setFocus(event.target.value as Focus)}
                {...invalid('focus')}
              >
                {focuses.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-focus-error`} message={errors.focus} />
            </label>
          </div>
        </>
      ) : (
        <>
          <p className="muted field-note">A reminder asks nothing: it notifies you at its time.</p>
          <label className="field">
            <span>Title</span>
            <input
              required
              maxLength={200}
              value={title}
              placeholder="e.g. Send the quarterly report"
              onChange={(event) => setTitle(event.target.value)}
              {...invalid('title')}
            />
            <FieldError id={`${id}-title-error`} message={errors.title} />
          </label>
          <label className="field">
            <span>
              Message <span className="muted">(optional)</span>
            </span>
            <textarea
              rows={2}
              maxLength={2000}
              value={message}
              onChange={(event) => setMessage(event.target.value)}
              {...invalid('message')}
            />
            <FieldError id={`${id}-message-error`} message={errors.message} />
          </label>
        </>
      )}
      <ScheduleFields
        draft={schedule}
        onChange={(draft) => {
          setSchedule(draft);
          setScheduleTouched(true);
        }}
        errors={errors}
      />
      {general ? (
        <p className="notice notice--error" role="alert">
          {general}
        </p>
      ) : null}
      <div className="task-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : task ? 'Save changes' : kind === 'task' ? 'Create task' : 'Create reminder'}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
