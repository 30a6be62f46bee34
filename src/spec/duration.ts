import ms from 'ms';

/** A spec duration (`budget.trialTimeout`): seconds as a number, or a string like "90s", "10m", "2h". */
export type Duration = number | string;

/**
 * Milliseconds of a spec duration. Numbers are seconds. Strings follow `durationSchema`
 * (`<number><ms|s|m|h>`); anything else throws a RangeError (the schema rejects it earlier).
 */
export function parseDuration(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration <= 0) throw new RangeError(`invalid duration: ${duration}`);
    return Math.round(duration * 1000);
  }
  if (!/^\d+(\.\d+)?(ms|s|m|h)$/.test(duration)) throw new RangeError(`invalid duration: "${duration}"`);
  const millis = ms(duration as ms.StringValue);
  if (typeof millis !== 'number' || !Number.isFinite(millis) || millis <= 0) {
    throw new RangeError(`invalid duration: "${duration}"`);
  }
  return Math.round(millis);
}
