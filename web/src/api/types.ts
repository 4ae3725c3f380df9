/** The shapes the API answers with (see docs/answer-engine.md and the services' READMEs). */

export type Mode = 'speed' | 'balanced' | 'quality' | 'learn';
/** `local`: the operator's ingested documents; `files`: the signed-in user's own uploads. */
export type Focus = 'web' | 'academic' | 'video' | 'social' | 'writing' | 'patents' | 'local' | 'files';

export interface Source {
  n: number;
  title: string;
  url: string;
  snippet?: string;
  publishedDate?: string | null;
  engines?: string[];
  /** chat-svc's reliability signal; reasons come with live answers, not with saved ones. */
  credibility?: SourceCredibility;
}

export type CredibilityTier = 'primary' | 'reputable' | 'unknown' | 'low';

export interface SourceCredibility {
  score: number;
  tier: CredibilityTier;
  reasons?: string[];
  publishedAgeDays?: number;
}

export interface Thread {
  id: string;
  title: string;
  mode: Mode;
  focus: Focus;
  /** The space the thread was asked in (projects-svc), or null. */
  spaceId: string | null;
  saved: boolean;
  shareId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  id: string;
  query: string;
  answer: string;
  sources: Source[];
  related: string[];
  mode: Mode;
  focus: Focus;
  model: string | null;
  status: 'streaming' | 'complete' | 'incomplete' | 'failed';
  error: unknown;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
