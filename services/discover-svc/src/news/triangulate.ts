import {
  aboutTerms,
  type Claim,
  type ClaimFacts,
  claimFacts,
  conflictingFacts,
  namesInside,
} from './claim-facts.ts';
import { ledeSentences } from './extractive-summary.ts';
import type { StoryDraft } from './story.ts';
import { terms } from './terms.ts';

/** A claim and the story sources (their `n`) that make it. */
export interface CitedClaim {
  claim: string;
  outlets: number[];
}

/** One thing the outlets report differently: each account, cited to the sources giving it. */
export interface Difference {
  /** What the accounts are about: the words they share, e.g. "people killed derailment". */
  topic: string;
  /** Which facts differ between the accounts. */
  differsOn: Array<keyof ClaimFacts>;
  positions: CitedClaim[];
}

/** Where a story's outlets agree, where they differ, and what only one of them says. */
export interface Triangulation {
  agreements: CitedClaim[];
  differences: Difference[];
  singleSource: CitedClaim[];
}

/** Sentences read per source: a snippet is a lede of a few sentences; more is noise. */
const CLAIMS_PER_SOURCE = 6;
/** Dice similarity of two claims' terms at which they are taken to speak of the same thing. */
const SAME_THING = 0.4;
/** …and the terms they must share at least, so two short sentences do not meet on one word. */
const MIN_SHARED_TERMS = 2;
/** Entries kept per list: the Discover page shows a handful, never a transcript. */
const MAX_ENTRIES = 10;

function sharedCount(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared;
}

function similarity(a: Claim, b: Claim): number {
  const shared = sharedCount(a.about, b.about);
  if (shared < MIN_SHARED_TERMS) return 0;
  return (2 * shared) / (a.about.size + b.about.size);
}

/** A snippet's sentences, without the last one when the snippet was cut mid-sentence ("…"). */
function sentencesOf(snippet: string): string[] {
  return ledeSentences(snippet, CLAIMS_PER_SOURCE).filter((sentence) => !sentence.endsWith('…'));
}

function claimsOf(story: StoryDraft): Claim[] {
  const texts = story.articles.map((article) => {
    const sentences = sentencesOf(article.snippet);
    return sentences.length > 0 ? sentences : [article.title];
  });
  const knownNames = new Set(texts.flat().flatMap(namesInside));
  return story.articles.flatMap((article, index) =>
    (texts[index] as string[]).map((text) => ({
      n: index + 1,
      outlet: article.outlet,
      text,
      about: aboutTerms(text),
      facts: claimFacts(text, knownNames),
    })),
  );
}

/**
 * Claims about the same thing, greedily: each claim joins the group holding its most similar
 * claim (at most one claim per source in a group, so an article does not agree with itself).
 */
function groupClaims(claims: readonly Claim[]): Claim[][] {
  const groups: Claim[][] = [];
  for (const claim of claims) {
    let best: Claim[] | undefined;
    let bestScore = SAME_THING;
    for (const group of groups) {
      if (group.some((member) => member.n === claim.n)) continue;
      const score = Math.max(...group.map((member) => similarity(member, claim)));
      if (score >= bestScore) {
        best = group;
        bestScore = score;
      }
    }
    if (best) best.push(claim);
    else groups.push([claim]);
  }
  return groups;
}

/** A group's accounts: claims whose facts do not conflict with any claim already in the account. */
function accountsOf(group: readonly Claim[]): Claim[][] {
  const accounts: Claim[][] = [];
  for (const claim of group) {
    const account = accounts.find((members) =>
      members.every((member) => conflictingFacts(member.facts, claim.facts).length === 0),
    );
    if (account) account.push(claim);
    else accounts.push([claim]);
  }
  return accounts;
}

const cite = (account: readonly Claim[]): CitedClaim => ({
  claim: (account[0] as Claim).text,
  outlets: [...new Set(account.map((claim) => claim.n))].sort((a, b) => a - b),
});

const distinctOutlets = (claims: readonly Claim[]) => new Set(claims.map((claim) => claim.outlet)).size;

/** The words of the first account that every account uses, in its order: what they differ about. */
function topicOf(accounts: readonly Claim[][]): string {
  const leads = accounts.map((account) => account[0] as Claim);
  const first = leads[0] as Claim;
  const common = [...first.about].filter((term) => leads.every((lead) => lead.about.has(term)));
  const words: string[] = [];
  for (const word of first.text.match(/[\p{L}\p{N}'’-]+/gu) ?? []) {
    const term = terms(word)[0];
    if (term && common.includes(term) && !words.some((kept) => terms(kept)[0] === term)) words.push(word);
  }
  return words.length > 0 ? words.slice(0, 6).join(' ') : first.text;
}

function differsOn(accounts: readonly Claim[][]): Array<keyof ClaimFacts> {
  const leads = accounts.map((account) => account[0] as Claim);
  const kinds = new Set<keyof ClaimFacts>();
  leads.forEach((lead, index) => {
    for (const other of leads.slice(index + 1)) {
      for (const kind of conflictingFacts(lead.facts, other.facts)) kinds.add(kind);
    }
  });
  return (['numbers', 'dates', 'names'] as const).filter((kind) => kinds.has(kind));
}

/**
 * Triangulates a story across its outlets, extractively: each source's snippet is split into
 * claims (sentences), claims about the same thing are grouped by the words they share, and a
 * group is an agreement when its claims' numbers, dates and names agree and at least two outlets
 * make it, a difference when they do not agree (each account cited to its sources), and a
 * single-source claim when one outlet alone says it. Citations are the story's source numbers, so
 * nothing is cited that the story does not list. Null for a story reported by one outlet: there
 * is nothing to compare.
 */
export function triangulate(story: StoryDraft): Triangulation | null {
  if (new Set(story.articles.map((article) => article.outlet)).size < 2) return null;
  const agreements: Array<CitedClaim & { outletCount: number }> = [];
  const differences: Difference[] = [];
  const singleSource: CitedClaim[] = [];
  for (const group of groupClaims(claimsOf(story))) {
    const accounts = accountsOf(group);
    if (accounts.length > 1) {
      differences.push({
        topic: topicOf(accounts),
        differsOn: differsOn(accounts),
        positions: accounts.map(cite),
      });
    } else if (distinctOutlets(group) > 1) {
      agreements.push({ ...cite(group), outletCount: distinctOutlets(group) });
    } else {
      singleSource.push(cite(group));
    }
  }
  return {
    // Most widely shared first; the sort is stable, so ties keep the order the sources gave.
    agreements: agreements
      .sort((a, b) => b.outletCount - a.outletCount)
      .slice(0, MAX_ENTRIES)
      .map(({ claim, outlets }) => ({ claim, outlets })),
    differences: differences.slice(0, MAX_ENTRIES),
    singleSource: singleSource.slice(0, MAX_ENTRIES),
  };
}
