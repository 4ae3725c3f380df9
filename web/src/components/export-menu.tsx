import { useEffect, useId, useRef, useState } from 'react';
import type { ExportFormat } from '../api/create.ts';
import { ApiFailure, describeError } from '../api/errors.ts';

const formats: Array<[ExportFormat, string]> = [
  ['markdown', 'Markdown (.md)'],
  ['pdf', 'PDF (.pdf)'],
  ['docx', 'Word (.docx)'],
];

/** create-svc could not be reached or did not answer: the in-browser Markdown still can be made. */
const unreachable = (error: unknown) =>
  error instanceof TypeError ||
  (error instanceof ApiFailure && error.status >= 500 && error.code !== 'not_configured');

/**
 * A thread's "Export" menu: Markdown, PDF or Word, each rendered by create-svc (one reference list
 * for the whole thread) and handed to the browser's download under the server's file name.
 * Markdown can also be made in the browser from what the page shows: for an answer not saved yet,
 * and when create-svc does not answer, so the export that always worked keeps working.
 */
export function ExportMenu({
  title,
  download,
  saved = true,
  localMarkdown,
}: {
  title: string;
  /** Downloads the thread in a format; resolves with the file's name. */
  download: (format: ExportFormat) => Promise<string>;
  /** Whether the server has the thread yet (a first answer is saved when it ends). */
  saved?: boolean;
  /** Makes the Markdown in the browser and downloads it; returns the file's name. */
  localMarkdown?: () => string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    // A click anywhere else closes the menu, as menus do.
    const closeOutside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', closeOutside);
    return () => document.removeEventListener('mousedown', closeOutside);
  }, [open]);

  // The note fades after a few seconds; the file itself is in the browser's downloads.
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), 6_000);
    return () => clearTimeout(timer);
  }, [status]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  const run = async (format: ExportFormat) => {
    setError(null);
    setStatus(null);
    setBusy(format);
    try {
      if (!saved && format === 'markdown' && localMarkdown) {
        setStatus(`Downloaded ${localMarkdown()}`);
      } else {
        setStatus(`Downloaded ${await download(format)}`);
      }
      close();
    } catch (failure) {
      if (format === 'markdown' && localMarkdown && unreachable(failure)) {
        setStatus(`Downloaded ${localMarkdown()} (made in this browser: the export service did not answer)`);
        close();
      } else {
        setError(describeError(failure));
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the menu closes it
    <div className="menu" ref={root} onKeyDown={(event) => event.key === 'Escape' && open && close()}>
      <button
        ref={toggle}
        type="button"
        className="button button--quiet"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Export “${title}”`}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Export
      </button>
      {open ? (
        <div className="menu__popover" id={menuId}>
          <p className="menu__heading">Download as</p>
          <ul className="menu__list">
            {formats.map(([format, name]) => {
              const waiting = !saved && !(format === 'markdown' && localMarkdown);
              return (
                <li key={format}>
                  <button
                    type="button"
                    className="menu__item"
                    // Greyed as the app's disabled buttons are: the menu's own styles have no disabled look.
                    style={waiting ? { opacity: 0.55, cursor: 'not-allowed' } : undefined}
                    disabled={busy !== null || waiting}
                    onClick={() => void run(format)}
                  >
                    {busy === format ? `Preparing ${name}…` : name}
                  </button>
                </li>
              );
            })}
          </ul>
          {!saved ? <p className="muted">PDF and Word are ready once the answer is saved.</p> : null}
          {error ? (
            <p className="notice notice--error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
      {status ? (
        <span className="menu__status" role="status">
          {status}
        </span>
      ) : null}
    </div>
  );
}
