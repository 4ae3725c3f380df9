import { useId } from 'react';
import { type ChartSpec, type ChartType, type Column, chartTypes } from '../api/create.ts';
import { fieldMessage } from './create-field-errors.tsx';
import { typeNames } from './create-table-view.tsx';

/** One chart as the form holds it; `series` '' is none. */
export interface ChartDraft {
  type: ChartType;
  title: string;
  x: string;
  y: string[];
  series: string;
  stacked: boolean;
}

const chartNames: Record<ChartType, string> = { bar: 'Bar', line: 'Line', area: 'Area', pie: 'Pie' };

/** A first chart over a table: its first text-like column along x, its first number up. */
export function defaultChart(columns: readonly Column[]): ChartDraft {
  const firstNumber = columns.find((column) => column.type === 'number');
  const firstLabel = columns.find((column) => column.type !== 'number') ?? columns[0];
  return {
    type: 'bar',
    title: '',
    x: firstLabel?.key ?? '',
    y: firstNumber ? [firstNumber.key] : [],
    series: '',
    stacked: false,
  };
}

/** Whether the draft can be drawn and sent: an x and at least one y. */
export const chartIsComplete = (draft: ChartDraft) => draft.x !== '' && draft.y.length > 0;

/** The chart in create-svc's spec; options that do not apply to its type are left out. */
export function chartSpecOf(draft: ChartDraft): ChartSpec {
  const splits = draft.type !== 'pie' && draft.y.length === 1 && draft.series !== '';
  return {
    type: draft.type,
    x: draft.x,
    y: draft.type === 'pie' ? draft.y.slice(0, 1) : draft.y,
    ...(draft.title.trim() ? { title: draft.title.trim() } : {}),
    ...(splits ? { series: draft.series } : {}),
    ...(draft.stacked && (draft.type === 'bar' || draft.type === 'area') && (splits || draft.y.length > 1)
      ? { stacked: true }
      : {}),
  };
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  );
}

/**
 * One chart's settings: its type, title, the field along x (any column), the numbers plotted (only
 * number columns are offered; one for a pie), an optional field splitting one number into series,
 * and stacking for bars and areas. What create-svc refuses is shown beside the field it names.
 */
export function CreateChartEditor({
  index,
  draft,
  columns,
  error,
  onChange,
  onRemove,
}: {
  index: number;
  draft: ChartDraft;
  columns: readonly Column[];
  /** The last refusal of the dashboard, whose issues may point into this chart. */
  error: unknown;
  onChange: (draft: ChartDraft) => void;
  onRemove?: () => void;
}) {
  const id = useId();
  const numbers = columns.filter((column) => column.type === 'number');
  const splitters = columns.filter((column) => column.type !== 'number' && column.key !== draft.x);
  const at = `body.charts.${index}`;
  const xError = fieldMessage(error, `${at}.x`);
  const yError = fieldMessage(error, `${at}.y`);
  const seriesError = fieldMessage(error, `${at}.series`);
  const otherError = [
    fieldMessage(error, `${at}.type`),
    fieldMessage(error, `${at}.stacked`),
    fieldMessage(error, `${at}.title`),
  ]
    .filter(Boolean)
    .join(' ');
  const canSplit = draft.type !== 'pie' && draft.y.length === 1 && splitters.length > 0;
  const canStack =
    (draft.type === 'bar' || draft.type === 'area') &&
    (draft.y.length > 1 || (canSplit && draft.series !== ''));
  const set = (patch: Partial<ChartDraft>) => onChange({ ...draft, ...patch });
  const toggleY = (key: string, on: boolean) => {
    if (draft.type === 'pie') return set({ y: [key] });
    // Kept in the table's column order, whatever order they were ticked in.
    const chosen = new Set(on ? [...draft.y, key] : draft.y.filter((name) => name !== key));
    const y = numbers
      .map((column) => column.key)
      .filter((name) => chosen.has(name))
      .slice(0, 10);
    // A split needs exactly one number: with more, each number is its own series.
    set({ y, ...(y.length === 1 ? {} : { series: '' }) });
  };

  return (
    <fieldset className="chart-editor">
      <legend>Chart {index + 1}</legend>
      <div className="chart-editor__grid">
        <div className="field">
          <label htmlFor={`${id}-type`}>
            <span>Type</span>
          </label>
          <select
            id={`${id}-type`}
            value={draft.type}
            onChange={(event) => {
              const type = event.target.value as ChartType;
              set({
                type,
                ...(type === 'pie' ? { y: draft.y.slice(0, 1), series: '', stacked: false } : {}),
              });
            }}
          >
            {chartTypes.map((type) => (
              <option key={type} value={type}>
                {chartNames[type]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-title`}>
            <span>Chart title (optional)</span>
          </label>
          <input
            id={`${id}-title`}
            value={draft.title}
            maxLength={200}
            onChange={(event) => set({ title: event.target.value })}
          />
        </div>
        <div>
          <div className="field">
            <label htmlFor={`${id}-x`}>
              <span>{draft.type === 'pie' ? 'Slices' : 'Along the bottom (x)'}</span>
            </label>
            <select
              id={`${id}-x`}
              value={draft.x}
              aria-invalid={xError ? true : undefined}
              aria-describedby={xError ? `${id}-x-error` : undefined}
              onChange={(event) =>
                set({
                  x: event.target.value,
                  series: draft.series === event.target.value ? '' : draft.series,
                })
              }
            >
              {columns.map((column) => (
                <option key={column.key} value={column.key}>
                  {column.label} ({typeNames[column.type]})
                </option>
              ))}
            </select>
          </div>
          <FieldError id={`${id}-x-error`} message={xError} />
        </div>
      </div>
      <fieldset
        className="choices chart-editor__y"
        aria-invalid={yError ? true : undefined}
        aria-describedby={yError ? `${id}-y-error` : undefined}
      >
        <legend>{draft.type === 'pie' ? 'Size of each slice' : 'Numbers to plot (y)'}</legend>
        {numbers.length === 0 ? (
          <p className="muted">This data has no number columns to plot.</p>
        ) : (
          numbers.map((column) => (
            <label key={column.key} className="checkbox">
              <input
                type={draft.type === 'pie' ? 'radio' : 'checkbox'}
                name={`${id}-y`}
                checked={draft.y.includes(column.key)}
                onChange={(event) => toggleY(column.key, event.target.checked)}
              />
              {column.label}
            </label>
          ))
        )}
      </fieldset>
      <FieldError id={`${id}-y-error`} message={yError} />
      {canSplit || draft.series ? (
        <div>
          <div className="field chart-editor__series">
            <label htmlFor={`${id}-series`}>
              <span>Split into series by (optional)</span>
            </label>
            <select
              id={`${id}-series`}
              value={draft.series}
              aria-invalid={seriesError ? true : undefined}
              aria-describedby={seriesError ? `${id}-series-error` : undefined}
              onChange={(event) => set({ series: event.target.value })}
            >
              <option value="">No split</option>
              {splitters.map((column) => (
                <option key={column.key} value={column.key}>
                  {column.label}
                </option>
              ))}
            </select>
          </div>
          <FieldError id={`${id}-series-error`} message={seriesError} />
        </div>
      ) : null}
      {canStack ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.stacked}
            onChange={(event) => set({ stacked: event.target.checked })}
          />
          Stack {draft.type === 'bar' ? 'the bars' : 'the areas'}
        </label>
      ) : null}
      <FieldError id={`${id}-other-error`} message={otherError || null} />
      {onRemove ? (
        <button
          type="button"
          className="button button--quiet button--danger chart-editor__remove"
          onClick={onRemove}
        >
          Remove chart {index + 1}
        </button>
      ) : null}
    </fieldset>
  );
}
