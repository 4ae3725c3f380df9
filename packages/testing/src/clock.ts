/**
 * A clock a test moves forward instead of waiting: for services that take `now` in their deps
 * (caches ageing entries, dates checked against today).
 */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** Starts at the real time and runs with it, plus whatever the test has advanced it by. */
export function createTestClock(): TestClock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}
