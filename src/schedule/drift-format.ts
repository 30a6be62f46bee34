/**
 * Presenters of a drift report: the text table (header, the per-configuration comparison of
 * `compare`, the three-line summary), an HTML page, and the webhook payloads (generic JSON; a
 * Slack-compatible `{text, blocks}`). Pure string building; HTML text is escaped.
 */
import { formatComparisons } from '../analysis/sweep-compare-format.js';
import { escapeHtml as e } from '../report/html.js';
import type { DriftReport } from './drift-report.js';

function header(r: DriftReport): string[] {
  const lines = [`drift report: schedule ${r.schedule.name}, night ${r.schedule.date}: ${r.current.id} (${r.current.status})`];
  lines.push(r.baseline ? `baseline: ${r.baseline.id} of ${r.baseline.date}, the previous successful night` : 'baseline: none (no earlier completed night)');
  for (const s of r.skipped) lines.push(`skipped: ${s.id} of ${s.date} (${s.status}), not a successful night`);
  return lines;
}

export function formatDriftReport(r: DriftReport): string {
  const out = [...header(r), ''];
  if (r.comparison) out.push(formatComparisons([r.comparison]).trimEnd(), '');
  out.push(...r.summary);
  return `${out.join('\n')}\n`;
}

const signed = (x: number): string => (Number.isNaN(x) ? '-' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);
const cls = { regression: 'regression', improvement: 'improvement', unchanged: '', untestable: 'muted' } as const;

/** A figure of tonight's `zapsweep report`, linked relative to the drift page. */
export interface LinkedFigure {
  name: string;
  href: string;
}

export function driftReportHtml(r: DriftReport, figures: readonly LinkedFigure[] = [], reportHref?: string): string {
  const rows = (r.comparison?.deltas ?? []).map((d) => {
    const params = Object.entries(d.parameters).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    const ci = d.ci95 ? `[${signed(d.ci95[0])}, ${signed(d.ci95[1])}]` : '-';
    return `<tr class="${cls[d.change]}"><td>${e(d.configId)}</td><td>${e(params)}</td><td>${e(d.metric)}</td><td>${d.baseline.mean.toFixed(3)}</td><td>${d.other.mean.toFixed(3)}</td><td>${signed(d.diff)}</td><td>${ci}</td><td>${Number.isNaN(d.pHolm) ? '-' : d.pHolm.toPrecision(2)}</td><td>${e(d.change)}</td></tr>`;
  });
  const edge = (label: string, refs: DriftReport['appeared']): string => (refs.length === 0 ? '' : `<p>${e(label)}: ${refs.map((c) => e(c.configId)).join(', ')}</p>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(`drift report ${r.schedule.name} ${r.schedule.date}`)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}.regression{background:#fdd}.improvement{background:#dfd}.muted{color:#888}</style></head>
<body><h1>${e(`Drift report: ${r.schedule.name}, ${r.schedule.date}`)}</h1>
${header(r).map((l) => `<p>${e(l)}</p>`).join('\n')}
<h2>Summary</h2><ul>${r.summary.map((l) => `<li>${e(l)}</li>`).join('')}</ul>
${rows.length === 0 ? '' : `<h2>Configurations</h2><table><tr><th>configId</th><th>parameters</th><th>metric</th><th>baseline</th><th>tonight</th><th>diff</th><th>95% CI</th><th>p Holm</th><th>change</th></tr>\n${rows.join('\n')}\n</table>`}
${edge('appeared', r.appeared)}${edge('disappeared', r.disappeared)}
${reportHref === undefined ? '' : `<h2>Tonight's sweep</h2><p><a href="${e(reportHref)}">the full report of ${e(r.current.id)}</a> (zapsweep report)</p>`}
${figures.map((f) => `<figure><img src="${e(f.href)}" alt="${e(f.name)}"><figcaption>${e(f.name)}</figcaption></figure>`).join('\n')}
</body></html>
`;
}

export type WebhookFormat = 'generic' | 'slack';

/** The generic payload: the report itself, with the summary and counts first for quick readers. */
export function genericPayload(r: DriftReport): unknown {
  return {
    event: 'zapsweep.drift-report',
    schedule: r.schedule,
    sweepId: r.current.id,
    status: r.current.status,
    baseline: r.baseline,
    summary: r.summary,
    regressed: r.regressed.map((c) => c.configId),
    improved: r.improved.map((c) => c.configId),
    report: r,
  };
}

/** Slack's incoming-webhook shape: `text` (fallback) and mrkdwn blocks. */
export function slackPayload(r: DriftReport): unknown {
  const icon = r.regressed.length > 0 ? ':red_circle:' : r.current.status === 'completed' ? ':large_green_circle:' : ':warning:';
  const title = `${icon} zapsweep ${r.schedule.name} ${r.schedule.date}: ${r.current.id} ${r.current.status}`;
  return {
    text: `${title}\n${r.summary.join('\n')}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `zapsweep ${r.schedule.name} ${r.schedule.date}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `${title}\n${r.summary.map((l) => `• ${l}`).join('\n')}` } },
    ],
  };
}

export function webhookPayload(r: DriftReport, format: WebhookFormat): unknown {
  return format === 'slack' ? slackPayload(r) : genericPayload(r);
}
