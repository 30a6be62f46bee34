/** `compare --fail-on-regression`: the exit code when a configuration regressed significantly. */
export const REGRESSION_EXIT_CODE = 4;
/** `compare --fail-on-regression`: the exit code when a pair of sweeps had no configuration in common. */
export const NOTHING_COMPARED_EXIT_CODE = 5;
