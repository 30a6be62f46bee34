export { assertBuilt, childPids, isAlive, onlySweepId, readLog, runCli, startCli, waitFor } from '../support/cli.js';
export { tempDir } from '../support/builders.js';
