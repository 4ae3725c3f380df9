import { defaultReputation, type ReputationEntry } from '../reputation/default-reputation.ts';
import type { Candidate, Source } from './sources.ts';

export type CredibilityTier = 'primary' | 'reputable' | 'unknown' | 'low';
export const credibilityTiers = ['primary', 'reputable', 'unknown', 'low'] as const;

/** How far a source can be trusted, with the reasons shown to the user. */
export interface Credibility {
  score: number;
  tier: CredibilityTier;
  reasons: string[];
  /** Whole days since it was published, when its date is known. */
  publishedAgeDays?: number;
}

/** A source's credibility: with its reasons when sent live, without them as saved (storableSources). */
export type SourceCredibility = Omit<Credibility, 'reasons'> & { reasons?: string[] };

/** The domain list in force: admins' overrides first, then the shipped defaults. */
export interface ReputationList {
  overrides: ReadonlyMap<string, ReputationEntry>;
  defaults: ReadonlyMap<string, ReputationEntry>;
}

export const defaultsOnly: ReputationList = { overrides: new Map(), defaults: defaultReputation };

const DAY_MS = 86_400_000;

/** A host as the list keys it: lower-case, no `www.`, no trailing dot. */
export function bareDomain(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

export function domainOf(url: string): string | null {
  try {
    const { hostname, protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? bareDomain(hostname) : null;
  } catch {
    return null;
  }
}

/** `news.bbc.co.uk` is on `bbc.co.uk`; `notbbc.co.uk` is not. */
export function isOnDomain(domain: string, listed: string): boolean {
  return domain === listed || domain.endsWith(`.${listed}`);
}

/** The most specific listed entry for the domain (itself, then each parent), overrides winning. */
function listedEntry(
  domain: string,
  list: ReputationList,
): { entry: ReputationEntry; listed: string; byAdmin: boolean } | null {
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    const override = list.overrides.get(candidate);
    if (override) return { entry: override, listed: candidate, byAdmin: true };
    const shipped = list.defaults.get(candidate);
    if (shipped) return { entry: shipped, listed: candidate, byAdmin: false };
  }
  return null;
}

/** What a host says of itself when it is on no list: governments, universities, company IR pages. */
function hostSignal(domain: string): ReputationEntry | null {
  if (/\.(gov|mil)$/.test(domain) || /\.gov\.[a-z]{2}$/.test(domain) || /\.gouv\.[a-z]{2}$/.test(domain))
    return { tier: 'primary', score: 0.85, note: 'government domain' };
  if (/\.int$/.test(domain)) return { tier: 'primary', score: 0.85, note: 'international organization' };
  if (/\.edu$/.test(domain) || /\.(ac|edu)\.[a-z]{2}$/.test(domain))
    return { tier: 'primary', score: 0.75, note: 'academic institution' };
  if (/^(investor|investors|ir)\./.test(domain))
    return { tier: 'primary', score: 0.8, note: 'company investor-relations site' };
  return null;
}

export function ageInDays(publishedDate: string | null | undefined, now: number): number | undefined {
  if (!publishedDate) return undefined;
  const published = Date.parse(publishedDate);
  if (Number.isNaN(published)) return undefined;
  // A date in the future is a publisher's clock or time zone, not news from tomorrow.
  return Math.max(0, Math.floor((now - published) / DAY_MS));
}

/**
 * A source's credibility from the reputation list, what its host says of itself and its age.
 * Age never changes the tier (an old statute is still primary); it is reported and used in ranking.
 */
export function assessCredibility(
  source: { url: string; publishedDate?: string | null },
  list: ReputationList,
  now: number = Date.now(),
): Credibility {
  const domain = domainOf(source.url);
  const reasons: string[] = [];
  let tier: CredibilityTier = 'unknown';
  let score = 0.5;
  const listed = domain ? listedEntry(domain, list) : null;
  const signal = domain && !listed ? hostSignal(domain) : null;
  if (listed) {
    ({ tier, score } = listed.entry);
    const by = listed.byAdmin ? 'set by an admin' : 'on the reputation list';
    reasons.push(`${listed.listed}: ${listed.entry.note || tier} (${by})`);
  } else if (signal) {
    ({ tier, score } = signal);
    reasons.push(signal.note);
  } else {
    reasons.push(domain ? 'domain not on the reputation list' : 'not a web page');
  }
  reasons.push(tier === 'primary' ? 'primary source' : 'secondary source');
  const publishedAgeDays = ageInDays(source.publishedDate, now);
  if (publishedAgeDays !== undefined) {
    reasons.push(publishedAgeDays === 0 ? 'published today' : `published ${publishedAgeDays} days ago`);
  } else {
    reasons.push('publication date unknown');
  }
  return { score, tier, reasons, ...(publishedAgeDays === undefined ? {} : { publishedAgeDays }) };
}

/** 1 for today, halving every year; 0.5 (neutral) when the date is unknown. */
export function freshnessOf(credibility: Credibility): number {
  const age = credibility.publishedAgeDays;
  return age === undefined ? 0.5 : 0.5 ** (age / 365);
}

/** The sources picked for the context, each with the credibility its candidate was ranked by. */
export function withCredibility(sources: Source[], ranked: Candidate[]): Source[] {
  const byUrl = new Map(ranked.map((candidate) => [candidate.result.url, candidate.result.credibility]));
  return sources.map((source) => {
    const credibility = byUrl.get(source.url);
    return credibility ? { ...source, credibility } : source;
  });
}

/**
 * Sources as library-svc keeps them: it stores a source's extra fields one level deep, so the
 * credibility goes without its list of reasons (tier, score and age stay). The live `sources`
 * event and the completions API carry the reasons.
 */
export function storableSources(sources: Source[]): Source[] {
  return sources.map((source) => {
    if (!source.credibility) return source;
    const { reasons: _reasons, ...kept } = source.credibility;
    return { ...source, credibility: kept };
  });
}
