import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingServiceUnderTest,
  internalClient,
  startBillingService,
} from '../../billing-svc/test/harness.ts';
import {
  ask,
  type ChatServiceUnderTest,
  eventOf,
  type Neighbours,
  startChatService,
  startNeighbours,
} from './harness.ts';

// Quality answers count against the asker's plan in a real billing-svc (Free: 10 a day).
let neighbours: Neighbours;
let billing: BillingServiceUnderTest;
let chat: ChatServiceUnderTest & { closeAll(): Promise<void> };

beforeAll(async () => {
  neighbours = await startNeighbours();
  billing = await startBillingService({}, { yookassa: false, worker: false });
  chat = await startChatService(neighbours, { BILLING_SERVICE_URL: billing.url });
});
afterAll(async () => {
  await chat?.closeAll();
  await billing?.close();
  await neighbours?.close();
});

const QUESTION = 'How do solar panels convert sunlight into electricity?';

describe('quality answers and the plan’s quota', () => {
  it('counts each quality answer; once the day’s are used up it is a 429 in words, and other modes still answer', async () => {
    const userId = `asker-${randomUUID()}`;
    const token = await chat.token(userId);
    const first = await ask(chat, token, { query: QUESTION, mode: 'quality' });
    expect(first.status).toBe(200);
    expect(eventOf(first.events, 'done')).toBeDefined();
    const usage = await billing.database.db
      .selectFrom('usage_events')
      .select(['key', 'source'])
      .where('user_id', '=', userId)
      .execute();
    expect(usage).toEqual([{ key: first.headers.get('x-message-id'), source: 'quota' }]);

    // The rest of the day's quota used elsewhere (another replica, another tab).
    const service = internalClient(billing.url);
    for (let i = 0; i < 9; i += 1) {
      await service.usage({ userId, orgId: null, metric: 'quality_answer', key: randomUUID() });
    }
    const refused = await ask(chat, token, { query: QUESTION, mode: 'quality' });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'quota_exceeded',
      message: expect.stringMatching(
        /used the 10 quality answers of the free plan for today; more from 00:00 UTC/,
      ),
      details: { plan: 'free', used: 10, limit: 10 },
    });
    const completion = await fetch(`${chat.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sonar-deep-research', messages: [{ role: 'user', content: QUESTION }] }),
    });
    expect(completion.status).toBe(429);

    const speed = await ask(chat, token, { query: QUESTION, mode: 'speed' });
    expect(speed.status).toBe(200);
    expect(eventOf(speed.events, 'done')).toBeDefined();
  });

  it('answers unmetered when billing-svc cannot be reached, and says so in the log', async () => {
    const lonely = await startChatService(neighbours, { BILLING_SERVICE_URL: 'http://127.0.0.1:9' });
    try {
      const answered = await ask(lonely, await lonely.token(`asker-${randomUUID()}`), {
        query: QUESTION,
        mode: 'quality',
      });
      expect(answered.status).toBe(200);
      expect(lonely.logs.text()).toContain('the quality answer runs unmetered');
    } finally {
      await lonely.closeAll();
    }
  });
});
