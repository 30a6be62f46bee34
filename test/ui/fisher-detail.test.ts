/** The detail pane's probe line (issue #16): the latest Fisher trace per layer, probe curves kept out of the sparklines. */
import { describe, expect, it } from 'vitest';
import { detailLines } from '../../src/ui/lines/detail-lines.js';
import { buildDetail } from '../../src/ui/model/detail.js';
import { sweepFixture } from './support/sweep-fixture.js';

const text = (line: Array<{ text: string }>): string => line.map((s) => s.text).join('');

describe('detail pane: Fisher trace per layer', () => {
  it('shows the latest trace per layer, averaged over the seeds that have one', () => {
    const f = sweepFixture().grid({ zapEvery: [0, 1] }).seeds(2).curves(1, 0).curves(1, 1);
    for (const [seed, scale] of [[0, 1], [1, 3]] as const) {
      for (const epoch of [1, 2]) {
        for (const [layer, v] of [['conv1', 0.001], ['conv2', 0.02], ['head', 1.5]] as const) f.emit(1, seed, { type: 'metric', name: `fisher.trace.${layer}`, value: v * scale * epoch, step: epoch });
        f.emit(1, seed, { type: 'metric', name: 'landscape.slice.loss', value: 1, step: epoch });
      }
    }
    f.emit(1, 0, { type: 'metric', name: 'fisher.trace.head', value: 99, step: 3 }); // seed 0 got further
    const m = f.model();
    const d = buildDetail('c1', m.results(), m.trials, m.fold, 0)!;
    expect(d.fisher).toEqual({ step: 3, layers: [{ layer: 'conv1', trace: 0.004 }, { layer: 'conv2', trace: 0.08 }, { layer: 'head', trace: (99 + 9) / 2 }] });
    expect(d.curves.map((c) => c.name)).toEqual(['pretrain.loss', 'pretrain.oldTestAccuracy', 'transfer.newTestAccuracy']);
    const line = detailLines(d, 100, 30).map(text).find((l) => l.startsWith('fisher trace'));
    expect(line).toBe('fisher trace (epoch 3) conv1 0.00400  conv2 0.0800  head 54.0');
  });

  it('has no Fisher line without probes', () => {
    const m = sweepFixture().grid({ zapEvery: [0, 1] }).curves(1, 0).model();
    const d = buildDetail('c1', m.results(), m.trials, m.fold, 0)!;
    expect(d.fisher).toBeUndefined();
    expect(detailLines(d, 100, 30).map(text).some((l) => l.startsWith('fisher'))).toBe(false);
  });
});
