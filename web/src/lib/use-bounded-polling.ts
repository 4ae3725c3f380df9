import { useEffect, useState } from 'react';

export interface PollingOptions {
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Polling stops after this long, even if still active; `restart` begins again. */
  giveUpAfterMs?: number;
}

/**
 * Calls `poll` while `active`: soon at first, then less often, never for ever, and not while the
 * tab is in the background (it catches up when shown). For lists whose items change on the server
 * (files being processed, connectors syncing).
 */
export function useBoundedPolling(
  active: boolean,
  poll: () => Promise<void>,
  { firstDelayMs = 1_000, maxDelayMs = 10_000, giveUpAfterMs = 10 * 60_000 }: PollingOptions = {},
): { gaveUp: boolean; restart: () => void } {
  const [gaveUp, setGaveUp] = useState(false);
  const [epoch, setEpoch] = useState(0);
  // A new epoch (restart) starts polling over.
  useEffect(() => {
    if (!active) return;
    setGaveUp(false);
    const started = Date.now();
    let attempt = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if (stopped) return;
      if (Date.now() - started > giveUpAfterMs) {
        setGaveUp(true);
        return;
      }
      if (!document.hidden) await poll().catch(() => {});
      attempt += 1;
      if (!stopped) timer = setTimeout(tick, Math.min(maxDelayMs, firstDelayMs * 1.5 ** attempt));
    };
    timer = setTimeout(tick, firstDelayMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, poll, epoch, firstDelayMs, maxDelayMs, giveUpAfterMs]);
  return { gaveUp: gaveUp && active, restart: () => setEpoch((value) => value + 1) };
}
