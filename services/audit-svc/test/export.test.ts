import { randomUUID } from 'node:crypto';
import { auditEventInput, completeEvent } from '@perplexica/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../src/append-event.ts';
import { CSV_COLUMNS } from '../src/export/csv.ts';
import { type AuditServiceUnderTest, auditClient, sampleEvent, startAuditService } from './harness.ts';
import { seedEvents, store } from './seed.ts';

let svc: AuditServiceUnderTest;
let owner: ReturnType<typeof auditClient>;
const awkward = 'Smith, "Jo"\nline two';

beforeAll(async () => {
  // Pages of 7: every export below crosses several database pages.
  svc = await startAuditService({ AUDIT_EXPORT_PAGE_SIZE: '7' }, { worker: false });
  await store(svc, seedEvents());
  const tricky = sampleEvent('org-a', {
    time: '2026-12-31T00:00:00.000Z',
    action: 'admin.user.rename',
    userAgent: awkward,
    target: { type: 'user', id: 'a,b' },
    details: { name: awkward },
  });
  await appendEvent(svc.database.db, completeEvent(auditEventInput.parse(tricky), 'test-svc', randomUUID));
  owner = auditClient(svc.url, await svc.token('owner-a', { orgId: 'org-a', orgRole: 'owner' }));
});
afterAll(async () => {
  await svc?.close();
});

/** A small RFC 4180 reader, independent of the writer: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else field += char;
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

describe('GET /api/v1/admin/audit-logs/export', () => {
  it('CSV: a header, one record per event newest first, awkward values escaped', async () => {
    const response = await owner.export('format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-logs-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const records = parseCsv(await response.text());
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(1 + 121);
    const row = Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, records[1]?.[index]]));
    expect(row).toMatchObject({
      action: 'admin.user.rename',
      userAgent: awkward,
      targetId: 'a,b',
      orgId: 'org-a',
      seq: '121',
    });
    expect(JSON.parse(row.details as string)).toEqual({ name: awkward });
    expect(records.every((record) => record.length === CSV_COLUMNS.length)).toBe(true);
    // Only org-a: org-b's details never appear.
    expect(records.some((record) => record.join().includes('org-b only'))).toBe(false);
  });

  it('JSON Lines: one event per line, the same events as the list, filters applied', async () => {
    const response = await owner.export('format=jsonl&action=auth.*');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('.jsonl"');
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const events = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events).toHaveLength(60);
    expect(events.every((event) => event.action.startsWith('auth.'))).toBe(true);
    const listed = await owner.list('action=auth.*&limit=60');
    expect(events).toEqual(listed.body.events);
  });

  it('the awkward event round-trips through JSON Lines unchanged', async () => {
    const text = await (await owner.export('format=jsonl&action=admin.user.rename')).text();
    const [event] = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(event).toMatchObject({
      userAgent: awkward,
      target: { type: 'user', id: 'a,b' },
      details: { name: awkward },
    });
  });

  it('an export matching nothing is the header alone (CSV) or empty (JSON Lines)', async () => {
    expect(await (await owner.export('format=csv&actor=nobody')).text()).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(await (await owner.export('format=jsonl&actor=nobody')).text()).toBe('');
  });
});
