import { type ListeningApp, listen, signTestAccessToken } from '@perplexica/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLines, type DemoApp, demoApp, expectError } from './support.ts';

let demo: DemoApp;
let server: ListeningApp;

beforeAll(async () => {
  demo = demoApp();
  server = await listen(demo.app);
});
afterAll(() => server.close());

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('accepts a sane x-request-id and echoes it on the response and in the access log', async () => {
    const response = await fetch(`${server.url}/items/42`, {
      headers: { 'x-request-id': 'edge-7f3a.b:1_x' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('edge-7f3a.b:1_x');
    const line = accessLines(demo.logs).find((entry) => entry.requestId === 'edge-7f3a.b:1_x');
    expect(line).toBeDefined();
  });

  it('generates a fresh id when none is sent, different per request', async () => {
    const first = await fetch(`${server.url}/items/1`);
    const second = await fetch(`${server.url}/items/1`);
    expect(first.headers.get('x-request-id')).toMatch(uuid);
    expect(second.headers.get('x-request-id')).toMatch(uuid);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'id with spaces'],
    ['with a log-injection attempt', 'abc"}\\n{"level":"fatal'],
    ['with a slash', '../../etc/passwd'],
  ])('replaces an id %s with a generated one', async (_label, id) => {
    const response = await fetch(`${server.url}/items/5`, { headers: { 'x-request-id': id } });
    expect(response.headers.get('x-request-id')).toMatch(uuid);
  });

  it('puts the request id in error bodies, matching the header', async () => {
    const response = await fetch(`${server.url}/nowhere`, { headers: { 'x-request-id': 'err-id-1' } });
    const error = await expectError(response, 404, 'not_found');
    expect(error.requestId).toBe('err-id-1');
  });
});

describe('access log', () => {
  it('writes exactly one line per request with method, route pattern, status and duration', async () => {
    const id = 'one-line-per-request';
    const response = await fetch(`${server.url}/items/1234?verbose=yes`, { headers: { 'x-request-id': id } });
    expect(response.status).toBe(200);
    const lines = demo.logs.lines().filter((line) => line.requestId === id);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 'info',
      service: 'demo-svc',
      msg: 'request',
      requestId: id,
      method: 'GET',
      route: '/items/:id',
      status: 200,
    });
    expect(typeof line!.durationMs).toBe('number');
    expect(line!.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(typeof line!.time).toBe('string');
    // Neither the raw path nor the query string reaches the line.
    expect(JSON.stringify(line)).not.toContain('1234');
    expect(JSON.stringify(line)).not.toContain('verbose');
  });

  it('logs errors with their status; 5xx at error level', async () => {
    await fetch(`${server.url}/items/x`, { headers: { 'x-request-id': 'bad-input-line' } });
    await fetch(`${server.url}/boom`, { headers: { 'x-request-id': 'crash-line' } });
    const lines = accessLines(demo.logs);
    expect(lines.find((line) => line.requestId === 'bad-input-line')).toMatchObject({
      level: 'info',
      route: '/items/:id',
      status: 400,
    });
    expect(lines.find((line) => line.requestId === 'crash-line')).toMatchObject({
      level: 'error',
      route: '/boom',
      status: 500,
    });
  });

  it('labels unknown paths "unmatched" rather than echoing whatever was requested', async () => {
    await fetch(`${server.url}/users/9999/secret-path`, { headers: { 'x-request-id': 'unmatched-line' } });
    const line = accessLines(demo.logs).find((entry) => entry.requestId === 'unmatched-line');
    expect(line).toMatchObject({ route: 'unmatched', status: 404, method: 'GET' });
  });

  it('keeps probes out of the info-level log', async () => {
    const before = accessLines(demo.logs).length;
    await fetch(`${server.url}/health`);
    await fetch(`${server.url}/ready`);
    await fetch(`${server.url}/metrics`);
    expect(accessLines(demo.logs).length).toBe(before);
  });

  it('never writes credentials: not the Authorization header, not a password in the body', async () => {
    const token = await signTestAccessToken({ privateKeyPem: demo.keys.privateKeyPem });
    const password = 'correct-horse-battery-staple-91';
    const response = await fetch(`${server.url}/signup`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-request-id': 'secret-check',
      },
      body: JSON.stringify({ email: 'ada@example.com', password }),
    });
    expect(response.status).toBe(201);
    const lines = demo.logs.lines().filter((line) => line.requestId === 'secret-check');
    // The handler's own (over-sharing) line and the access line are both there...
    expect(lines.map((line) => line.msg).sort()).toEqual(['request', 'signup attempt']);
    const handlerLine = lines.find((line) => line.msg === 'signup attempt') as {
      body: Record<string, unknown>;
      headers: Record<string, unknown>;
    };
    expect(handlerLine.body.email).toBe('ada@example.com');
    expect(handlerLine.body.password).toBe('[redacted]');
    expect(handlerLine.headers.authorization).toBe('[redacted]');
    // ...and no secret appears anywhere in everything logged so far.
    const everything = demo.logs.text();
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[2]);
  });
});
