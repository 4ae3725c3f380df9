import { AsyncLocalStorage } from 'node:async_hooks';

/** What an outgoing service call copies from the incoming request it is made for. */
export interface RequestContext {
  requestId: string;
  authorization?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
