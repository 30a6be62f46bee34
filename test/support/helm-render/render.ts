/**
 * Renders charts/zapsweep for tests with the small Go renderer beside this file (main.go: Go's
 * text/template + sprig + the Helm functions the chart uses; see its header and
 * charts/zapsweep/README.md for what it does not cover). The binary is built once per source
 * digest into the OS temp dir; without `go` (Debian golang-go) tests fail with one clear message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const here = import.meta.dirname;
export const chartDir = resolve(here, '../../../charts/zapsweep');
const gopath = process.env['ZAPSWEEP_GOPATH'] ?? '/usr/share/gocode';

/** Where the renderer binary lives (built if missing). */
export function rendererBinary(): string {
  const source = readFileSync(join(here, 'main.go'));
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'zapsweep-helm-render');
  const bin = join(dir, `helm-render-${digest}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) throw new Error('go not found on PATH: the chart tests render templates with test/support/helm-render (apt-get install golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev; .ci/run does it)');
  const built = spawnSync('go', ['build', '-o', bin, join(here, 'main.go')], {
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'off', GOPATH: gopath, GOFLAGS: '' },
  });
  if (built.status !== 0) throw new Error(`building test/support/helm-render failed (are golang-github-masterminds-sprig-dev and golang-k8s-sigs-yaml-dev installed?):\n${built.stderr}`);
  return bin;
}

export interface Rendered {
  /** Every object, in template-file order. */
  objects: Array<Record<string, unknown>>;
  /** Rendered text by template path. */
  manifests: Record<string, string>;
  notes: string;
  /** The merged values (what Helm validates against values.schema.json). */
  values: Record<string, unknown>;
}

export class RenderFailure extends Error {
  override readonly name = 'RenderFailure';
}

/** `helm template <release> charts/zapsweep -n <namespace> -f <each values object>`. */
export function renderChart(valueSets: ReadonlyArray<Record<string, unknown>> = [], o: { release?: string; namespace?: string } = {}): Rendered {
  const dir = join(tmpdir(), 'zapsweep-helm-render', 'values');
  mkdirSync(dir, { recursive: true });
  const files = valueSets.map((v) => {
    const text = JSON.stringify(v);
    const file = join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`);
    writeFileSync(file, text);
    return file;
  });
  const args = ['--chart', chartDir, '--release', o.release ?? 'zapsweep', '--namespace', o.namespace ?? 'zapsweep', ...files.flatMap((f) => ['--values', f])];
  let out: string;
  try {
    out = execFileSync(rendererBinary(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new RenderFailure(stderr.trim());
  }
  const parsed = JSON.parse(out) as { manifests: Record<string, string>; notes: string; values: Record<string, unknown> };
  const objects = Object.keys(parsed.manifests).sort().flatMap((k) =>
    parseAllDocuments(parsed.manifests[k] ?? '').map((d) => {
      if (d.errors.length > 0) throw new RenderFailure(`${k}: not YAML: ${d.errors[0]?.message ?? ''}`);
      return d.toJS() as Record<string, unknown> | null;
    }).filter((x): x is Record<string, unknown> => x !== null));
  return { objects, manifests: parsed.manifests, notes: parsed.notes, values: parsed.values };
}
