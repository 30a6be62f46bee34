/**
 * A small PNG codec on node:zlib (no dependency): decodes non-interlaced greyscale (1-16 bit),
 * grey+alpha, RGB, RGBA and palette images to greyscale values 0..1 (alpha composited on white);
 * encodes 8-bit greyscale (test fixtures). Omniglot's files are 105x105 1-bit greyscale.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { DatasetError } from './dataset.js';

export interface GreyImage {
  readonly width: number;
  readonly height: number;
  /** Row-major, values 0 (black) .. 1 (white). */
  readonly pixels: Float32Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(buf: Uint8Array, name = 'PNG'): GreyImage {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 8 || !b.subarray(0, 8).equals(SIGNATURE)) throw new DatasetError(`${name} is not a PNG file`);
  let width = 0, height = 0, depth = 0, colour = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= b.length; ) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      [width, height, depth, colour] = [data.readUInt32BE(0), data.readUInt32BE(4), data[8] ?? 0, data[9] ?? 0];
      if (data[12] !== 0) throw new DatasetError(`${name}: interlaced PNGs are not supported`);
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + len;
  }
  const channels = CHANNELS[colour];
  if (channels === undefined || width === 0) throw new DatasetError(`${name}: unsupported PNG (colour type ${colour})`);
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const raw = unfilter(inflateSync(Buffer.concat(idat)), stride, height, bpp, name);
  const pixels = new Float32Array(width * height);
  const max = 2 ** depth - 1;
  const sample = (row: number, i: number): number => {
    const base = row * stride;
    if (depth === 16) return ((raw[base + 2 * i] as number) * 256 + (raw[base + 2 * i + 1] as number)) / max;
    if (depth === 8) return (raw[base + i] as number) / max;
    const bit = i * depth;
    return (((raw[base + (bit >> 3)] as number) >> (8 - depth - (bit & 7))) & max) / max;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v: number;
      if (colour === 3) {
        const idx = Math.round(sample(y, x) * max) * 3;
        v = palette ? ((palette[idx] ?? 0) + (palette[idx + 1] ?? 0) + (palette[idx + 2] ?? 0)) / 765 : 0;
      } else {
        const c = (k: number): number => sample(y, x * channels + k);
        const grey = channels >= 3 ? (c(0) + c(1) + c(2)) / 3 : c(0);
        const alpha = channels === 2 ? c(1) : channels === 4 ? c(3) : 1;
        v = grey * alpha + (1 - alpha);
      }
      pixels[y * width + x] = v;
    }
  }
  return { width, height, pixels };
}

function unfilter(data: Buffer, stride: number, height: number, bpp: number, name: string): Uint8Array {
  if (data.length < (stride + 1) * height) throw new DatasetError(`${name}: truncated image data`);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = data[src + i] as number;
      const a = i >= bpp ? (out[row + i - bpp] as number) : 0;
      const up = y > 0 ? (out[row - stride + i] as number) : 0;
      const c = y > 0 && i >= bpp ? (out[row - stride + i - bpp] as number) : 0;
      let v: number;
      switch (filter) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + up; break;
        case 3: v = x + ((a + up) >> 1); break;
        case 4: {
          const p = a + up - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - up), pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? up : c);
          break;
        }
        default: throw new DatasetError(`${name}: bad PNG filter ${String(filter)}`);
      }
      out[row + i] = v & 0xff;
    }
  }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** 8-bit greyscale PNG of `pixels` (values 0..1, row-major). */
export function encodeGreyPng(width: number, height: number, pixels: ArrayLike<number>): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = Math.round(Math.min(1, Math.max(0, pixels[y * width + x] ?? 0)) * 255);
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
