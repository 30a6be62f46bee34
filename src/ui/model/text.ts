/** Pure terminal text: bars, sparklines, CI bars, fitting to a width, clock times. */

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const SPARKS = '▁▂▃▄▅▆▇█';

/** A left-to-right bar of `width` cells filled to `fraction` (0..1), in eighths of a cell. */
export function bar(fraction: number, width: number): string {
  if (width <= 0) return '';
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8] ?? '';
  return ('█'.repeat(full) + part).padEnd(width, ' ');
}

/** A progress bar with a light track: `████░░░░`. */
export function progressBar(fraction: number, width: number): string {
  if (width <= 0) return '';
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

/**
 * A mean ± CI on a scale [lo, hi] in `width` cells: `─` over the interval, `●` at the mean,
 * spaces elsewhere. Values outside the scale are clamped to its ends.
 */
export function ciBar(mean: number, ciLo: number, ciHi: number, scaleLo: number, scaleHi: number, width: number): string {
  if (width <= 0) return '';
  const span = scaleHi - scaleLo;
  const at = (x: number): number => {
    if (!Number.isFinite(x) || span <= 0) return Math.floor((width - 1) / 2);
    return Math.min(width - 1, Math.max(0, Math.round(((x - scaleLo) / span) * (width - 1))));
  };
  const cells = new Array<string>(width).fill(' ');
  const a = at(Math.min(ciLo, ciHi));
  const b = at(Math.max(ciLo, ciHi));
  for (let i = a; i <= b; i++) cells[i] = '─';
  cells[at(mean)] = '●';
  return cells.join('');
}

/** The values as a sparkline of at most `width` cells (resampled by bucket means); '' when empty. */
export function sparkline(values: readonly number[], width: number): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0 || width <= 0) return '';
  const points = resample(finite, width);
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  return points.map((v) => SPARKS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (SPARKS.length - 1))] ?? ' ').join('');
}

function resample(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / width));
    let sum = 0;
    for (let j = from; j < to; j++) sum += values[j] ?? 0;
    out.push(sum / (to - from));
  }
  return out;
}

/** Cuts to `width` with "…", then pads (left-aligned unless `right`). */
export function fit(s: string, width: number, right = false): string {
  if (width <= 0) return '';
  const cut = s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
  return right ? cut.padStart(width) : cut.padEnd(width);
}

/** mm:ss under an hour, h:mm:ss above; "--:--" when unknown. */
export function clock(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '--:--';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = String(m).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "+0.012" / "-0.004" / "-" for an absent number. */
export function signed(x: number | undefined | null, digits = 3): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return '-';
  const s = x.toFixed(digits);
  return x >= 0 && !s.startsWith('-') ? `+${s}` : s === `-${(0).toFixed(digits)}` ? `+${(0).toFixed(digits)}` : s;
}

/** "0.912" / "-". */
export function num(x: number | undefined | null, digits = 3): string {
  return x === undefined || x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}
