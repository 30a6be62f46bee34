/**
 * The report's index.html: the figures (SVG inline-linked, PNG linked), the ranking table, the
 * analysis tables with their sentences and the notes on skipped figures. Pure string building;
 * every text from the data is HTML-escaped.
 */
import { formatMetric, formatValue, parameterPaths, shortNames } from '../analysis/format.js';
import type { FrequencyAnalysis } from '../analysis/frequency.js';
import { formatP, groupHeading, groupSentence } from '../analysis/frequency-text.js';
import type { Interval } from '../analysis/types.js';
import type { ReportModel } from './model.js';

export interface RenderedFile {
  name: string;
  svg: string;
  png: string;
  /** PNG size in pixels. */
  width: number;
  height: number;
}

export function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const e = escapeHtml;
const signed = (x: number): string => (Number.isNaN(x) ? '-' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);
const interval = (ci: Interval | null): string => (ci ? `[${signed(ci[0])}, ${signed(ci[1])}]` : '-');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = header.map((h) => `<th>${e(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${trs}\n</tbody>\n</table>`;
}

function rankingTable(model: ReportModel): string {
  const configs = model.results.configs;
  const paths = parameterPaths(configs);
  const names = shortNames(paths);
  return table(
    ['rank', 'Pareto', ...names, 'retained ±95% CI', 'gain ±95% CI', 'seeds', 'configId'],
    configs.map((c) => [String(c.rank), c.pareto ? '*' : '', ...paths.map((p) => formatValue(c.parameters[p])), formatMetric(c.metrics['retainedAccuracy']), formatMetric(c.metrics['newTaskGain']), String(c.seeds), c.configId]),
  );
}

function analysisSection(a: FrequencyAnalysis): string {
  const parts = [`<h3>${e(a.metric.name)} against ${e(a.axis.name)} (control ${e(formatValue(a.control))})</h3>`];
  for (const g of a.groups) {
    const rows = g.levels.map((l) => {
      const c = g.comparisons.find((x) => JSON.stringify(x.value) === JSON.stringify(l.value));
      const isBest = g.best !== undefined && JSON.stringify(g.best.value) === JSON.stringify(l.value);
      const tied = g.best?.tiedWith.some((v) => JSON.stringify(v) === JSON.stringify(l.value)) ?? false;
      return [
        formatValue(l.value), formatMetric(l.summary), String(l.summary.n),
        c ? signed(c.diff) : '', c ? interval(c.ci95) : '', c ? interval(c.bootstrapCi95) : '', c ? formatP(c.p) : '', c ? formatP(c.pHolm) : '', c?.verdict ?? 'control',
        isBest ? 'best' : tied ? 'tied with best' : '',
      ];
    });
    parts.push(`<h4>${e(groupHeading(g.parameters))}</h4>`, table([a.axis.name, 'mean ±95% CI', 'n', 'diff vs control', 'paired t CI', 'bootstrap CI', 'p', 'p Holm', 'verdict', ''], rows), `<p class="sentence">${e(groupSentence(a, g))}</p>`);
  }
  return parts.join('\n');
}

/** A data file written beside the report (CSV or JSON), linked from the page. */
export interface DataFile {
  file: string;
  what: string;
}

export function reportHtml(model: ReportModel, files: readonly RenderedFile[], data: readonly DataFile[], generatedBy: string): string {
  const s = model.results.sweep;
  const byName = new Map(files.map((f) => [f.name, f]));
  const figures = model.figures.map((f) => {
    const file = byName.get(f.name);
    if (!file) return '';
    return `<figure id="${e(f.name)}">\n<img src="${e(file.svg)}" alt="${e(f.title)}">\n<figcaption>${e(f.caption)} <a href="${e(file.svg)}">SVG</a> · <a href="${e(file.png)}">PNG</a> (${file.width}×${file.height})</figcaption>\n</figure>`;
  });
  const notes = model.notes.length > 0 ? `<h2>Not shown</h2>\n<ul>\n${model.notes.map((n) => `<li>${e(n)}</li>`).join('\n')}\n</ul>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>zapsweep report: ${e(s.name)} (${e(s.id)})</title>
<style>
body { font-family: sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
figure { margin: 1.5em 0; }
figcaption { font-size: 0.9em; color: #555; }
.sentence { font-style: italic; }
</style>
</head>
<body>
<h1>Sweep ${e(s.name)}</h1>
<p>${e(s.id)}: ${e(s.status)}; ${s.trials.total} trials, ${s.trials.succeeded} succeeded, ${s.trials.failed} failed, ${s.trials.running} running. ${e(generatedBy)}</p>
<h2>Figures</h2>
${figures.join('\n')}
<h2>Ranking</h2>
<p>Best first: Pareto rank over the means of (retainedAccuracy, newTaskGain), then their sum. ± is the 95% CI half-width over seeds; * marks the Pareto front.</p>
${rankingTable(model)}
<h2>Best value and comparisons with the control</h2>
<p>Paired by seed (same seed: same data, order and initial weights). Paired t CIs and a seeded percentile bootstrap; p-values Holm-adjusted over each group's comparisons with the control; "tied with best" when the paired CI of the difference to the best contains 0.</p>
${model.analyses.map(analysisSection).join('\n')}
${notes}
<h2>Data</h2>
<ul>
${data.map((d) => `<li><a href="${e(d.file)}">${e(d.file)}</a>: ${e(d.what)}</li>`).join('\n')}
</ul>
</body>
</html>
`;
}
