import { useId, useMemo } from 'react';
import {
  browserTimeZone,
  knownTimeZones,
  type Schedule,
  scheduleInWords,
  shortDayNames,
  type Weekday,
  weekdays,
} from '../api/tasks.ts';

export type ScheduleType = Schedule['type'];

/** What the schedule fields hold while someone edits them (strings, as inputs give them). */
export interface ScheduleDraft {
  type: ScheduleType;
  days: Weekday[];
  time: string;
  timezone: string;
  /** A `datetime-local` value, in the browser's time zone. */
  at: string;
  expression: string;
  everyHours: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-05-12T08:00": a `datetime-local` value for an instant, in the browser's time zone. */
export function localInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The fields for an existing schedule, or a new one of `type` (tomorrow at 09:00 for once). */
export function draftOf(schedule: Schedule | null, type: ScheduleType = 'weekly'): ScheduleDraft {
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const draft: ScheduleDraft = {
    type,
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    time: '08:00',
    timezone: browserTimeZone(),
    at: localInputValue(tomorrow),
    expression: '0 8 1 * *',
    everyHours: '6',
  };
  if (!schedule) return draft;
  switch (schedule.type) {
    case 'weekly':
      return {
        ...draft,
        type: 'weekly',
        days: schedule.days,
        time: schedule.time,
        timezone: schedule.timezone,
      };
    case 'cron':
      return { ...draft, type: 'cron', expression: schedule.expression, timezone: schedule.timezone };
    case 'interval':
      return { ...draft, type: 'interval', everyHours: String(schedule.everySeconds / 3_600) };
    case 'once':
      return { ...draft, type: 'once', at: localInputValue(new Date(schedule.at)) };
  }
}

/**
 * The schedule chat-svc takes. What the service checks (a zone that exists, a time ahead, a cron
 * expression) is left to it, so its message is the one shown beside the field.
 */
export function scheduleOf(draft: ScheduleDraft): Schedule {
  switch (draft.type) {
    case 'weekly':
      return {
        type: 'weekly',
        days: weekdays.filter((day) => draft.days.includes(day)),
        time: draft.time,
        timezone: draft.timezone.trim(),
      };
    case 'cron':
      return { type: 'cron', expression: draft.expression.trim(), timezone: draft.timezone.trim() };
    case 'interval':
      return { type: 'interval', everySeconds: Math.round(Number(draft.everyHours) * 3_600) };
    case 'once': {
      const at = new Date(draft.at);
      // An unreadable date goes as typed, and the service says what is wrong with it.
      return { type: 'once', at: Number.isNaN(at.getTime()) ? draft.at : at.toISOString() };
    }
  }
}

/** The schedule as words, or null while the fields cannot make one yet. */
function preview(draft: ScheduleDraft): string | null {
  if (draft.type === 'weekly' && (draft.days.length === 0 || !draft.time)) return null;
  if (draft.type === 'once' && Number.isNaN(new Date(draft.at).getTime())) return null;
  if (draft.type === 'interval' && !(Number(draft.everyHours) > 0)) return null;
  return scheduleInWords(scheduleOf(draft));
}

/** A message the service gave for one field, tied to its input for screen readers. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  );
}

const typeChoices: Array<{ type: ScheduleType; label: string; advanced?: boolean }> = [
  { type: 'weekly', label: 'On days of the week' },
  { type: 'once', label: 'Once' },
  { type: 'cron', label: 'Cron expression', advanced: true },
  { type: 'interval', label: 'Every few hours', advanced: true },
];

/**
 * When something runs: days of the week at a time in a time zone (the browser's by default), once
 * at a date and time, or (advanced) a cron expression or an interval. `errors` are the service's
 * messages by path ("schedule.timezone"), each shown beside its field.
 */
export function ScheduleFields({
  draft,
  onChange,
  errors,
  legend = 'When',
}: {
  draft: ScheduleDraft;
  onChange: (draft: ScheduleDraft) => void;
  errors: Record<string, string>;
  legend?: string;
}) {
  const id = useId();
  const zones = useMemo(knownTimeZones, []);
  const set = (changes: Partial<ScheduleDraft>) => onChange({ ...draft, ...changes });
  const errorOf = (field: string) => errors[`schedule.${field}`];
  const described = (field: string) =>
    errorOf(field) ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {};
  const words = preview(draft);
  const advancedChosen = typeChoices.some((choice) => choice.advanced && choice.type === draft.type);

  const radio = (choice: (typeof typeChoices)[number]) => (
    <label key={choice.type} className="checkbox schedule__type">
      <input
        type="radio"
        name={`${id}-type`}
        value={choice.type}
        checked={draft.type === choice.type}
        onChange={() => set({ type: choice.type })}
      />{' '}
      {choice.label}
    </label>
  );

  const zoneField = (
    <label className="field field--inline schedule__zone">
      <span>Time zone</span>
      <input
        value={draft.timezone}
        list={`${id}-zones`}
        required
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => set({ timezone: event.target.value })}
        {...described('timezone')}
      />
      <datalist id={`${id}-zones`}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <FieldError id={`${id}-timezone-error`} message={errorOf('timezone')} />
    </label>
  );

  return (
    <fieldset className="schedule">
      <legend>{legend}</legend>
      <div className="schedule__types" role="radiogroup" aria-label="How often">
        {typeChoices.filter((choice) => !choice.advanced).map(radio)}
        <details className="schedule__advanced" open={advancedChosen || undefined}>
          <summary>Advanced</summary>
          {typeChoices.filter((choice) => choice.advanced).map(radio)}
        </details>
      </div>
      <FieldError id={`${id}-type-error`} message={errors.schedule ?? errorOf('type')} />

      {draft.type === 'weekly' ? (
        <>
          <fieldset className="schedule__days" {...described('days')}>
            <legend>Days</legend>
            {weekdays.map((day) => (
              <label key={day} className="day-pill">
                <input
                  type="checkbox"
                  checked={draft.days.includes(day)}
                  onChange={(event) =>
                    set({
                      days: event.target.checked ? [...draft.days, day] : draft.days.filter((d) => d !== day),
                    })
                  }
                />
                <span>{shortDayNames[day]}</span>
              </label>
            ))}
            <span className="schedule__presets">
              <button
                type="button"
                className="link-button"
                onClick={() => set({ days: ['mon', 'tue', 'wed', 'thu', 'fri'] })}
              >
                Weekdays
              </button>
              <button type="button" className="link-button" onClick={() => set({ days: [...weekdays] })}>
                Every day
              </button>
            </span>
            <FieldError id={`${id}-days-error`} message={errorOf('days')} />
          </fieldset>
          <div className="field-row">
            <label className="field field--inline field--narrow">
              <span>Time</span>
              <input
                type="time"
                required
                value={draft.time}
                onChange={(event) => set({ time: event.target.value })}
                {...described('time')}
              />
              <FieldError id={`${id}-time-error`} message={errorOf('time')} />
            </label>
            {zoneField}
          </div>
        </>
      ) : null}

      {draft.type === 'once' ? (
        <label className="field">
          <span>Date and time</span>
          <input
            type="datetime-local"
            required
            value={draft.at}
            onChange={(event) => set({ at: event.target.value })}
            {...described('at')}
          />
          <small className="muted">In your time zone ({browserTimeZone()}).</small>
          <FieldError id={`${id}-at-error`} message={errorOf('at')} />
        </label>
      ) : null}

      {draft.type === 'cron' ? (
        <div className="field-row">
          <label className="field field--inline">
            <span>Cron expression</span>
            <input
              value={draft.expression}
              required
              spellCheck={false}
              placeholder="0 8 1 * *"
              className="mono"
              onChange={(event) => set({ expression: event.target.value })}
              {...described('expression')}
            />
            <small className="muted">minute hour day-of-month month day-of-week</small>
            <FieldError id={`${id}-expression-error`} message={errorOf('expression')} />
          </label>
          {zoneField}
        </div>
      ) : null}

      {draft.type === 'interval' ? (
        <label className="field field--narrow">
          <span>Every how many hours</span>
          <input
            type="number"
            min="0.25"
            step="0.25"
            required
            value={draft.everyHours}
            onChange={(event) => set({ everyHours: event.target.value })}
            {...described('everySeconds')}
          />
          <FieldError id={`${id}-everySeconds-error`} message={errorOf('everySeconds')} />
        </label>
      ) : null}

      {words ? (
        <p className="schedule__preview muted" aria-live="polite">
          {words}
        </p>
      ) : null}
    </fieldset>
  );
}
