/**
 * Navigation in the zod schemas by spec path, used to describe what a path expects, to list the
 * keys a mapping allows and to resolve parameter paths. Reads zod 4's public `def`.
 */
import type { z } from 'zod';

export type PathSegment = string | number;
export type SchemaNode = z.ZodType;

interface AnyDef {
  type: string;
  innerType?: SchemaNode;
  in?: SchemaNode;
  shape?: Record<string, SchemaNode>;
  element?: SchemaNode;
  valueType?: SchemaNode;
  options?: SchemaNode[];
  values?: unknown[];
}

export function defOf(schema: SchemaNode): AnyDef {
  return (schema as unknown as { def: AnyDef }).def;
}

const wrappers = new Set(['default', 'optional', 'nullable', 'readonly', 'prefault', 'catch', 'nonoptional']);

/** The schema under defaults, optionals and pipes (the input side). */
export function unwrap(schema: SchemaNode): SchemaNode {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (wrappers.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The union option that `data` most plausibly meant: an object option whose literal fields (the
 * discriminator) match, else the first option of the same JSON type, else the first option.
 */
export function pickOption(options: readonly SchemaNode[], data: unknown): SchemaNode | undefined {
  const unwrapped = flattenUnions(options);
  if (isRecord(data)) {
    const objects = unwrapped.filter((o) => defOf(o).type === 'object');
    const matching = objects.find((o) =>
      Object.entries(defOf(o).shape ?? {}).every(([key, field]) => {
        const fieldDef = defOf(unwrap(field));
        if (fieldDef.type !== 'literal') return true;
        return (fieldDef.values ?? []).includes(data[key]);
      }),
    );
    return matching ?? objects[0] ?? unwrapped[0];
  }
  const jsonType = Array.isArray(data) ? 'array' : typeof data;
  const sameType = unwrapped.find((o) => {
    const t = defOf(o).type;
    return t === jsonType || (jsonType === 'string' && (t === 'enum' || t === 'literal'));
  });
  return sameType ?? unwrapped[0];
}

/** Options of nested unions, flattened, each unwrapped. */
function flattenUnions(options: readonly SchemaNode[]): SchemaNode[] {
  return options.flatMap((o) => {
    const inner = unwrap(o);
    const def = defOf(inner);
    return def.type === 'union' ? flattenUnions(def.options ?? []) : [inner];
  });
}

/** For a union, the option `data` most plausibly meant; any other schema as is. */
export function resolveUnion(schema: SchemaNode, data: unknown): SchemaNode {
  const inner = unwrap(schema);
  const def = defOf(inner);
  return def.type === 'union' ? (pickOption(def.options ?? [], data) ?? inner) : inner;
}

/** The schema one step down from `schema` (already holding `data`), or undefined. */
export function childSchema(schema: SchemaNode, segment: PathSegment, data: unknown): SchemaNode | undefined {
  let current = unwrap(schema);
  let def = defOf(current);
  if (def.type === 'union') {
    const option = pickOption(def.options ?? [], data);
    if (!option) return undefined;
    current = option;
    def = defOf(current);
  }
  switch (def.type) {
    case 'object':
      return typeof segment === 'string' ? def.shape?.[segment] : undefined;
    case 'array':
      return typeof segment === 'number' ? def.element : undefined;
    case 'record':
      return typeof segment === 'string' ? def.valueType : undefined;
    default:
      return undefined;
  }
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof segment === 'number' ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** The schema at `path` below `root`, guided by `data` through unions; undefined if none. */
export function schemaAt(root: SchemaNode, path: readonly PathSegment[], data: unknown): SchemaNode | undefined {
  let current: SchemaNode | undefined = root;
  for (let i = 0; i < path.length && current; i++) {
    const segment = path[i] as PathSegment;
    current = childSchema(current, segment, valueAt(data, path.slice(0, i)));
  }
  return current;
}

/** Keys a mapping schema allows (after picking a union option by `data`), in schema order. */
export function knownKeys(schema: SchemaNode, data: unknown): string[] {
  let current = unwrap(schema);
  if (defOf(current).type === 'union') current = pickOption(defOf(current).options ?? [], data) ?? current;
  const def = defOf(current);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

/** True when the schema (under wrappers) is an object, i.e. a section rather than a field. */
export function isSection(schema: SchemaNode): boolean {
  return defOf(unwrap(schema)).type === 'object';
}

/** Dotted paths of every field (non-object) below an object schema, in schema order. */
export function leafPaths(schema: SchemaNode, prefix = ''): string[] {
  const def = defOf(unwrap(schema));
  if (def.type !== 'object') return prefix === '' ? [] : [prefix];
  return Object.entries(def.shape ?? {}).flatMap(([key, child]) =>
    leafPaths(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}
