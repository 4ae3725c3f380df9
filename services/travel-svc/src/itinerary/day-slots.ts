import type { Pace } from '../wire-schemas.ts';
import type { SourceTopic, TimeOfDay } from './itinerary-types.ts';

export interface Slot {
  time: TimeOfDay;
  /** Topics that suit the slot, best first (a sight in the morning, dinner in the evening). */
  topics: SourceTopic[];
}

/**
 * What one day holds at each pace: relaxed is a morning and an afternoon, moderate adds the
 * evening, packed doubles the morning and the afternoon.
 */
export const slotsByPace: Record<Pace, Slot[]> = {
  relaxed: [
    { time: 'morning', topics: ['sights', 'interest'] },
    { time: 'afternoon', topics: ['neighbourhoods', 'interest', 'food'] },
  ],
  moderate: [
    { time: 'morning', topics: ['sights', 'interest'] },
    { time: 'afternoon', topics: ['interest', 'neighbourhoods', 'sights'] },
    { time: 'evening', topics: ['food', 'neighbourhoods'] },
  ],
  packed: [
    { time: 'morning', topics: ['sights', 'interest'] },
    { time: 'morning', topics: ['interest', 'sights'] },
    { time: 'afternoon', topics: ['neighbourhoods', 'sights'] },
    { time: 'afternoon', topics: ['interest', 'sights', 'neighbourhoods'] },
    { time: 'evening', topics: ['food', 'neighbourhoods'] },
  ],
};
