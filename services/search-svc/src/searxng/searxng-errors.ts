/** Why one SearXNG instance could not answer; the pool decides what the caller sees. */
export class SearxngError extends Error {
  readonly instance: string;
  /** misconfigured: answers, but not in JSON (settings.yml); failed: down, slow or erroring. */
  readonly kind: 'misconfigured' | 'failed';

  constructor(instance: string, kind: 'misconfigured' | 'failed', message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'SearxngError';
    this.instance = instance;
    this.kind = kind;
  }
}

export const jsonFormatHint =
  "enable JSON output in SearXNG's settings.yml: `search: formats: [html, json]` (the search.formats setting), then restart SearXNG";

/** The instance's address without credentials, for messages and logs. */
export function describeInstance(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
  } catch {
    return 'the configured SearXNG instance';
  }
}
