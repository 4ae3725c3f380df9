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
  { value: 'local', label: 'My files' },
];

export interface AskBoxProps {
  onAsk: (query: string, mode: Mode, focus: Focus) => void;
  placeholder: string;
  busy?: boolean;
  autoFocus?: boolean;
  /** The follow-up box keeps the pickers small. */
  compact?: boolean;
  initialMode?: Mode;
  initialFocus?: Focus;
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
}: AskBoxProps) {
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<Mode>(initialMode);
  const [focus, setFocus] = useState<Focus>(initialFocus);
  const input = useRef<HTMLTextAreaElement>(null);

  // The start page is for asking: its box takes the keyboard at once (a choice the page makes,
  // hence autoFocus only there).
  useEffect(() => {
    if (autoFocus) input.current?.focus();
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
    onAsk(text, mode, focus);
    setQuery('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Not while an input method is composing (Japanese, Chinese …): Enter picks the word there.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <form className={`ask-box${compact ? ' ask-box--compact' : ''}`} onSubmit={submit}>
      <label className="visually-hidden" htmlFor={compact ? 'follow-up' : 'ask'}>
        {placeholder}
      </label>
      <textarea
        id={compact ? 'follow-up' : 'ask'}
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
            onChange={(event) => setMode(event.target.value as Mode)}
            title={modes.find((m) => m.value === mode)?.hint}
          >
            {modes.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <label className="picker">
          <span className="visually-hidden">Focus</span>
          <select value={focus} onChange={(event) => setFocus(event.target.value as Focus)}>
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
