import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { Focus, Mode } from '../api/types.ts';

export const modes: Array<{ value: Mode; label: string; hint: string }> = [
  { value: 'speed', label: 'Speed', hint: 'One quick search' },
  { value: 'balanced', label: 'Balanced', hint: 'A few searches, reads pages' },
  { value: 'quality', label: 'Quality', hint: 'Researches in rounds' },
  { value: 'learn', label: 'Learn', hint: 'Explains step by step' },
];

export const focuses: Array<{ value: Focus; label: string }> = [
  { value: 'web', label: 'Web' },
  { value: 'academic', label: 'Academic' },
  { value: 'video', label: 'Video' },
  { value: 'social', label: 'Social' },
  { value: 'writing', label: 'Writing (no search)' },
  { value: 'patents', label: 'Patents' },
  { value: 'files', label: 'My files' },
  { value: 'local', label: 'Local documents' },
];

/** The label of a mode or focus, or undefined for none. */
export const optionLabel = <T extends string>(options: Array<{ value: T; label: string }>, value: T | null) =>
  options.find((option) => option.value === value)?.label;

export interface AskBoxProps {
  /** Mode and focus are absent only when the person kept a space's defaults. */
  onAsk: (query: string, mode?: Mode, focus?: Focus) => void;
  placeholder: string;
  busy?: boolean;
  autoFocus?: boolean;
  /** The follow-up box keeps the pickers small. */
  compact?: boolean;
  initialMode?: Mode;
  initialFocus?: Focus;
  /**
   * Asking in a space: the pickers start on "space default" and send nothing unless changed, so
   * chat-svc applies the space's defaults (named here, or speed/web when the space has none).
   */
  spaceDefaults?: { mode: Mode | null; focus: Focus | null };
  /** For the textarea's id when more than one box is on a page. */
  id?: string;
  /** Text the box starts with (a question suggested elsewhere), for the person to send or change. */
  initialQuery?: string;
}

/** The ask box: Enter sends, Shift+Enter starts a new line; mode and focus beside it. */
export function AskBox({
  onAsk,
  placeholder,
  busy = false,
  autoFocus = false,
  compact = false,
  initialMode = 'speed',
  initialFocus = 'web',
  spaceDefaults,
  id,
  initialQuery = '',
}: AskBoxProps) {
  const [query, setQuery] = useState(initialQuery);
  // '' is "the space's default": only offered when asking in a space.
  const [mode, setMode] = useState<Mode | ''>(spaceDefaults ? '' : initialMode);
  const [focus, setFocus] = useState<Focus | ''>(spaceDefaults ? '' : initialFocus);
  const input = useRef<HTMLTextAreaElement>(null);

  // The start page is for asking: its box takes the keyboard at once (a choice the page makes,
  // hence autoFocus only there).
  useEffect(() => {
    const area = input.current;
    if (!autoFocus || !area) return;
    area.focus();
    // A suggested question: the cursor goes after it, ready to send or to add to.
    area.setSelectionRange(area.value.length, area.value.length);
  }, [autoFocus]);

  // Grows with its text, up to a limit (then it scrolls).
  useEffect(() => {
    const area = input.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 240)}px`;
  }, [query]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const text = query.trim();
    if (!text || busy) return;
    onAsk(text, mode || undefined, focus || undefined);
    setQuery('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Not while an input method is composing (Japanese, Chinese …): Enter picks the word there.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  const inputId = id ?? (compact ? 'follow-up' : 'ask');
  return (
    <form className={`ask-box${compact ? ' ask-box--compact' : ''}`} onSubmit={submit}>
      <label className="visually-hidden" htmlFor={inputId}>
        {placeholder}
      </label>
      <textarea
        id={inputId}
        ref={input}
        rows={compact ? 1 : 2}
        value={query}
        placeholder={placeholder}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        maxLength={8_000}
      />
      <div className="ask-box__bar">
        <label className="picker">
          <span className="visually-hidden">Mode</span>
          <select
            value={mode}
            onChange={(event) => setMode(event.target.value as Mode | '')}
            title={modes.find((m) => m.value === mode)?.hint ?? "The space's default mode"}
          >
            {spaceDefaults ? (
              <option value="">{optionLabel(modes, spaceDefaults.mode) ?? 'Speed'} (space default)</option>
            ) : null}
            {modes.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="picker">
          <span className="visually-hidden">Focus</span>
          <select value={focus} onChange={(event) => setFocus(event.target.value as Focus | '')}>
            {spaceDefaults ? (
              <option value="">{optionLabel(focuses, spaceDefaults.focus) ?? 'Web'} (space default)</option>
            ) : null}
            {focuses.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="ask-box__send"
          disabled={busy || query.trim() === ''}
          aria-label="Ask"
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path
              d="M5 12h14M13 6l6 6-6 6"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </button>
      </div>
    </form>
  );
}
