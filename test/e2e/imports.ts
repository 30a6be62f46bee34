export { assertBuilt, childPids, isAlive, killWorkerMidAttempt, onlySweepId, readLog, runCli, startCli, waitFor } from '../support/cli.js';
export { tempDir } from '../support/builders.js';
