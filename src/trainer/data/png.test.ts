import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, encodeGreyPng } from './png.js';

/** A hand-built PNG with every filter type, to check the decoder on what encoders really write. */
function pngFromRows(width: number, depth: number, colour: number, rows: Array<{ filter: number; bytes: number[] }>): Buffer {
  const enc = encodeGreyPng(1, 1, [0]);
  // Reuse the encoder's chunk layout: rebuild IHDR and IDAT by hand.
  const sig = enc.subarray(0, 8);
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, data, Buffer.alloc(4)]); // the decoder does not check CRCs
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(rows.length, 4);
  ihdr[8] = depth;
  ihdr[9] = colour;
  const raw = Buffer.from(rows.flatMap((r) => [r.filter, ...r.bytes]));
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('png codec', () => {
  it('round-trips 8-bit greyscale', () => {
    const pixels = Array.from({ length: 7 * 5 }, (_, i) => (i % 11) / 10);
    const img = decodePng(encodeGreyPng(7, 5, pixels));
    expect([img.width, img.height]).toEqual([7, 5]);
    img.pixels.forEach((v, i) => expect(v).toBeCloseTo(pixels[i] as number, 2));
  });

  it('decodes 1-bit greyscale (Omniglot files) and the sub / up / average / paeth filters', () => {
    // 10 pixels wide at 1 bit: 2 bytes per row; row 0 = 1011001110, filters vary per row.
    const img = decodePng(pngFromRows(10, 1, 0, [
      { filter: 0, bytes: [0b10110011, 0b10000000] },
      { filter: 2, bytes: [0, 0] }, // up: same as row 0
      { filter: 1, bytes: [0b10110011, 0b10000000 - 0b10110011 + 256] }, // sub (bpp 1): byte1 = byte0 + x
      { filter: 4, bytes: [0, 0] }, // paeth on identical rows: copies up
      { filter: 3, bytes: [0b10110011 - (0b10110011 >> 1), 0b10000000 - ((0b10110011 + 0b10000000) >> 1) + 256] },
    ]));
    const row0 = [1, 0, 1, 1, 0, 0, 1, 1, 1, 0];
    for (let y = 0; y < 5; y++) expect(Array.from(img.pixels.subarray(y * 10, y * 10 + 10))).toEqual(row0);
  });

  it('decodes RGBA on white', () => {
    const img = decodePng(pngFromRows(1, 8, 6, [{ filter: 0, bytes: [0, 0, 0, 0] }, { filter: 0, bytes: [0, 0, 0, 255] }]));
    expect(Array.from(img.pixels)).toEqual([1, 0]);
  });

  it('rejects what is not a PNG with a DatasetError', () => {
    expect(() => decodePng(Buffer.from('hello world'), 'x.png')).toThrow(/x.png is not a PNG/);
  });
});
