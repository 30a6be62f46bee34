/** Pure: running trials with progress bars, and the failure log. */
import type { FailureEntry, RunningTrial } from '../model/snapshot.js';
import { fit, num, progressBar } from '../model/text.js';
import { clip, seg, type Line } from './line.js';

/** "zapEvery=1 optimizer=adam" for a configuration id (labels come from the board). */
export type LabelOf = (configId: string) => string;

export function runningLines(running: readonly RunningTrial[], label: LabelOf, width: number, max: number): Line[] {
  if (running.length === 0 || max <= 0) return [];
  const lines: Line[] = [[seg(`running (${running.length})`, 'title')]];
  const shown = running.slice(0, Math.max(0, max - 1 - (running.length > max - 1 ? 1 : 0)));
  for (const r of shown) {
    const who = `#${r.index} s${r.seed}${r.attempt > 0 ? ` a${r.attempt + 1}` : ''}`;
    const where = r.phase === 'starting' ? 'starting' : `${r.phase} ${r.step}/${r.total}`;
    const loss = r.loss === undefined ? '' : ` loss ${num(r.loss)}`;
    const right = ` ${fit(where, 18)}${loss}`;
    const barW = Math.max(6, Math.min(24, Math.floor(width / 5)));
    const labelW = Math.max(8, width - who.length - 2 - barW - right.length - 2);
    lines.push(clip([seg(`${fit(who, who.length)}  ${fit(label(r.configId), labelW)} `), seg(progressBar(r.fraction, barW), 'accent'), seg(right)], width));
  }
  if (shown.length < running.length) lines.push([seg(`… ${running.length - shown.length} more running`, 'dim')]);
  return lines;
}

export function failureLines(failures: readonly FailureEntry[], total: number, label: LabelOf, width: number, max: number): Line[] {
  if (total === 0 || max <= 0) return [];
  const lines: Line[] = [[seg(`failures (${total})`, 'bad')]];
  for (const f of failures.slice(-Math.max(0, max - 1))) {
    const who = `#${f.index} s${f.seed} attempt ${f.attempt + 1} ${f.cause}${f.retryable ? '' : ', final'}: `;
    lines.push(clip([seg(who, 'bad'), seg(`${f.message.split('\n')[0] ?? ''}  (${label(f.configId)})`)], width));
  }
  return lines;
}
