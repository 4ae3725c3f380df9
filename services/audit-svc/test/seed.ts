import { randomUUID } from 'node:crypto';
import { type AuditEvent, auditEventInput, completeEvent } from '@perplexica/audit';
import { appendEvent } from '../src/append-event.ts';
import type { AuditServiceUnderTest } from './harness.ts';
import { sampleEvent } from './harness.ts';

export const T0 = Date.parse('2026-11-01T00:00:00.000Z');
export const HOUR = 3_600_000;

/**
 * 120 events of org-a, one an hour from T0 (event i at T0 + i h), cycling through actions,
 * actors, outcomes and targets so every filter has a known answer; and 5 events of org-b.
 */
export function seedEvents(): AuditEvent[] {
  const actions = ['auth.sign_in', 'auth.sign_out', 'files.upload', 'files.delete'];
  const outcomes = ['success', 'failure', 'denied'] as const;
  const events: AuditEvent[] = [];
  for (let index = 0; index < 120; index += 1) {
    events.push(
      completeEvent(
        auditEventInput.parse(
          sampleEvent('org-a', {
            time: new Date(T0 + index * HOUR).toISOString(),
            action: actions[index % 4],
            actor: { id: index % 2 === 0 ? 'user-even' : 'user-odd', type: 'user' },
            outcome: outcomes[index % 3],
            target: { type: index % 5 === 0 ? 'file' : 'session', id: `t-${index}` },
            details: index === 77 ? { note: 'needle in the haystack' } : { index },
          }),
        ),
        'test-svc',
        randomUUID,
      ),
    );
  }
  for (let index = 0; index < 5; index += 1) {
    events.push(
      completeEvent(
        auditEventInput.parse(sampleEvent('org-b', { details: { secret: 'org-b only', index } })),
        'test-svc',
        randomUUID,
      ),
    );
  }
  return events;
}

/** Stores the events through the same append path as the worker, in order. */
export async function store(svc: AuditServiceUnderTest, events: AuditEvent[]): Promise<void> {
  for (const event of events) await appendEvent(svc.database.db, event);
}
