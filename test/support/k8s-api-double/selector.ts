/** Label selectors as the API server reads them: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

export function parseSelector(text: string | undefined): Requirement {
  if (text === undefined || text.trim() === '') return () => true;
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const reqs = parts.map((p) => requirement(p.trim()));
  return (labels) => reqs.every((r) => r(labels));
}

function requirement(p: string): Requirement {
  let m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p);
  if (m) {
    const [, key = '', op, value = ''] = m;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p);
  if (m) {
    const [, key = '', op, list = ''] = m;
    const values = list.split(',').map((v) => v.trim());
    return op === 'in' ? (l) => l[key] !== undefined && values.includes(l[key]) : (l) => l[key] === undefined || !values.includes(l[key]);
  }
  if (p.startsWith('!')) return (l) => l[p.slice(1)] === undefined;
  if (/^\S+$/.test(p)) return (l) => l[p] !== undefined;
  throw new SelectorError(`unable to parse requirement: ${p}`);
}

export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}
