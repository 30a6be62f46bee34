/** The `-o` formats, parsed where the flags are (kept apart from the printers: no analysis code at start-up). */
import { UsageError } from './errors.js';

export const outputFormats = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export function parseOutput(value: string): OutputFormat {
  if ((outputFormats as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--output: expected one of ${outputFormats.join(', ')}, found "${value}"`);
}
