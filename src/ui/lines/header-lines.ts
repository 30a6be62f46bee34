/** Pure: the two header lines (sweep identity; trial counts, progress bar, elapsed, ETA). */
import type { LiveSnapshot } from '../model/snapshot.js';
import { clock, progressBar } from '../model/text.js';
import { clip, seg, type Line } from './line.js';

export function headerLines(s: LiveSnapshot, width: number): Line[] {
  const c = s.counts;
  const state = s.sweep.status !== 'running' ? s.sweep.status : s.stopping ? 'stopping' : s.paused ? 'paused' : 'running';
  const p = s.pretrainings;
  const shared = p && p.reused > 0 ? [seg(` · pre-trainings ${p.trained} trained, ${p.reused} reused`, 'dim')] : [];
  const title: Line = [seg('zapsweep ', 'title'), seg(`${s.sweep.name} `, 'accent'), seg(`${s.sweep.id} · ${s.sweep.executor} · `), seg(state, s.paused || s.stopping ? 'warn' : undefined), ...shared];
  const ended = c.succeeded + c.failed;
  const tail = `  ✓${c.succeeded} ▶${c.running} ✗${c.failed}  ${ended}/${c.total}  elapsed ${clock(s.elapsedMs)}  eta ${clock(s.etaMs)}`;
  const barWidth = Math.max(8, Math.min(40, width - tail.length));
  const progress: Line = [
    seg(progressBar(c.total === 0 ? 0 : ended / c.total, barWidth), 'accent'),
    seg('  '),
    seg(`✓${c.succeeded}`, 'good'),
    seg(` ▶${c.running} `),
    seg(`✗${c.failed}`, c.failed > 0 ? 'bad' : undefined),
    seg(`  ${ended}/${c.total}  elapsed ${clock(s.elapsedMs)}  eta ${clock(s.etaMs)}`),
  ];
  return [clip(title, width), clip(progress, width)];
}
