import type { FmpClient } from '../fmp/fmp-client.ts';
import { fmpProfiles } from '../fmp/fmp-schemas.ts';
import { UNKNOWN_SYMBOL } from './cache-entry.ts';

/** FMP's "164.08-237.23" 52-week range as numbers. */
function parseRange(range: string | null) {
  const match = range ? /^\s*([\d.]+)\s*-\s*([\d.]+)\s*$/.exec(range) : null;
  return match ? { low: Number(match[1]), high: Number(match[2]) } : null;
}

const count = (value: string | null) => {
  const parsed = value === null ? Number.NaN : Number(value.replaceAll(',', ''));
  return Number.isFinite(parsed) ? parsed : null;
};

/** A company's (or fund's) card: who it is, where it trades, what it does. Indices have none. */
export async function loadProfile(fmp: FmpClient, symbol: string) {
  const profiles = await fmp.get('profile', { symbol }, fmpProfiles);
  const profile = profiles.find((row) => row.symbol.toUpperCase() === symbol) ?? profiles[0];
  if (!profile) return UNKNOWN_SYMBOL;
  return {
    symbol: profile.symbol,
    name: profile.companyName,
    exchange: profile.exchange,
    exchangeName: profile.exchangeFullName,
    currency: profile.currency,
    sector: profile.sector,
    industry: profile.industry,
    country: profile.country,
    ceo: profile.ceo,
    employees: count(profile.fullTimeEmployees),
    website: profile.website,
    description: profile.description,
    ipoDate: profile.ipoDate,
    image: profile.image,
    marketCap: profile.marketCap,
    price: profile.price,
    beta: profile.beta,
    lastDividend: profile.lastDividend,
    averageVolume: profile.averageVolume,
    yearRange: parseRange(profile.range),
    isEtf: profile.isEtf ?? false,
    isFund: profile.isFund ?? false,
    isAdr: profile.isAdr ?? false,
    isActivelyTrading: profile.isActivelyTrading ?? null,
    identifiers: { cik: profile.cik, isin: profile.isin, cusip: profile.cusip },
    contact: {
      address: profile.address,
      city: profile.city,
      state: profile.state,
      zip: profile.zip,
      phone: profile.phone,
    },
  };
}
