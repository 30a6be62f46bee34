import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng, normalArray } from '../random.js';
import { filterNormalized, filterNorms } from './directions.js';

const conv = normalArray(createRng(1, 'w'), 3 * 3 * 2 * 5, 0.4); // [3, 3, 2, 5]: 5 filters
const dense = normalArray(createRng(2, 'w'), 20 * 4, 0.1); // [20, 4]: 4 output units

describe('filter-normalised directions (Li et al. 2018)', () => {
  it.each([
    { name: 'conv kernel', w: conv, outputs: 5 },
    { name: 'dense kernel', w: dense, outputs: 4 },
  ])('each filter of the direction has the norm of the weights\' filter ($name)', ({ w, outputs }) => {
    const d = filterNormalized(w, outputs, 9, 'probes:slice:1:x');
    const want = filterNorms(w, outputs);
    filterNorms(d, outputs).forEach((n, f) => expect(n).toBeCloseTo(want[f] as number, 5));
    expect(d).not.toEqual(w);
  });

  it('same seed and stream, same direction; another seed or stream, another', () => {
    const a = filterNormalized(conv, 5, 9, 's');
    expect(filterNormalized(conv, 5, 9, 's')).toEqual(a);
    expect(filterNormalized(conv, 5, 10, 's')).not.toEqual(a);
    expect(filterNormalized(conv, 5, 9, 't')).not.toEqual(a);
  });

  describe('across processes', () => {
    const root = join(import.meta.dirname, '../../..');
    const out = join(root, 'node_modules/.cache', `zapsweep-directions-${process.pid}`);
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it('two fresh Node processes compute the same direction as this one', () => {
      // Compile the two pure modules alone (the repo build may be mid-change elsewhere).
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'package.json'), '{"type":"module"}');
      writeFileSync(
        join(out, 'tsconfig.json'),
        JSON.stringify({
          extends: join(root, 'tsconfig.build.json'),
          compilerOptions: { rootDir: join(root, 'src'), outDir: out, sourceMap: false, declaration: false },
          files: [join(root, 'src/trainer/probes/directions.ts'), join(root, 'src/trainer/random.ts')],
          include: [],
        }),
      );
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'tsconfig.json')], { stdio: 'pipe' });
      const script = [
        `import { createRng, normalArray } from '${join(out, 'trainer/random.js')}';`,
        `import { filterNormalized } from '${join(out, 'trainer/probes/directions.js')}';`,
        `const w = normalArray(createRng(1, 'w'), 90, 0.4);`,
        `process.stdout.write(JSON.stringify(Array.from(filterNormalized(w, 5, 9, 's'))));`,
      ].join('\n');
      const here = JSON.stringify(Array.from(filterNormalized(conv, 5, 9, 's')));
      for (let k = 0; k < 2; k++) {
        expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })).toBe(here);
      }
    });
  });
});
