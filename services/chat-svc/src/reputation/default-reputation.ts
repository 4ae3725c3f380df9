import type { CredibilityTier } from '../pipeline/credibility.ts';

/** One domain's standing: a tier, a 0..1 score and why (shown to users as the reason). */
export interface ReputationEntry {
  tier: CredibilityTier;
  score: number;
  note: string;
}

/** The score a tier gets when an admin gives only the tier. */
export const tierScores: Record<CredibilityTier, number> = {
  primary: 0.9,
  reputable: 0.75,
  unknown: 0.5,
  low: 0.15,
};

const entries = (tier: CredibilityTier, note: string, domains: string[], score = tierScores[tier]) =>
  domains.map((domain) => [domain, { tier, score, note }] as const);

/**
 * The list shipped in code; admins override or extend it at runtime (source_reputation table).
 * Kept short and factual on purpose: primary sources (where facts originate: governments, standards
 * bodies, journals and preprint servers, court and patent records), widely relied-on secondary
 * sources (newswires, papers of record, encyclopedias), and the few outlets Wikipedia's
 * "perennial sources" list deprecates. Anything else is "unknown", not "bad". Government (.gov,
 * .gov.xx, .mil), academic (.edu, .ac.xx), .int and investor-relations hosts are recognised by
 * credibility.ts without being listed.
 */
export const defaultReputation: ReadonlyMap<string, ReputationEntry> = new Map<string, ReputationEntry>([
  ...entries('primary', 'international organization', [
    'who.int',
    'un.org',
    'europa.eu',
    'oecd.org',
    'imf.org',
    'worldbank.org',
    'bis.org',
  ]),
  ...entries('primary', 'standards body', [
    'ietf.org',
    'rfc-editor.org',
    'w3.org',
    'whatwg.org',
    'iso.org',
    'ecma-international.org',
    'unicode.org',
  ]),
  ...entries('primary', 'journal or preprint server', [
    'doi.org',
    'arxiv.org',
    'biorxiv.org',
    'medrxiv.org',
    'ssrn.com',
    'nature.com',
    'science.org',
    'cell.com',
    'thelancet.com',
    'nejm.org',
    'bmj.com',
    'jamanetwork.com',
    'plos.org',
    'pnas.org',
    'acm.org',
    'ieee.org',
  ]),
  ...entries('primary', 'court or patent records', [
    'courtlistener.com',
    'supremecourt.gov',
    'patents.google.com',
    'epo.org',
    'wipo.int',
  ]),
  ...entries('reputable', 'newswire', ['reuters.com', 'apnews.com', 'afp.com'], 0.85),
  ...entries('reputable', 'established news organization', [
    'bbc.com',
    'bbc.co.uk',
    'npr.org',
    'nytimes.com',
    'washingtonpost.com',
    'theguardian.com',
    'ft.com',
    'wsj.com',
    'economist.com',
    'bloomberg.com',
  ]),
  ...entries('reputable', 'encyclopedia', ['britannica.com'], 0.8),
  ...entries('reputable', 'encyclopedia (openly edited)', ['wikipedia.org'], 0.7),
  ...entries('unknown', 'user-generated content', ['reddit.com', 'quora.com', 'medium.com'], 0.4),
  ...entries('low', 'deprecated by Wikipedia’s perennial sources list', [
    'dailymail.co.uk',
    'thesun.co.uk',
    'infowars.com',
    'naturalnews.com',
    'rt.com',
    'sputniknews.com',
    'breitbart.com',
  ]),
]);
