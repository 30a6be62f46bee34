/** A terminal line as styled segments: pure data the components turn into <Text>. */
export type Tone = 'accent' | 'good' | 'bad' | 'warn' | 'dim' | 'title';

export interface Segment {
  text: string;
  tone?: Tone;
  /** Reverse video (the selected row). */
  inverse?: boolean;
}

export type Line = Segment[];

export function seg(text: string, tone?: Tone): Segment {
  return tone === undefined ? { text } : { text, tone };
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

/** Cuts a line to `width` characters (segments beyond are dropped, the last one cut). */
export function clip(line: Line, width: number): Line {
  const out: Line = [];
  let left = width;
  for (const s of line) {
    if (left <= 0) break;
    if (s.text.length <= left) {
      out.push(s);
      left -= s.text.length;
    } else {
      out.push({ ...s, text: s.text.slice(0, left) });
      left = 0;
    }
  }
  return out;
}
