/**
 * The YAML side of a spec: parse with positions, and find the line and column of a spec path.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { PathSegment } from './schema-walk.js';

export interface YamlSource {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain data (`undefined` for an empty file). */
  readonly data: unknown;
}

export interface SourcePosition {
  line: number;
  column: number;
}

export interface YamlProblem extends Partial<SourcePosition> {
  message: string;
}

/** Aliases resolved at most this many times, against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 100;

const friendly: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS: 'the file holds several YAML documents ("---"); a spec is one document',
  DUPLICATE_KEY: 'duplicate key in a mapping',
  TAB_AS_INDENT: 'tabs are not allowed for indentation in YAML; use spaces',
};

export function parseYaml(text: string): { ok: true; source: YamlSource } | { ok: false; problems: YamlProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        const message = friendly[e.code] ?? e.message.replace(/ at line \d+, column \d+[\s\S]*$/, '');
        return { line, column: col, message: `YAML syntax error: ${lowerFirst(message)}` };
      }),
    };
  }
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { ok: true, source: { doc, lineCounter, data } };
  } catch (e) {
    return { ok: false, problems: [{ message: `YAML error: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * Position of `path` in the document: the value's start (or its key's, with `at: 'key'`). A path
 * that does not exist in the file (a default, or a missing key) resolves to the key of its deepest
 * existing ancestor, so "missing required key" points at the mapping that lacks it.
 */
export function locate(source: YamlSource, path: readonly PathSegment[], at: 'key' | 'value' = 'value'): SourcePosition | undefined {
  let node: unknown = source.doc.contents;
  let keyNode: unknown;
  let lastKey: unknown;
  for (let i = 0; i < path.length; i++) {
    node = resolveAlias(source, node);
    const segment = path[i] as PathSegment;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return position(source, lastKey ?? node);
      keyNode = pair.key;
      lastKey = pair.key;
      node = pair.value ?? undefined;
      if (node === undefined && i < path.length - 1) return position(source, keyNode);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return position(source, lastKey ?? node);
      keyNode = undefined;
      node = item;
    } else {
      return position(source, lastKey ?? node);
    }
  }
  if (at === 'key' && keyNode !== undefined) return position(source, keyNode);
  return position(source, node ?? keyNode ?? source.doc.contents);
}

function resolveAlias(source: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.doc) : node;
}

function position(source: YamlSource, node: unknown): SourcePosition | undefined {
  const range = (node as Node | null | undefined)?.range;
  if (!range) return undefined;
  const { line, col } = source.lineCounter.linePos(range[0]);
  return { line, column: col };
}
