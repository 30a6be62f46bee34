import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PIXELS } from './dataset.js';
import { FASHION_MNIST_DIR, loadFashionMnistTask } from './fashion-mnist.js';

const installed = existsSync(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`);

describe('fashion-mnist', () => {
  it('without the Debian package: a DatasetError with the install hint', async () => {
    const r = loadFashionMnistTask({ oldClasses: [0, 1], newClasses: [2], trainPerClass: 1, testPerClass: 1 }, 1, '/nonexistent/fashion');
    await expect(r).rejects.toThrow(/apt-get install dataset-fashion-mnist/);
    await expect(r).rejects.toMatchObject({ name: 'DatasetError', retryable: false });
  });

  // .ci/run installs dataset-fashion-mnist; elsewhere this is skipped (and says so).
  it.skipIf(!installed)('loads 7,000 images per class (train + t10k), per-class seeded selection', async () => {
    const t = await loadFashionMnistTask({ oldClasses: [0, 9], newClasses: [5], trainPerClass: 6000, testPerClass: 1000 }, 2);
    expect([t.oldTrain.count, t.oldTest.count, t.newTrain.count]).toEqual([12000, 2000, 6000]);
    expect(t.newTest.images.length).toBe(1000 * PIXELS);
    expect(Math.max(...t.oldTrain.images.subarray(0, 100 * PIXELS))).toBeLessThanOrEqual(1);
    const again = await loadFashionMnistTask({ oldClasses: [3, 9], newClasses: [5], trainPerClass: 6000, testPerClass: 1000 }, 2);
    expect(again.newTrain.images).toEqual(t.newTrain.images);
    await expect(loadFashionMnistTask({ oldClasses: [0, 1], newClasses: [2], trainPerClass: 7000, testPerClass: 1 }, 1)).rejects.toThrow(/has 7000 images/);
  });
});
