import type { FmpClient } from '../fmp/fmp-client.ts';
import { fmpGrades, fmpGradesConsensus, fmpPriceTargets } from '../fmp/fmp-schemas.ts';
import { type SymbolExists, UNKNOWN_SYMBOL } from './cache-entry.ts';

/** The latest analyst grade changes shown beside the consensus. */
const RECENT_GRADES = 20;

/**
 * What analysts think of a symbol: the buy/hold/sell consensus, the price-target range and the
 * latest grade changes. Funds and indices have none (nulls and an empty list, not a 404).
 */
export async function loadRatings(fmp: FmpClient, symbol: string, symbolExists: SymbolExists) {
  const [consensusRows, targetRows, grades] = await Promise.all([
    fmp.get('grades-consensus', { symbol }, fmpGradesConsensus),
    fmp.get('price-target-consensus', { symbol }, fmpPriceTargets),
    fmp.get('grades', { symbol }, fmpGrades),
  ]);
  const consensus = consensusRows[0];
  const targets = targetRows[0];
  if (!consensus && !targets && grades.length === 0 && !(await symbolExists(symbol))) return UNKNOWN_SYMBOL;
  const counts = consensus
    ? {
        strongBuy: consensus.strongBuy ?? 0,
        buy: consensus.buy ?? 0,
        hold: consensus.hold ?? 0,
        sell: consensus.sell ?? 0,
        strongSell: consensus.strongSell ?? 0,
      }
    : null;
  return {
    symbol,
    consensus:
      consensus && counts
        ? {
            rating: consensus.consensus,
            ...counts,
            analysts: Object.values(counts).reduce((sum, count) => sum + count, 0),
          }
        : null,
    priceTarget: targets
      ? {
          high: targets.targetHigh,
          low: targets.targetLow,
          average: targets.targetConsensus,
          median: targets.targetMedian,
        }
      : null,
    recentGrades: [...grades]
      .sort((a, b) => b.date.localeCompare(a.date))
      .slice(0, RECENT_GRADES)
      .map((grade) => ({
        date: grade.date.slice(0, 10),
        firm: grade.gradingCompany,
        action: grade.action,
        previousGrade: grade.previousGrade,
        newGrade: grade.newGrade,
      })),
  };
}
