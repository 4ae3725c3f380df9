import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { files as filesApi, isPending, type StoredFile } from '../api/files.ts';
import { useBoundedPolling } from './use-bounded-polling.ts';

export interface FileListState {
  files: StoredFile[] | null;
  error: string | null;
  /** Polling stopped with files still pending; `checkAgain` starts it over. */
  gaveUp: boolean;
  checkAgain: () => void;
  /** A file just uploaded, retried or changed: into the list (replacing the same id). */
  upsert: (file: StoredFile) => void;
  drop: (id: string) => void;
}

/**
 * The person's files (or a space's), asked again while any is queued or processing. A new
 * `reloadKey` reloads them (a connector of the space finished syncing).
 */
export function useFiles(spaceId?: string, reloadKey = 0): FileListState {
  const [files, setFiles] = useState<StoredFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A poll that answers after a newer one (or after a delete) must not put back what changed since.
  const asked = useRef(0);
  const shown = useRef(0);
  const load = useCallback(async () => {
    const ticket = ++asked.current;
    try {
      const listed = (await filesApi.list(spaceId)).files;
      if (ticket < shown.current) return;
      shown.current = ticket;
      setFiles(listed);
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
      setFiles((current) => current ?? []);
    }
  }, [spaceId]);

  // A new reloadKey asks for the list again.
  useEffect(() => void load(), [load, reloadKey]);
  const { gaveUp, restart } = useBoundedPolling(files?.some(isPending) ?? false, load);

  return {
    files,
    error,
    gaveUp,
    checkAgain: () => {
      void load();
      restart();
    },
    upsert: (file) =>
      setFiles((current) =>
        current?.some((existing) => existing.id === file.id)
          ? current.map((existing) => (existing.id === file.id ? file : existing))
          : [file, ...(current ?? [])],
      ),
    drop: (id) => setFiles((current) => current?.filter((file) => file.id !== id) ?? null),
  };
}
