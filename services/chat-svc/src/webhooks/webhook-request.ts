import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { causedByPrivateAddress, guardedLookup } from '@perplexica/net';
import { signWebhook } from './webhook-signature.ts';
import { webhookUrlProblem } from './webhook-url.ts';

/** What one attempt came to: delivered, worth another attempt, or refused for good. */
export type AttemptOutcome =
  | { kind: 'delivered'; status: number; excerpt: string }
  | { kind: 'retry' | 'failed'; status: number | null; excerpt: string | null; error: string };

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface AttemptOptions {
  timeoutMs: number;
  /** Tests and the local stack: http and private addresses allowed. */
  allowInsecure: boolean;
}

const EXCERPT_CHARS = 200;
/** Read no more of a receiver's answer than the excerpt needs: it could be anything, and huge. */
const MAX_READ_BYTES = 1_024;

function outcomeOf(status: number, excerpt: string): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status, excerpt };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'retry', status, excerpt, error: `the receiver answered ${status}` };
  }
  const error =
    status >= 300 && status < 400
      ? `the receiver answered ${status}; redirects are not followed`
      : `the receiver answered ${status}`;
  return { kind: 'failed', status, excerpt, error };
}

/**
 * One signed POST of a delivery's body (the Standard Webhooks headers, signed at this attempt's
 * time). Node's own http client, with @perplexica/net's guarded DNS lookup on the connection, so
 * the address checked is the address connected to; it follows no redirects, which could otherwise
 * lead to an internal address. One connection per attempt: deliveries are rare and go to many hosts.
 */
export function postWebhook(
  target: WebhookTarget,
  delivery: { id: string; body: string },
  options: AttemptOptions,
): Promise<AttemptOutcome> {
  // Checked again at send time: the rules may have tightened since the URL was registered.
  const problem = webhookUrlProblem(target.url, options.allowInsecure);
  if (problem)
    return Promise.resolve({ kind: 'failed', status: null, excerpt: null, error: `url ${problem}` });
  const url = new URL(target.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Perplexica-Webhooks/1',
    ...signWebhook(target.secret, delivery.id, delivery.body),
  };

  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const onResponse = (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let read = 0;
      const finish = () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
        settle(outcomeOf(status, text));
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        read += chunk.length;
        if (read >= MAX_READ_BYTES) finish();
      });
      response.on('end', finish);
      // The status is known; a body cut short (timeout, reset) only shortens the excerpt.
      response.on('error', finish);
      response.on('close', finish);
    };
    const request = send(
      url,
      {
        method: 'POST',
        headers,
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.allowInsecure ? {} : { lookup: guardedLookup }),
      },
      onResponse,
    );
    request.on('error', (error: Error) => {
      if (causedByPrivateAddress(error)) {
        settle({ kind: 'failed', status: null, excerpt: null, error: error.message });
      } else if (error.name === 'AbortError' || error.name === 'TimeoutError') {
        settle({
          kind: 'retry',
          status: null,
          excerpt: null,
          error: `no answer within ${options.timeoutMs} ms`,
        });
      } else {
        const code = (error as { code?: string }).code;
        settle({
          kind: 'retry',
          status: null,
          excerpt: null,
          error: `could not reach the receiver: ${code ?? error.message}`,
        });
      }
    });
    request.end(delivery.body);
  });
}
