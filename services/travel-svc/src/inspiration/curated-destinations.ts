import type { Season, Theme } from '../wire-schemas.ts';

export interface CuratedDestination {
  name: string;
  country: string;
  /**
   * When it is at its best, in calendar seasons as the northern hemisphere names them (winter is
   * December to February): Cape Town's summer is listed under winter.
   */
  seasons: Season[];
  themes: Theme[];
  /** Other names a page may use for it ("New York" for New York City). */
  aliases?: string[];
}

/**
 * The destinations the inspiration cards are drawn from: an editorial list, kept in code so a
 * change is reviewed like any other. Search supplies each card's words and picture; this list
 * only decides which places are worth suggesting for a season and a theme.
 */
export const curatedDestinations: readonly CuratedDestination[] = [
  { name: 'Lisbon', country: 'Portugal', seasons: ['spring', 'autumn'], themes: ['city', 'food', 'culture'] },
  { name: 'Kyoto', country: 'Japan', seasons: ['spring', 'autumn'], themes: ['culture', 'city', 'food'] },
  {
    name: 'Barcelona',
    country: 'Spain',
    seasons: ['spring', 'summer', 'autumn'],
    themes: ['beach', 'city', 'food', 'culture'],
  },
  {
    name: 'Paris',
    country: 'France',
    seasons: ['spring', 'autumn', 'winter'],
    themes: ['city', 'food', 'culture'],
  },
  {
    name: 'Rome',
    country: 'Italy',
    seasons: ['spring', 'autumn', 'winter'],
    themes: ['city', 'food', 'culture'],
  },
  {
    name: 'Istanbul',
    country: 'Türkiye',
    seasons: ['spring', 'autumn'],
    themes: ['city', 'food', 'culture'],
  },
  {
    name: 'Mexico City',
    country: 'Mexico',
    seasons: ['spring', 'autumn', 'winter'],
    themes: ['city', 'food', 'culture'],
  },
  { name: 'Bangkok', country: 'Thailand', seasons: ['winter'], themes: ['city', 'food', 'culture'] },
  {
    name: 'New York City',
    country: 'United States',
    seasons: ['spring', 'autumn', 'winter'],
    themes: ['city', 'food', 'culture'],
    aliases: ['New York'],
  },
  { name: 'Copenhagen', country: 'Denmark', seasons: ['summer'], themes: ['city', 'food'] },
  { name: 'Edinburgh', country: 'United Kingdom', seasons: ['summer'], themes: ['city', 'culture'] },
  {
    name: 'Amalfi Coast',
    country: 'Italy',
    seasons: ['spring', 'summer'],
    themes: ['beach', 'food'],
    aliases: ['Amalfi'],
  },
  {
    name: 'Algarve',
    country: 'Portugal',
    seasons: ['spring', 'summer', 'autumn'],
    themes: ['beach', 'nature', 'adventure'],
  },
  {
    name: 'Crete',
    country: 'Greece',
    seasons: ['spring', 'summer', 'autumn'],
    themes: ['beach', 'food', 'culture', 'nature'],
  },
  {
    name: 'Bali',
    country: 'Indonesia',
    seasons: ['summer', 'autumn'],
    themes: ['beach', 'culture', 'adventure', 'nature'],
  },
  { name: 'Maldives', country: 'Maldives', seasons: ['winter', 'spring'], themes: ['beach'] },
  { name: 'Zanzibar', country: 'Tanzania', seasons: ['summer', 'winter'], themes: ['beach', 'culture'] },
  { name: 'Cancún', country: 'Mexico', seasons: ['winter', 'spring'], themes: ['beach', 'adventure'] },
  {
    name: 'Cape Town',
    country: 'South Africa',
    seasons: ['winter', 'spring', 'autumn'],
    themes: ['beach', 'nature', 'food', 'adventure'],
  },
  { name: 'Banff', country: 'Canada', seasons: ['summer', 'winter'], themes: ['nature', 'adventure'] },
  { name: 'Zermatt', country: 'Switzerland', seasons: ['summer', 'winter'], themes: ['nature', 'adventure'] },
  { name: 'Iceland', country: 'Iceland', seasons: ['summer', 'winter'], themes: ['nature', 'adventure'] },
  { name: 'Patagonia', country: 'Argentina', seasons: ['winter', 'autumn'], themes: ['nature', 'adventure'] },
  {
    name: 'Queenstown',
    country: 'New Zealand',
    seasons: ['winter', 'summer'],
    themes: ['adventure', 'nature'],
  },
  { name: 'Lapland', country: 'Finland', seasons: ['winter'], themes: ['nature', 'adventure'] },
  { name: 'Dolomites', country: 'Italy', seasons: ['summer', 'winter'], themes: ['nature', 'adventure'] },
  {
    name: 'Vienna',
    country: 'Austria',
    seasons: ['winter', 'spring', 'autumn'],
    themes: ['culture', 'city', 'food'],
  },
  {
    name: 'Marrakech',
    country: 'Morocco',
    seasons: ['spring', 'autumn', 'winter'],
    themes: ['culture', 'food', 'city'],
  },
  { name: 'Oaxaca', country: 'Mexico', seasons: ['autumn', 'winter'], themes: ['food', 'culture'] },
  {
    name: 'Tokyo',
    country: 'Japan',
    seasons: ['spring', 'autumn', 'winter'],
    themes: ['city', 'food', 'culture'],
  },
  {
    name: 'Scottish Highlands',
    country: 'United Kingdom',
    seasons: ['summer', 'autumn'],
    themes: ['nature', 'adventure'],
  },
  {
    name: 'Costa Rica',
    country: 'Costa Rica',
    seasons: ['winter', 'spring'],
    themes: ['nature', 'adventure', 'beach'],
  },
  {
    name: 'Norwegian fjords',
    country: 'Norway',
    seasons: ['summer'],
    themes: ['nature', 'adventure'],
    aliases: ['fjord'],
  },
  { name: 'Seville', country: 'Spain', seasons: ['spring', 'autumn'], themes: ['culture', 'food', 'city'] },
  {
    name: 'Hokkaido',
    country: 'Japan',
    seasons: ['winter', 'summer'],
    themes: ['nature', 'adventure', 'food'],
  },
  { name: 'Sydney', country: 'Australia', seasons: ['winter', 'autumn'], themes: ['beach', 'city', 'food'] },
  { name: 'Rio de Janeiro', country: 'Brazil', seasons: ['winter'], themes: ['beach', 'city', 'culture'] },
  { name: 'Munich', country: 'Germany', seasons: ['summer', 'autumn'], themes: ['food', 'culture', 'city'] },
  { name: 'Naples', country: 'Italy', seasons: ['spring', 'autumn'], themes: ['food', 'culture'] },
  { name: 'Hoi An', country: 'Vietnam', seasons: ['spring'], themes: ['food', 'culture', 'beach'] },
];

/** Cards per season and theme: a page's worth, and 12 searches per key to refresh. */
export const CARDS_PER_KEY = 6;

export function destinationsFor(season: Season, theme: Theme): CuratedDestination[] {
  return curatedDestinations
    .filter((destination) => destination.seasons.includes(season) && destination.themes.includes(theme))
    .slice(0, CARDS_PER_KEY);
}
