import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { expand } from '../../src/spec/expand.js';
import { loadSpecFile } from '../../src/spec/load.js';

// Every example under sweeps/ must load and expand (STYLE.md, habit 9).
const dir = join(import.meta.dirname, '../../sweeps');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

test('sweeps/ holds the README\'s main job and the study', () => {
  expect(files).toEqual(expect.arrayContaining(['quick.yaml', 'zap-frequency.yaml']));
});

test.each(files)('sweeps/%s loads and expands', async (file) => {
  const { sweep } = await loadSpecFile(join(dir, file));
  expect(expand(sweep).length).toBeGreaterThan(0);
});
