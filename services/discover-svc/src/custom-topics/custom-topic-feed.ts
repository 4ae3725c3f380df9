import { createHash } from 'node:crypto';
import type { Topic } from '../topics.ts';
import type { CustomTopicRow } from './custom-topic-repository.ts';

/**
 * A custom topic as the feed builder reads it. Keywords are news searches as they are; a site is
 * searched as `<label> site:<host>` (a news search needs words besides the operator, and the
 * topic's label is what the user wants from that site). The cache key carries a hash of the
 * sources, so an edit is seen at once and the old entry simply expires.
 */
export function customTopicAsTopic(row: CustomTopicRow): Topic {
  const definition = JSON.stringify([row.label, row.feeds, row.keywords, row.sites]);
  const revision = createHash('sha256').update(definition).digest('hex').slice(0, 16);
  return {
    id: row.id,
    label: row.label,
    queries: [...row.keywords, ...row.sites.map((site) => `${row.label} site:${site}`)],
    feeds: row.feeds,
    cacheKey: `feed:custom:${row.id}:${revision}`,
  };
}

/** A custom topic as the API shows it. */
export const customTopicView = (row: CustomTopicRow) => ({
  id: row.id,
  label: row.label,
  feeds: row.feeds,
  keywords: row.keywords,
  sites: row.sites,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
