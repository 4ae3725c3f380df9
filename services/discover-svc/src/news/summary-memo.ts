import { createHash } from 'node:crypto';
import type { Redis } from '@perplexica/redis';
import type { StoryDraft } from './story.ts';

/** Model summaries already written, so a refresh pays the model only for new or changed stories. */
export interface SummaryMemo {
  get(story: StoryDraft, writer: string): Promise<string | null>;
  set(story: StoryDraft, writer: string, summary: string): Promise<void>;
}

/**
 * Keyed by the story id, the writer (provider and model) and the exact sources in their order: a
 * story that gains a report gets a new summary citing it, and numbers never point at the wrong
 * outlet. A Redis hiccup only costs a model call, so errors read as a miss.
 */
export function createSummaryMemo(redis: Redis, ttlSeconds: number): SummaryMemo {
  const keyOf = (story: StoryDraft, writer: string) => {
    const sources = story.articles.map((article) => article.key).join('\n');
    const digest = createHash('sha256').update(`${writer}\n${sources}`).digest('hex').slice(0, 24);
    return `summary:${story.id}:${digest}`;
  };
  return {
    async get(story, writer) {
      try {
        return await redis.get(keyOf(story, writer));
      } catch {
        return null;
      }
    },
    async set(story, writer, summary) {
      try {
        await redis.set(keyOf(story, writer), summary, 'EX', ttlSeconds);
      } catch {
        // Not kept: the next build asks the model again.
      }
    },
  };
}
