/** One trial's data for any dataset of the spec. */
import type { Experiment } from '../../spec/schema.js';
import type { TaskData } from './dataset.js';
import { loadFashionMnistTask } from './fashion-mnist.js';
import { glyphClass } from './glyphs.js';
import { loadMnistTask } from './mnist.js';
import { loadOmniglotTask, omniglotRoot } from './omniglot.js';
import { buildTask } from './task.js';

export async function loadTask(experiment: Experiment, seed: number): Promise<TaskData> {
  const d = experiment.dataset;
  switch (d.name) {
    case 'mnist':
      return loadMnistTask(d, seed);
    case 'fashion-mnist':
      return loadFashionMnistTask(d, seed);
    case 'glyphs':
      return buildTask('glyphs', d, seed, (c) => Promise.resolve(glyphClass(d.generatorSeed, c)));
    case 'omniglot':
      return loadOmniglotTask(d, seed, omniglotRoot(d.path));
  }
}
