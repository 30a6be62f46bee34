/** Pure: the detail view of one configuration as lines for a width and a height. */
import type { DetailView } from '../model/detail.js';
import { fit, num, sparkline } from '../model/text.js';
import { clip, seg, type Line } from './line.js';

function metricText(m: DetailView['metrics'][number]): string {
  return m.cell.half === null ? num(m.cell.mean) : `${num(m.cell.mean)} ±${num(m.cell.half)}`;
}

export function detailLines(d: DetailView, width: number, height: number): Line[] {
  const lines: Line[] = [];
  const params = Object.entries(d.parameters).map(([k, v]) => `${k.split('.').pop() ?? k}=${v}`).join(' ');
  lines.push([seg(`config ${d.rank === null ? '-' : `#${d.rank}`}`, 'title'), seg(d.pareto ? ' * ' : '   ', 'accent'), seg(`${params}  (${d.configId})`)]);

  // 1. Metrics, as many per line as fit.
  if (d.metrics.length === 0) lines.push([seg('no succeeded seed yet', 'dim')]);
  const cellW = 30;
  const perLine = Math.max(1, Math.floor(width / cellW));
  for (let i = 0; i < d.metrics.length; i += perLine) {
    lines.push([seg(d.metrics.slice(i, i + perLine).map((m) => fit(`${m.name} ${metricText(m)}`, cellW - 1)).join(' '))]);
    if (i / perLine >= 2) break; // at most 3 lines of metrics
  }

  // 2. Curves.
  const nameW = Math.min(28, Math.max(10, ...d.curves.map((c) => c.name.length)));
  const sparkW = Math.max(8, Math.min(60, width - nameW - 12));
  if (d.curves.length > 0) lines.push([seg('curves (mean over seeds, per epoch)', 'title')]);
  for (const c of d.curves) lines.push([seg(` ${fit(c.name, nameW)} `), seg(fit(sparkline(c.values, sparkW), sparkW), 'accent'), seg(` ${num(c.last)}`)]);

  if (d.fisher) lines.push([seg(`fisher trace (epoch ${d.fisher.step}) `, 'title'), seg(d.fisher.layers.map((l) => `${l.layer} ${l.trace.toPrecision(3)}`).join('  '))]);

  // 3. Zaps.
  lines.push([seg('zaps ', 'title'), seg(d.zaps.count === 0 ? 'none' : `${d.zaps.count} over all seeds: ${d.zaps.summary.join('; ')}`)]);

  if (d.backends.length > 0) lines.push([seg('backend ', 'title'), seg(d.backends.join('; '))]);

  // 4. Seeds, as many as the height leaves.
  lines.push([seg('seeds', 'title')]);
  const room = Math.max(1, height - lines.length);
  const seeds = d.seeds.slice(0, d.seeds.length > room ? room - 1 : room);
  for (const s of seeds) {
    const values = s.status === 'succeeded' ? `retained ${num(s.retained)}  gain ${num(s.gain)}` : (s.error ?? '');
    const tone = s.status === 'failed' ? 'bad' : s.status === 'succeeded' ? undefined : 'dim';
    lines.push([seg(` seed ${fit(String(s.seed), 4)} ${fit(s.status, 10)} ${fit(`${s.attempts} att.`, 7)} `), seg(values, tone)]);
  }
  if (seeds.length < d.seeds.length) lines.push([seg(` … ${d.seeds.length - seeds.length} more seeds`, 'dim')]);
  return lines.slice(0, height).map((l) => clip(l, width));
}
