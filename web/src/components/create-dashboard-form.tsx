import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link } from 'wouter';
import { type Artifact, create, type DashboardArtifact, type TableArtifact } from '../api/create.ts';
import { describeError } from '../api/errors.ts';
import { useRequest } from '../lib/use-request.ts';
import {
  type ChartDraft,
  CreateChartEditor,
  chartIsComplete,
  chartSpecOf,
  defaultChart,
} from './create-chart-editor.tsx';
import { CreateDashboardView } from './create-dashboard-view.tsx';
import { CreateDataInput, type DataDraft, emptyDraft, givenDataFrom } from './create-data-input.tsx';
import { CreateDownloadButton } from './create-download-button.tsx';
import { fieldMessage, formMessage } from './create-field-errors.tsx';

const MAX_CHARTS = 12;
const isTable = (artifact: Artifact): artifact is TableArtifact => artifact.kind === 'table';

/**
 * A dashboard: charts over one of the person's tables (or data pasted here, kept as a table so it
 * can be charted again). Only fields the table has are offered, and only numbers to plot; the
 * charts are drawn as they are set up, and saved to create-svc, which checks them against the
 * data again and says which field is wrong if one is.
 */
export function CreateDashboardForm({
  initialTableId,
  onCreated,
}: {
  initialTableId?: string | null;
  onCreated?: (artifact: DashboardArtifact) => void;
}) {
  const id = useId();
  const [source, setSource] = useState<'table' | 'paste'>('table');
  const [tableId, setTableId] = useState<string>(initialTableId ?? '');
  const [title, setTitle] = useState('');
  const [charts, setCharts] = useState<ChartDraft[]>([]);
  const [draft, setDraft] = useState<DataDraft>(emptyDraft);
  const [pasteError, setPasteError] = useState<unknown>(null);
  const [pasteProblem, setPasteProblem] = useState<string | null>(null);
  const [pasting, setPasting] = useState(false);
  const [extraTables, setExtraTables] = useState<TableArtifact[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<DashboardArtifact | null>(null);

  // The person's tables to choose from, newest first (the hundred newest: a page of create-svc's).
  const [tables, reloadTables] = useRequest('tables', () => create.list({ kind: 'table', limit: 100 }));
  const listed = tables.status === 'ok' ? tables.data.artifacts.filter(isTable) : [];
  const choices = [...extraTables.filter((made) => !listed.some((table) => table.id === made.id)), ...listed];

  // The chosen table with its rows: its columns are what the charts may name.
  const [chosen, reloadChosen] = useRequest(tableId || null, () => create.get(tableId));
  const table = chosen.status === 'ok' && isTable(chosen.data.artifact) ? chosen.data.artifact : null;
  const columns = table?.table.columns ?? [];
  const rows = table?.table.rows ?? [];

  // A new table starts with one chart suggested from its columns.
  useEffect(() => {
    if (table) {
      setCharts([defaultChart(table.table.columns)]);
      setError(null);
      setSaved(null);
    }
  }, [table?.id]);

  const edit = (next: ChartDraft[]) => {
    setCharts(next);
    setSaved(null);
  };

  const chartPastedData = async () => {
    setPasteError(null);
    setPasteProblem(null);
    const data = givenDataFrom(draft);
    if (!data) return setPasteProblem('Paste the data first, or read it from a file.');
    if ('problem' in data) return setPasteProblem(data.problem);
    setPasting(true);
    try {
      const { artifact } = await create.table({ title: title.trim() || 'Dashboard data', data });
      setExtraTables((held) => [artifact, ...held]);
      setTableId(artifact.id);
      setSource('table');
      setDraft(emptyDraft);
      reloadTables();
    } catch (failure) {
      setPasteError(failure);
    } finally {
      setPasting(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setProblem(null);
    if (!table) return setProblem('Choose a table to chart first.');
    const incomplete = charts.findIndex((chart) => !chartIsComplete(chart));
    if (incomplete >= 0) return setProblem(`Chart ${incomplete + 1}: choose at least one number to plot.`);
    setBusy(true);
    try {
      const { artifact } = await create.dashboard({
        title: title.trim() || table.title,
        tableId: table.id,
        charts: charts.map(chartSpecOf),
      });
      setSaved(artifact);
      onCreated?.(artifact);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const ready = charts.filter(chartIsComplete).map(chartSpecOf);
  const titleError = fieldMessage(error, 'body.title');
  const tableError = fieldMessage(error, 'body.tableId');
  const general = formMessage(error, ['body.title', 'body.tableId', 'body.charts']);
  // Issues about the list of charts as a whole (not one chart's field) are said at the list.
  const chartsError = fieldMessage(error, 'body.charts')
    ? charts.some((_, index) => fieldMessage(error, `body.charts.${index}`))
      ? null
      : fieldMessage(error, 'body.charts')
    : null;

  return (
    <section className="create-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Make a dashboard</h2>
      <p className="muted">Charts over one of your tables: bars, lines, areas or a pie.</p>
      <form className="create-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-title`}>
            <span>Dashboard title</span>
          </label>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={200}
            placeholder={table?.title ?? 'Sales by region'}
            aria-invalid={titleError ? true : undefined}
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
        {titleError ? (
          <p className="field-error" role="alert">
            {titleError}
          </p>
        ) : null}
        <fieldset className="choices create-source">
          <legend>Data</legend>
          <label className="checkbox">
            <input
              type="radio"
              name={`${id}-source`}
              checked={source === 'table'}
              onChange={() => setSource('table')}
            />
            One of my tables
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name={`${id}-source`}
              checked={source === 'paste'}
              onChange={() => setSource('paste')}
            />
            Paste data
          </label>
        </fieldset>
        {source === 'table' ? (
          <div>
            <div className="field">
              <label htmlFor={`${id}-table`}>
                <span>Table</span>
              </label>
              <select
                id={`${id}-table`}
                value={tableId}
                aria-invalid={tableError ? true : undefined}
                onChange={(event) => setTableId(event.target.value)}
              >
                <option value="">
                  {tables.status === 'loading' ? 'Loading your tables…' : 'Choose a table'}
                </option>
                {choices.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.title} ({choice.table.rowCount} rows)
                  </option>
                ))}
                {/* A table asked for by the address but not among the newest hundred. */}
                {table && !choices.some((choice) => choice.id === table.id) ? (
                  <option value={table.id}>{table.title}</option>
                ) : null}
              </select>
            </div>
            {tableError ? (
              <p className="field-error" role="alert">
                {tableError}
              </p>
            ) : null}
            {tables.status === 'ok' && choices.length === 0 ? (
              <p className="muted">You have no tables yet. Paste data instead, or make a table first.</p>
            ) : null}
            {tables.status === 'failed' ? (
              <p className="notice notice--error" role="alert">
                Your tables could not be listed: {describeError(tables.error)}{' '}
                <button type="button" className="link-button" onClick={reloadTables}>
                  Try again
                </button>
              </p>
            ) : null}
          </div>
        ) : (
          <div className="create-paste">
            <CreateDataInput
              draft={draft}
              onChange={setDraft}
              label="Data to chart"
              error={pasteProblem ?? fieldMessage(pasteError, 'body.data')}
            />
            {pasteError && !fieldMessage(pasteError, 'body.data') ? (
              <p className="notice notice--error" role="alert">
                {describeError(pasteError)}
              </p>
            ) : null}
            <button type="button" className="button" onClick={chartPastedData} disabled={pasting}>
              {pasting ? 'Reading the data…' : 'Use this data'}
            </button>
            <p className="muted">It is kept as a table in Your creations, so you can chart it again.</p>
          </div>
        )}
        {chosen.status === 'loading' ? <p className="muted">Loading the table…</p> : null}
        {chosen.status === 'failed' ? (
          <p className="notice notice--error" role="alert">
            That table could not be opened: {describeError(chosen.error)}{' '}
            <button type="button" className="link-button" onClick={reloadChosen}>
              Try again
            </button>
          </p>
        ) : null}
        {table ? (
          <>
            {charts.map((chart, index) => (
              <CreateChartEditor
                // Charts are edited in place; removing one renumbers the rest, as their legends say.
                key={index}
                index={index}
                draft={chart}
                columns={columns}
                error={error}
                onChange={(next) => edit(charts.map((held, at) => (at === index ? next : held)))}
                {...(charts.length > 1
                  ? { onRemove: () => edit(charts.filter((_, at) => at !== index)) }
                  : {})}
              />
            ))}
            {chartsError ? (
              <p className="field-error" role="alert">
                {chartsError}
              </p>
            ) : null}
            <div className="create-form__actions">
              <button
                type="button"
                className="button"
                disabled={charts.length >= MAX_CHARTS}
                onClick={() => edit([...charts, defaultChart(columns)])}
              >
                Add a chart
              </button>
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save dashboard'}
              </button>
            </div>
          </>
        ) : null}
        {problem ? (
          <p className="field-error" role="alert">
            {problem}
          </p>
        ) : null}
      </form>
      {general ? (
        <p className="notice notice--error" role="alert">
          {general}
        </p>
      ) : null}
      {saved ? (
        <div className="create-result">
          <div className="create-result__head">
            <p className="notice notice--success" role="status">
              Saved “{saved.title}”.
            </p>
            <div className="create-result__actions">
              <CreateDownloadButton artifact={saved} />
              <Link className="button button--quiet" href={`/create/${saved.id}`}>
                Open
              </Link>
            </div>
          </div>
          <CreateDashboardView
            label={saved.title}
            charts={saved.dashboard.charts}
            columns={saved.dashboard.columns}
            rows={saved.dashboard.rows ?? []}
          />
        </div>
      ) : table && ready.length > 0 ? (
        <div className="create-result">
          <h3>Preview</h3>
          <CreateDashboardView label="Preview" charts={ready} columns={columns} rows={rows} />
        </div>
      ) : null}
    </section>
  );
}
