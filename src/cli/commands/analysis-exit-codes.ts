/** `compare --fail-on-regression`: the exit code when a configuration regressed significantly. */
export const REGRESSION_EXIT_CODE = 4;
