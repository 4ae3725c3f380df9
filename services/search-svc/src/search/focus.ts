import type { Focus } from './types.ts';

/** What each focus asks SearXNG for; `local` never reaches SearXNG. */
export const focusSearxngParams: Record<
  Exclude<Focus, 'local'>,
  { categories?: string[]; engines?: string[] }
> = {
  web: { categories: ['general'] },
  academic: { categories: ['science'] },
  video: { categories: ['videos'] },
  social: { categories: ['social media'] },
  // google_patents is SearXNG's patent engine; it must be enabled in the instance's settings.yml.
  patents: { engines: ['google_patents'] },
};
