import { describe, expect, test } from 'vitest';
import type { Trial } from '../../src/spec/trial.js';
import { nextTrial } from '../../src/controller/stage-order.js';

// Trials named by stage and number: "a1" is the first trial of stage a.
const trial = (name: string, index: number): Trial => ({ index, trialId: name, configId: name, seed: 0, parameters: {}, experiment: {} as Trial['experiment'] });
const pending = (names: string): Trial[] => names.split(' ').filter(Boolean).map(trial);
const stageOf = (t: Trial): string => t.trialId.slice(0, 1);
type Given = { ready?: string[]; training?: string[]; warm?: string[] };

describe('nextTrial', () => {
  test.each<[string, string, Given, string | undefined]>([
    ['nothing pending', '', {}, undefined],
    ['a fresh stage, in expansion order', 'a1 a2 b1', {}, 'a1'],
    ['a stage in training waits; the next fresh stage goes', 'a2 a3 b1', { training: ['a'] }, 'b1'],
    ['everything waits for stages in training', 'a2 b2', { training: ['a', 'b'] }, undefined],
    ['a trained stage before a fresh one (it loads)', 'b1 a2', { ready: ['a'] }, 'a2'],
    ['a warm stage first (no load at all)', 'b1 a2 c2', { ready: ['a', 'c'], warm: ['c'] }, 'c2'],
    ['a warm stage with nothing pending: the next class', 'a2 b1', { ready: ['a'], warm: ['z'] }, 'a2'],
    ['ready beats training of the same stage (a retry after the stage was trained)', 'a2', { ready: ['a'], training: ['a'] }, 'a2'],
  ])('%s', (_what, names, s, expected) => {
    const state = { ready: new Set<string>(s.ready ?? []), training: new Set<string>(s.training ?? []), warm: s.warm ?? [] };
    expect(nextTrial(pending(names), stageOf, state)?.trialId).toBe(expected);
  });
});
