import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; data: T }
  | { status: 'failed'; error: unknown };

/**
 * The answer of one API call, loaded again when `key` changes (null: nothing to load). An answer
 * that arrives after the key moved on is dropped, so a slow old request never overwrites a newer
 * one. The second element loads it again (a Retry button).
 */
export function useRequest<T>(key: string | null, load: () => Promise<T>): [Loaded<T>, () => void] {
  const [state, setState] = useState<{ key: string | null; loaded: Loaded<T> }>({
    key: null,
    loaded: { status: 'idle' },
  });
  const [attempt, setAttempt] = useState(0);
  // `load` is a new closure each render; the key says when it asks for something else.
  useEffect(() => {
    if (key === null) {
      setState({ key, loaded: { status: 'idle' } });
      return;
    }
    let current = true;
    setState({ key, loaded: { status: 'loading' } });
    load().then(
      (data) => current && setState({ key, loaded: { status: 'ok', data } }),
      (error: unknown) => current && setState({ key, loaded: { status: 'failed', error } }),
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // Until the effect has run for a new key, what is held belongs to the old one.
  return [state.key === key ? state.loaded : { status: key === null ? 'idle' : 'loading' }, retry];
}
