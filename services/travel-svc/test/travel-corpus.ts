import type { FixtureDocument } from '@perplexica/fakes';
import { curatedDestinations } from '../src/inspiration/curated-destinations.ts';

const page = (url: string, title: string, content: string): FixtureDocument => ({
  url,
  title,
  content,
  engines: ['google', 'bing'],
  category: 'general',
  publishedDate: null,
});

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-');

/** Pages about Lisbon and Kyoto for itineraries: sights, food, neighbourhoods, two interests. */
export const tripPages: FixtureDocument[] = [
  page(
    'https://www.visitlisboa.com/en/sights',
    'Top sights in Lisbon | Visit Lisboa',
    'Lisbon sights worth a morning: the Belém Tower on the Tagus, the Jerónimos Monastery and the view from São Jorge Castle above Alfama.',
  ),
  page(
    'https://en.wikipedia.org/wiki/Bel%C3%A9m_Tower',
    'Belém Tower - Wikipedia',
    'Belém Tower is a 16th-century fortification in Lisbon that served as a point of embarkation for Portuguese explorers. Things to do nearby include the Monument to the Discoveries.',
  ),
  page(
    'https://www.lonelyplanet.com/portugal/lisbon/things-to-do',
    'Things to do in Lisbon - Lonely Planet',
    'Ride tram 28 through Graça, get lost in the alleys of Alfama and watch the sunset from the Miradouro da Senhora do Monte in Lisbon.',
  ),
  page(
    'https://www.timeout.com/lisbon/restaurants/best-restaurants-in-lisbon',
    'The best restaurants in Lisbon | Time Out',
    'The best food in Lisbon: grilled sardines in Alfama, bacalhau in Baixa and seafood at Cervejaria Ramiro. Restaurants for every budget.',
  ),
  page(
    'https://pasteisdebelem.pt/en/',
    'Pastéis de Belém – the original custard tarts in Lisbon',
    'Since 1837 the Lisbon bakery in Belém has baked its custard tarts from a secret recipe. Best eaten warm with cinnamon.',
  ),
  page(
    'https://www.timeoutmarket.com/lisboa/en/',
    'Time Out Market Lisboa – food hall',
    'The food hall in Cais do Sodré gathers the best chefs and restaurants of Lisbon under one roof.',
  ),
  page(
    'https://www.cntraveler.com/story/lisbon-neighborhood-guide',
    'A neighbourhood guide to Lisbon - Condé Nast Traveler',
    'The best neighbourhoods to explore in Lisbon: Alfama for fado and old streets, Bairro Alto for nightlife, Príncipe Real for shops and gardens.',
  ),
  page(
    'https://www.lxfactory.com/en/',
    'LX Factory – Lisbon creative hub',
    'In Alcântara, an old Lisbon textile factory turned into shops, bookstores and restaurants under the 25 de Abril Bridge.',
  ),
  page(
    'https://www.museudofado.pt/en',
    'Fado Museum – Lisbon fado music',
    'Fado music in Lisbon: the museum in Alfama tells its history, and the casas de fado nearby hold concerts every evening.',
  ),
  page(
    'https://www.museudoazulejo.gov.pt/en-GB/',
    'National Tile Museum (Azulejo) – Lisbon',
    'Azulejo tiles in Lisbon: five centuries of Portuguese tile art in a former convent, with a panorama of the city before the 1755 earthquake.',
  ),
  page(
    'https://www.japan-guide.com/e/e2158.html',
    'Kyoto sights and things to do - japan-guide',
    'Kyoto top sights: Fushimi Inari Taisha with its thousands of torii gates, the golden Kinkaku-ji and the bamboo grove of Arashiyama.',
  ),
  page(
    'https://www.kyoto.travel/en/food',
    'Best food in Kyoto – kaiseki, tofu and Nishiki Market',
    'Kyoto food: kaiseki dinners, yudofu near Nanzen-ji and the stalls of Nishiki Market, Kyoto’s kitchen, for the best restaurants and snacks.',
  ),
];

/**
 * One travel guide and one picture per curated destination, so every inspiration key can be
 * built: the guide names the place (as the card's blurb requires), the image carries img_src.
 */
export const inspirationPages: FixtureDocument[] = curatedDestinations.flatMap((destination) => [
  page(
    `https://guides.travel.example/${slug(destination.name)}`,
    `${destination.name} travel guide`,
    `${destination.name}, ${destination.country}: the travel guide for ${destination.themes.join(', ')} trips, at its best in ${destination.seasons.join(' and ')}.`,
  ),
  {
    url: `https://photos.travel.example/${slug(destination.name)}`,
    title: `${destination.name} ${destination.country} photo`,
    content: `A view of ${destination.name}, ${destination.country}.`,
    engines: ['bing images'],
    category: 'images',
    publishedDate: null,
    img_src: `https://photos.travel.example/${slug(destination.name)}/full.jpg`,
    thumbnail_src: `https://photos.travel.example/${slug(destination.name)}/thumb.jpg`,
    resolution: '1920 x 1280',
    img_format: 'jpeg',
  },
]);

export const travelCorpus: FixtureDocument[] = [...tripPages, ...inspirationPages];
