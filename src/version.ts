/** The zapsweep version: the CLI's --version, the ConfigMap's record, the worker image check. */
export const zapsweepVersion = '0.1.0';
