import { describe, expect, it } from 'vitest';
import { PIXELS } from './dataset.js';
import { loadMnistTask } from './mnist.js';

const req = { oldClasses: [0, 1], newClasses: [7], trainPerClass: 20, testPerClass: 5 };

describe('loadMnistTask', () => {
  it('splits per class, labels by head index (old classes first), values in 0..1', async () => {
    const t = await loadMnistTask(req, 1);
    expect(t.classes).toEqual([0, 1, 7]);
    expect(t.oldTrain.count).toBe(40);
    expect(t.oldTest.count).toBe(10);
    expect(t.newTrain.count).toBe(20);
    expect(t.newTest.count).toBe(5);
    expect(t.oldTrain.images.length).toBe(40 * PIXELS);
    expect(new Set(t.oldTrain.labels)).toEqual(new Set([0, 1]));
    expect(new Set(t.newTest.labels)).toEqual(new Set([2]));
    expect(Math.min(...t.oldTrain.images)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...t.oldTrain.images)).toBeLessThanOrEqual(1);
  });

  it('is deterministic from the seed, and a class gets the same images in every configuration', async () => {
    const a = await loadMnistTask(req, 3);
    const b = await loadMnistTask(req, 3);
    const c = await loadMnistTask(req, 4);
    const other = await loadMnistTask({ ...req, oldClasses: [0, 5], newClasses: [1] }, 3);
    expect(b.oldTrain.images).toEqual(a.oldTrain.images);
    expect(c.oldTrain.images).not.toEqual(a.oldTrain.images);
    // Digit 0 occupies the first 20 images of oldTrain in both configurations.
    expect(other.oldTrain.images.subarray(0, 20 * PIXELS)).toEqual(a.oldTrain.images.subarray(0, 20 * PIXELS));
  });

  it('train and test images of a class are disjoint', async () => {
    const t = await loadMnistTask({ ...req, trainPerClass: 50, testPerClass: 50 }, 9);
    const key = (imgs: Float32Array, i: number): string => imgs.subarray(i * PIXELS, (i + 1) * PIXELS).join(',');
    const train = new Set(Array.from({ length: 50 }, (_, i) => key(t.newTrain.images, i)));
    for (let i = 0; i < 50; i++) expect(train.has(key(t.newTest.images, i))).toBe(false);
  });

  it.each([
    { name: 'too many images for digit 5', r: { ...req, newClasses: [5], trainPerClass: 800, testPerClass: 100 }, msg: /digit 5 has 863 images/ },
    { name: 'overlapping classes', r: { ...req, newClasses: [1] }, msg: /disjoint/ },
    { name: 'a class mnist lacks', r: { ...req, newClasses: [10] }, msg: /classes 0 to 9/ },
  ])('rejects $name with a DatasetError', async ({ r, msg }) => {
    await expect(loadMnistTask(r, 1)).rejects.toThrow(msg);
    await expect(loadMnistTask(r, 1)).rejects.toMatchObject({ name: 'DatasetError', retryable: false });
  });
});
