/** Results on stdout as a table, JSON (DESIGN.md shape) or CSV. */
import { formatRanking, resultsToCsv } from '../analysis/format.js';
import type { ResultsJson } from '../analysis/types.js';
import type { CliContext } from './context.js';
import type { OutputFormat } from './output-format.js';

export { outputFormats, parseOutput, type OutputFormat } from './output-format.js';

export function printResults(ctx: CliContext, results: ResultsJson, format: OutputFormat): void {
  switch (format) {
    case 'json':
      ctx.stdout.write(JSON.stringify(results, null, 2) + '\n');
      return;
    case 'csv':
      ctx.stdout.write(resultsToCsv(results));
      return;
    case 'table': {
      ctx.stdout.write('\n' + formatRanking(results, { width: 'columns' in ctx.stdout ? Number(ctx.stdout.columns) || 100 : 100 }) + '\n');
      return;
    }
  }
}
