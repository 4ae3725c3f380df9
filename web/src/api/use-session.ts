import { useSyncExternalStore } from 'react';
import { session, type User } from './session.ts';

/** The signed-in user (null when signed out), re-rendering when it changes. */
export function useUser(): User | null {
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.user,
  );
}
