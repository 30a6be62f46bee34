/** The file store's half of DriftReportStore: `<sweep dir>/drift-report.json`, written atomically. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './types.js';

const NAME = 'drift-report.json';

export async function writeDriftReportFile(sweepDir: string, report: unknown): Promise<void> {
  const file = join(sweepDir, NAME);
  await writeFile(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

export async function readDriftReportFile(sweepDir: string): Promise<unknown> {
  const file = join(sweepDir, NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new StoreError(`${file}: not valid JSON`, { cause });
  }
}
