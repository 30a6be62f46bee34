import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatSpecError, SpecError } from '../../src/spec/errors.js';
import { loadSpecFile, parseSpecText } from '../../src/spec/load.js';
import { malformed, withSpec } from './cases.js';
import { malformedKnobs } from './cases-knobs.js';

function errorOf(run: () => unknown): SpecError {
  try {
    run();
  } catch (err) {
    if (err instanceof SpecError) return err;
    throw err;
  }
  throw new Error('expected a SpecError');
}

describe('malformed specs give one precise line per issue', () => {
  test.each([...malformed, ...malformedKnobs])('$name', ({ text, errors }) => {
    const err = errorOf(() => parseSpecText(text, 'x.yaml'));
    expect(formatSpecError(err).split('\n')).toEqual(errors);
    expect(err.exitCode).toBe(2);
    expect(err.message).not.toMatch(/\n\s+at /); // no stack trace in the text
  });
});

describe('issues are data', () => {
  test('expected / found / line / column / path', () => {
    const err = errorOf(() => parseSpecText(withSpec('  parameters:', '    zapEvery: [0, -1, 4]'), 'sweeps/x.yaml'));
    expect(err.issues).toEqual([
      {
        file: 'sweeps/x.yaml',
        line: 7,
        column: 19,
        path: 'spec.parameters.zapEvery[1]',
        expected: 'a non-negative integer',
        found: '-1',
        message: 'expected a non-negative integer, found -1',
      },
    ]);
  });

  test('unknown keys carry the suggestion separately', () => {
    const err = errorOf(() => parseSpecText(withSpec('  experiment:', '    pretrain:', '      zapevery: 2'), 'x.yaml'));
    expect(err.issues[0]).toMatchObject({ line: 8, column: 7, message: 'unknown key "zapevery"', suggestion: 'did you mean "zapEvery"?' });
  });

  test('several issues are sorted by position', () => {
    const text = withSpec('  seeds: 0', '  experiment:', '    pretrain: {epochs: -1, optimizer: rmsprop}');
    const lines = formatSpecError(errorOf(() => parseSpecText(text, 'x.yaml'))).split('\n');
    expect(lines.map((l) => l.split(': ')[0])).toEqual(['x.yaml:6:10', 'x.yaml:8:24', 'x.yaml:8:39']);
  });
});

describe('loadSpecFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zapsweep-spec-'));

  test('file not found', async () => {
    const path = join(dir, 'missing.yaml');
    const err = await loadSpecFile(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SpecError);
    expect(formatSpecError(err as SpecError)).toBe(`${path}: cannot read the spec: file not found`);
  });

  test('a directory', async () => {
    await expect(loadSpecFile(dir)).rejects.toThrow(`${dir}: cannot read the spec: this is a directory, not a file`);
  });

  test('a valid file, with the text and a stable digest', async () => {
    const path = join(dir, 'ok.yaml');
    const text = withSpec('  parameters:', '    zapEvery: [0, 2]', '  seeds: 2');
    writeFileSync(path, text);
    const loaded = await loadSpecFile(path);
    expect(loaded.file).toBe(path);
    expect(loaded.text).toBe(text);
    expect(loaded.digest).toMatch(/^[0-9a-f]{12}$/);
    expect(loaded.digest).toBe(parseSpecText(text, 'other-name.yaml').digest);
    // formatting and comments do not change the digest; values do
    expect(parseSpecText(`# c\n${text.replace('[0, 2]', '[0,   2]')}`, 'x').digest).toBe(loaded.digest);
    expect(parseSpecText(text.replace('[0, 2]', '[0, 3]'), 'x').digest).not.toBe(loaded.digest);
  });
});
