/**
 * A TrainedStage as bytes, for the checkpoint store (src/checkpoints): the magic "ZSSTAGE1", a
 * little-endian uint32 header length, the header as JSON (stage key, result, shapes, sink calls),
 * padding to 4 bytes, then every weight as float32 little-endian, in order. Numbers in JSON round-trip
 * exactly, so a decoded stage replays and transfers bit-identically. Malformed bytes throw
 * CorruptCheckpointError: a stage is trained again rather than used half-read.
 */
import { CorruptCheckpointError } from '../checkpoints/types.js';
import { zapsweepVersion } from '../version.js';
import type { SinkCall, TrainedStage } from './stage.js';

const MAGIC = 'ZSSTAGE1';
const FORMAT = 1;

interface Header {
  format: number;
  stageKey: string;
  oldAccBefore: number;
  zaps: number;
  shapes: number[][];
  calls: SinkCall[];
  probeSummary?: Record<string, number>;
}

/**
 * The checkpoint store key of a stage: the sweep, the stage key, the backend that trained it and the
 * zapsweep version. Another backend or trainer gives other numbers; another sweep may read other data
 * under the same spec (a night after its data files changed), so checkpoints are never shared
 * across sweeps (a resumed sweep keeps its id and reuses its own).
 */
export function checkpointKeyOf(sweepId: string, stageKey: string, backend: string): string {
  return `${sweepId}.${stageKey}.${backend}.${zapsweepVersion}`.replace(/[^a-z0-9._-]/gi, '-').slice(0, 128);
}

export function encodeStage(stage: TrainedStage): Uint8Array {
  const header: Header = { format: FORMAT, stageKey: stage.stageKey, oldAccBefore: stage.oldAccBefore, zaps: stage.zaps, shapes: stage.shapes.map((s) => [...s]), calls: [...stage.calls], ...(stage.probeSummary ? { probeSummary: { ...stage.probeSummary } } : {}) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align4(MAGIC.length + 4 + json.length);
  const floats = stage.weights.reduce((n, w) => n + w.length, 0);
  const out = new Uint8Array(start + floats * 4);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  const view = new DataView(out.buffer, start);
  let at = 0;
  for (const w of stage.weights) for (const x of w) view.setFloat32(4 * at++, x, true);
  return out;
}

export function decodeStage(key: string, bytes: Uint8Array): TrainedStage {
  const bad = (detail: string): never => {
    throw new CorruptCheckpointError(key, detail);
  };
  if (bytes.length < MAGIC.length + 4 || Buffer.from(bytes.subarray(0, MAGIC.length)).toString('latin1') !== MAGIC) bad('not a zapsweep stage');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = dv.getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + length > bytes.length) bad('header cut short');
  let header: Header;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + length)).toString('utf8')) as Header;
  } catch {
    return bad('header is not JSON');
  }
  if (header.format !== FORMAT || !Array.isArray(header.shapes) || !Array.isArray(header.calls)) bad(`unknown format ${String(header.format)}`);
  const start = align4(MAGIC.length + 4 + length);
  const sizes = header.shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const floats = sizes.reduce((a, b) => a + b, 0);
  if (bytes.length !== start + floats * 4) bad(`expected ${start + floats * 4} bytes, found ${bytes.length}`);
  let at = 0;
  const weights = sizes.map((n) => {
    const w = new Float32Array(n);
    for (let k = 0; k < n; k++) w[k] = dv.getFloat32(start + 4 * at++, true);
    return w;
  });
  return { stageKey: header.stageKey, oldAccBefore: header.oldAccBefore, zaps: header.zaps, shapes: header.shapes, weights, calls: header.calls, ...(header.probeSummary ? { probeSummary: header.probeSummary } : {}) };
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
