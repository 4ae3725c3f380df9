import type * as Undici from 'undici';

let loading: Promise<typeof Undici> | undefined;

/**
 * undici (the npm package, for its keep-alive pools and request()), loaded on the first outgoing
 * call: its code and WebAssembly HTTP parser are ~30 MB of a process's memory, which a service that
 * has not called out yet (most of a laptop's stack at idle) need not carry.
 */
export const loadUndici = (): Promise<typeof Undici> => {
  loading ??= import('undici');
  return loading;
};

/** A keep-alive pool made on first use, with these options. */
export function lazyAgent(options: Undici.Agent.Options): () => Promise<Undici.Agent> {
  let agent: Promise<Undici.Agent> | undefined;
  return () => {
    agent ??= loadUndici().then(({ Agent }) => new Agent(options));
    return agent;
  };
}
