import { type FixtureDocument, startFakeOllama, startFakeOpenAI, startFakeSearxng } from '@perplexica/fakes';
import { startLibraryService } from '../../library-svc/test/harness.ts';
import { startSearchService } from '../../search-svc/test/harness.ts';
import type { Neighbours } from './harness.ts';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const page = (
  url: string,
  title: string,
  content: string,
  publishedDate: string | null = null,
): FixtureDocument => ({
  url,
  title,
  content,
  engines: ['google', 'bing'],
  category: 'general',
  publishedDate,
});

const AXOLOTL_TITLE = 'Axolotl limb regeneration explained';
const AXOLOTL_TEXT =
  'Axolotls regrow whole limbs after amputation: a blastema of dedifferentiated cells forms at the wound and rebuilds bone, muscle and nerves.';
const TARDIGRADE_TITLE = 'Tardigrade desiccation survival';
const TARDIGRADE_TEXT =
  'Tardigrades survive desiccation by entering a tun state and protecting their cells with disordered proteins that vitrify.';

/** Each question's pages, the less credible (or older) ones first so search order alone would favour them. */
export const urls = {
  axolotl: {
    low: 'https://www.dailymail.co.uk/sciencetech/axolotl-limb-regeneration.html',
    unknown: 'https://axolotl-keepers.example/limb-regeneration',
    reputable: 'https://www.reuters.com/science/axolotl-limb-regeneration/',
    primary: 'https://www.nature.com/articles/axolotl-limb-regeneration',
  },
  tardigrade: {
    older: 'https://old-biology-blog.example/tardigrades',
    newer: 'https://new-biology-blog.example/tardigrades',
  },
  okapi: {
    reputableWeak: 'https://www.britannica.com/list/rainforest-animals-okapi',
    relevant: 'https://okapi-friends.example/about-okapis',
  },
} as const;

/** Pages written for credibility ranking: equally relevant twins on domains of every tier. */
export const credibilityCorpus: FixtureDocument[] = [
  page(urls.axolotl.low, AXOLOTL_TITLE, AXOLOTL_TEXT),
  page(urls.axolotl.unknown, AXOLOTL_TITLE, AXOLOTL_TEXT),
  page(urls.axolotl.reputable, AXOLOTL_TITLE, AXOLOTL_TEXT),
  page(urls.axolotl.primary, AXOLOTL_TITLE, AXOLOTL_TEXT),
  page(urls.tardigrade.older, TARDIGRADE_TITLE, TARDIGRADE_TEXT, '2005-06-01T00:00:00.000Z'),
  page(urls.tardigrade.newer, TARDIGRADE_TITLE, TARDIGRADE_TEXT, daysAgo(30)),
  page(
    urls.okapi.reputableWeak,
    'Animals of the Congo rainforest',
    'The Congo basin rainforest shelters forest elephants, bonobos, leopards, gorillas, hornbills and many insects; an okapi is seen there rarely.',
  ),
  page(
    urls.okapi.relevant,
    'Okapi: the striped forest giraffe',
    'The okapi is the only living relative of the giraffe. Okapi stripes camouflage the okapi in the forest; an okapi eats leaves with a long tongue like a giraffe.',
  ),
];

/** The world around chat-svc (as harness.ts's startNeighbours), searching the corpus above. */
export async function startCredibilityNeighbours(): Promise<Neighbours> {
  const searxng = await startFakeSearxng({ corpus: credibilityCorpus });
  const openai = await startFakeOpenAI();
  const ollama = await startFakeOllama();
  const search = await startSearchService({
    SEARXNG_URL: searxng.url,
    FETCH_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'warn',
  });
  const library = await startLibraryService({ LOG_LEVEL: 'warn' });
  return {
    searxng,
    openai,
    ollama,
    search,
    library,
    async close() {
      await Promise.allSettled([search.close(), library.close()]);
      await Promise.allSettled([searxng.close(), openai.close(), ollama.close()]);
    },
  };
}
