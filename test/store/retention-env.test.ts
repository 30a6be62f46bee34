/** ZAPSWEEP_RESULTS_MAX_AGE: the results stream's documented max-age option. */
import { describe, expect, it } from 'vitest';
import { resultsMaxAgeFromEnv } from '../../src/store/jetstream/lazy-store.js';
import { StoreError } from '../../src/store/types.js';

describe('resultsMaxAgeFromEnv', () => {
  it.each([
    { text: undefined, ms: undefined },
    { text: '', ms: undefined },
    { text: '30d', ms: 30 * 24 * 3600 * 1000 },
    { text: '12h', ms: 12 * 3600 * 1000 },
    { text: '90m', ms: 90 * 60 * 1000 },
  ])('"$text" -> $ms', ({ text, ms }) => {
    expect(resultsMaxAgeFromEnv(text === undefined ? {} : { ZAPSWEEP_RESULTS_MAX_AGE: text })).toBe(ms);
  });

  it.each(['forever', '-1d', '0s', '30 days'])('"%s" is bad input (exit 2, one sentence)', (text) => {
    const err = (() => {
      try {
        return resultsMaxAgeFromEnv({ ZAPSWEEP_RESULTS_MAX_AGE: text });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).exitCode).toBe(2);
    expect((err as Error).message).toBe(`ZAPSWEEP_RESULTS_MAX_AGE: expected a duration such as 30d, 12h or 90m, found "${text}"`);
  });
});
