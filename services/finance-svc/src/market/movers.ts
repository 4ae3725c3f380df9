import type { FmpClient } from '../fmp/fmp-client.ts';
import { type FmpMover, fmpMovers } from '../fmp/fmp-schemas.ts';

/** How many of each list the page gets; FMP's lists run longer. */
const LIST_LENGTH = 25;

function moverView(mover: FmpMover) {
  return {
    symbol: mover.symbol,
    name: mover.name,
    exchange: mover.exchange,
    price: mover.price,
    change: mover.change,
    changePercent: mover.changesPercentage,
  };
}

/** The day's biggest gainers, losers and most traded, in FMP's order. One cache entry: one page. */
export async function loadMovers(fmp: FmpClient) {
  const [gainers, losers, mostActive] = await Promise.all([
    fmp.get('biggest-gainers', {}, fmpMovers),
    fmp.get('biggest-losers', {}, fmpMovers),
    fmp.get('most-actives', {}, fmpMovers),
  ]);
  const list = (movers: FmpMover[]) => movers.slice(0, LIST_LENGTH).map(moverView);
  return { gainers: list(gainers), losers: list(losers), mostActive: list(mostActive) };
}
