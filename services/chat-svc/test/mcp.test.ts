import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { type AuditCapture, captureAuditEvents } from '@perplexica/audit/testing';
import { createLogger } from '@perplexica/observability';
import { freshRedisPrefix } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServiceUnderTest, call, signUp, startAuthService } from '../../auth-svc/test/harness.ts';
import {
  type BillingServiceUnderTest,
  internalClient,
  startBillingService,
} from '../../billing-svc/test/harness.ts';
import { type Neighbours, startChatService, startNeighbours } from './harness.ts';

// chat-svc's MCP endpoint driven by the MCP SDK's own client over real HTTP: a real auth-svc issues
// the API keys, a real billing-svc meters quality answers, real search-svc and library-svc answer
// behind it; only SearXNG and the model are the fakes. Audit events go to a queue nobody drains.
const queuePrefix = freshRedisPrefix('chat-mcp-audit');
let capture: AuditCapture;
let world: Neighbours;
let auth: AuthServiceUnderTest;
let billing: BillingServiceUnderTest;
let chat: Awaited<ReturnType<typeof startChatService>>;
let account: Awaited<ReturnType<typeof signUp>>;
let chatKey: { id: string; key: string };
let searchOnlyKey: string;

async function createKey(token: string, scopes: string[]) {
  const created = await call(`${auth.url}/api/v1/auth/api-keys`, {
    token,
    body: { name: `mcp ${scopes.join(' ')}`, scopes },
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; key: string };
}

beforeAll(async () => {
  capture = captureAuditEvents({
    url: queuePrefix.url,
    prefix: `${queuePrefix.prefix}bull`,
    service: 'chat-svc',
    logger: createLogger({ service: 'chat-svc', level: 'silent' }),
  });
  world = await startNeighbours();
  auth = await startAuthService({ LOG_LEVEL: 'warn' });
  billing = await startBillingService({}, { yookassa: false, worker: false });
  chat = await startChatService(
    world,
    {
      AUTH_SERVICE_URL: auth.url,
      JWT_PUBLIC_KEY: auth.publicKeyPem,
      BILLING_SERVICE_URL: billing.url,
      // Only a cancellation ends a hung model call early here (see "hangs up").
      MODEL_TIMEOUT_MS: '30000',
      MODEL_IDLE_TIMEOUT_MS: '30000',
    },
    undefined,
    { audit: capture.emitter },
  );
  account = await signUp(auth.url);
  chatKey = await createKey(account.accessToken, ['chat']);
  searchOnlyKey = (await createKey(account.accessToken, ['search'])).key;
});
afterAll(async () => {
  await chat?.closeAll();
  await billing?.close();
  await auth?.close();
  await world?.close();
  await capture?.close();
  await queuePrefix.clear();
});

const mcpUrl = (service: { url: string }) => new URL(`${service.url}/api/v1/mcp`);

/** An MCP client connected (initialize + initialized) with the given bearer token, or none. */
async function connect(token: string | null, service: { url: string } = chat): Promise<Client> {
  const client = new Client({ name: 'perplexica-mcp-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(mcpUrl(service), {
    requestInit: { headers: token ? { authorization: `Bearer ${token}` } : {} },
  });
  await client.connect(transport);
  return client;
}

async function withClient<T>(token: string, use: (client: Client) => Promise<T>, service = chat): Promise<T> {
  const client = await connect(token, service);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

const textOf = (result: CallToolResult) =>
  result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');

const QUESTION = 'How does photosynthesis turn sunlight into chemical energy?';

describe('the MCP server at /api/v1/mcp', () => {
  it('lists search and ask with their input and output schemas', async () => {
    const { tools } = await withClient(chatKey.key, (client) => client.listTools());
    expect(tools.map((tool) => tool.name).sort()).toEqual(['ask', 'search']);
    const search = tools.find((tool) => tool.name === 'search');
    expect(search?.inputSchema).toMatchObject({
      type: 'object',
      required: ['query'],
      properties: {
        query: { type: 'string', minLength: 1, maxLength: 2000 },
        focus: { enum: ['web', 'academic', 'video', 'social', 'patents', 'local'] },
        limit: { type: 'integer', minimum: 1, maximum: 50 },
      },
    });
    expect(search?.outputSchema?.properties).toHaveProperty('results');
    expect(search?.annotations).toMatchObject({ readOnlyHint: true });
    const ask = tools.find((tool) => tool.name === 'ask');
    expect(ask?.inputSchema).toMatchObject({
      type: 'object',
      required: ['question'],
      properties: {
        question: { type: 'string', minLength: 1, maxLength: 8000 },
        mode: { enum: ['speed', 'balanced', 'quality', 'learn'] },
      },
    });
    const focus = (ask?.inputSchema.properties as { focus?: { enum: string[] } } | undefined)?.focus?.enum;
    expect(focus).toContain('writing');
    expect(focus).not.toContain('files');
    expect(ask?.outputSchema?.properties).toHaveProperty('sources');
  });

  it('search returns the SearXNG results, normalised, as structured content and text', async () => {
    const searchesBefore = world.searxng.searchCount();
    const result = (await withClient(chatKey.key, (client) =>
      client.callTool({
        name: 'search',
        arguments: { query: `photosynthesis chlorophyll ${randomUUID()}`, limit: 3 },
      }),
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(world.searxng.searchCount()).toBeGreaterThan(searchesBefore);
    const found = result.structuredContent as {
      results: {
        title: string;
        url: string;
        snippet: string;
        publishedDate: string | null;
        engines: string[];
      }[];
      focus: string;
    };
    expect(found.focus).toBe('web');
    expect(found.results.length).toBeGreaterThan(0);
    expect(found.results.length).toBeLessThanOrEqual(3);
    for (const item of found.results) {
      expect(item.url).toMatch(/^https?:\/\//);
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.engines.length).toBeGreaterThan(0);
      expect(item).toHaveProperty('publishedDate');
    }
    expect(textOf(result)).toContain(found.results[0]?.url);
  });

  it('ask answers with [n] citations that point into the sources it returns, with progress on the way', async () => {
    const progress: Progress[] = [];
    const result = (await withClient(chatKey.key, (client) =>
      client.callTool({ name: 'ask', arguments: { question: QUESTION } }, undefined, {
        onprogress: (step) => progress.push(step),
      }),
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent as {
      answer: string;
      status: string;
      mode: string;
      sources: { n: number; title: string; url: string }[];
      related: string[];
    };
    expect(answer).toMatchObject({ status: 'complete', mode: 'speed', focus: 'web' });
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(answer.sources.map((source) => source.n)).toEqual(answer.sources.map((_, i) => i + 1));
    const cited = [...answer.answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(cited.length).toBeGreaterThan(0);
    for (const n of cited) {
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(answer.sources.length);
    }
    expect(answer.related.length).toBeGreaterThan(0);
    const text = textOf(result);
    expect(text).toContain('Sources:');
    expect(text).toContain(`[1] ${answer.sources[0]?.title} — ${answer.sources[0]?.url}`);
    expect(progress.map((step) => step.message)).toEqual(
      expect.arrayContaining(['Searched', 'Writing the answer']),
    );

    // Audited as a completion by the API key, never with the question's text.
    const event = await capture.waitFor((e) => e.actor.id === chatKey.id && e.target?.type === 'completion');
    expect(event).toMatchObject({
      service: 'chat-svc',
      action: 'question.ask',
      actor: { id: chatKey.id, type: 'api_key' },
      outcome: 'success',
      ip: '127.0.0.1',
      target: { type: 'completion', id: expect.stringMatching(/^mcp-/) },
    });
    expect(event.details).toEqual({ userId: account.user.id, mode: 'speed', focus: 'web', followUp: false });
    expect(JSON.stringify(event)).not.toContain('photosynthesis');
  });

  it('takes a session JWT as the rest of the API does', async () => {
    const result = (await withClient(account.accessToken, (client) =>
      client.callTool({ name: 'search', arguments: { query: 'solar panels electricity' } }),
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
  });
});

describe('bad input is a tool or protocol error, never a 500', () => {
  it('arguments outside the schema come back as tool errors naming the argument', async () => {
    await withClient(chatKey.key, async (client) => {
      const cases = [
        { name: 'ask', arguments: { question: '   ' }, says: /question/ },
        { name: 'ask', arguments: { question: QUESTION, mode: 'fastest' }, says: /mode/ },
        { name: 'ask', arguments: { question: 'x'.repeat(8001) }, says: /8000/ },
        { name: 'ask', arguments: {}, says: /question/ },
        { name: 'search', arguments: { query: 'solar', limit: 500 }, says: /limit/ },
        { name: 'search', arguments: { query: 'solar', focus: 'writing' }, says: /focus/ },
        { name: 'search', arguments: { query: 'solar', qeury: 'typo' }, says: /qeury/ },
        { name: 'summon', arguments: {}, says: /summon not found/ },
      ];
      for (const { says, ...request } of cases) {
        const result = (await client.callTool(request)) as CallToolResult;
        expect(result.isError, JSON.stringify(request)).toBe(true);
        expect(textOf(result)).toMatch(says);
      }
    });
  });

  it('a body that is not JSON-RPC is a 400 JSON-RPC error; GET and DELETE are 405', async () => {
    const post = (body: string) =>
      fetch(mcpUrl(chat), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${chatKey.key}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body,
      });
    const notJson = await post('{"jsonrpc": "2.0", ');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
    const notRpc = await post(JSON.stringify({ hello: 'world' }));
    expect(notRpc.status).toBe(400);

    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(mcpUrl(chat), {
        method,
        headers: { authorization: `Bearer ${chatKey.key}`, accept: 'text/event-stream' },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    }
  });
});

describe('who may call it', () => {
  const initialize = (headers: Record<string, string>) =>
    fetch(mcpUrl(chat), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      }),
    });

  it('no token → 401 in the one error shape, with a Bearer challenge; the SDK client cannot connect', async () => {
    const response = await initialize({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="perplexica"');
    expect(await response.json()).toMatchObject({
      error: { code: 'unauthorized', message: expect.any(String) },
    });
    await expect(connect(null)).rejects.toMatchObject({ code: 401 });
  });

  it('an unknown API key → 401 invalid_token', async () => {
    const response = await initialize({ authorization: 'Bearer pk_not_a_real_key_000000000000' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="perplexica", error="invalid_token"');
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('a key without the chat scope → 403 insufficient_scope, before any tool runs', async () => {
    const response = await initialize({ authorization: `Bearer ${searchOnlyKey}` });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="perplexica", error="insufficient_scope", scope="chat"',
    );
    expect(await response.json()).toMatchObject({
      error: { code: 'forbidden', message: 'This API key lacks the "chat" scope' },
    });
    await expect(connect(searchOnlyKey)).rejects.toMatchObject({ code: 403 });
  });
});

describe('failures come back as tool errors in words', () => {
  it('a rate-limited model', async () => {
    world.openai.setMode('rate_limited');
    try {
      const result = (await withClient(chatKey.key, (client) =>
        client.callTool({ name: 'ask', arguments: { question: QUESTION } }),
      )) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe('The language model is rate limited right now; try again in a minute.');
    } finally {
      world.openai.setMode('ok');
    }
  });

  it('the day’s quality answers used up: the plan’s quota, and other modes still answer', async () => {
    const user = await signUp(auth.url);
    const key = await createKey(user.accessToken, ['chat']);
    const service = internalClient(billing.url);
    for (let i = 0; i < 10; i += 1) {
      const used = await service.usage({
        userId: user.user.id,
        orgId: null,
        metric: 'quality_answer',
        key: randomUUID(),
      });
      expect(used.status).toBeLessThan(300);
    }
    const chatsBefore = world.openai.chatCount();
    await withClient(key.key, async (client) => {
      const refused = (await client.callTool({
        name: 'ask',
        arguments: { question: QUESTION, mode: 'quality' },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(
        /used the 10 quality answers of the free plan for today; more from 00:00 UTC/,
      );
      expect(world.openai.chatCount()).toBe(chatsBefore);
      const speed = (await client.callTool({
        name: 'ask',
        arguments: { question: QUESTION },
      })) as CallToolResult;
      expect(speed.isError).toBeFalsy();
    });
  });

  it('a client that hangs up mid-answer cancels it, and its model call with it', async () => {
    world.openai.setMode('hang');
    try {
      const chatsBefore = world.openai.chatCount();
      const leaving = new AbortController();
      const response = await fetch(mcpUrl(chat), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${chatKey.key}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method: 'tools/call',
          params: { name: 'ask', arguments: { question: QUESTION, focus: 'writing' } },
        }),
        signal: leaving.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      await expect.poll(() => world.openai.chatCount(), { timeout: 5_000 }).toBeGreaterThan(chatsBefore);
      leaving.abort();
      await expect
        .poll(
          () =>
            chat.logs.lines().some((line) => line.msg === 'mcp ask stopped' && line.reason === 'cancelled'),
          { timeout: 10_000 },
        )
        .toBe(true);
    } finally {
      world.openai.setMode('ok');
    }
  });

  describe('with search-svc down', () => {
    // A chat-svc whose search-svc is gone, whose answers may take 300 ms at most.
    let lonely: Awaited<ReturnType<typeof startChatService>>;
    beforeAll(async () => {
      lonely = await startChatService(world, {
        AUTH_SERVICE_URL: auth.url,
        JWT_PUBLIC_KEY: auth.publicKeyPem,
        SEARCH_SERVICE_URL: 'http://127.0.0.1:9',
        MCP_ASK_TIMEOUT_MS: '300',
        MODEL_TIMEOUT_MS: '30000',
        MODEL_IDLE_TIMEOUT_MS: '30000',
      });
    });
    afterAll(async () => {
      await lonely?.closeAll();
    });

    it('search says search is unavailable', async () => {
      const result = (await withClient(
        account.accessToken,
        (client) => client.callTool({ name: 'search', arguments: { query: 'solar panels' } }),
        lonely,
      )) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(
        'Web search is unavailable right now (the search service cannot be reached); try again shortly.',
      );
    });

    it('ask says so too, and spends no model call on an uncited answer', async () => {
      const chatsBefore = world.openai.chatCount();
      const result = (await withClient(
        account.accessToken,
        (client) => client.callTool({ name: 'ask', arguments: { question: QUESTION } }),
        lonely,
      )) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(
        'Web search is unavailable right now, so no cited answer could be written; try again shortly.',
      );
      expect(world.openai.chatCount()).toBe(chatsBefore);
    });

    it('an answer that outlasts its bound is stopped and said to be', async () => {
      world.openai.setMode('hang');
      try {
        // Writing needs no search: the model is asked, and never answers.
        const result = (await withClient(
          account.accessToken,
          (client) => client.callTool({ name: 'ask', arguments: { question: QUESTION, focus: 'writing' } }),
          lonely,
        )) as CallToolResult;
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(
          /^The answer took longer than 300 ms and was stopped; try again, or ask in speed mode\.$/,
        );
      } finally {
        world.openai.setMode('ok');
      }
    });
  });
});
