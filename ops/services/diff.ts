// What an event would change, as a list of paths with their old and new
// values: shown to an admin before the event is sent. Pure.

export interface Change {
  /** e.g. `resources.gold`, `citizens.123`, `officers[2]`. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Changes from `before` to `after`, depth first, at most `limit` of them. */
export function diff(before: unknown, after: unknown, limit = 200): Change[] {
  const changes: Change[] = [];
  const walk = (path: string, a: unknown, b: unknown): void => {
    if (changes.length >= limit || Object.is(a, b)) return;
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) {
        // Own keys only: a key such as "constructor" is inherited by every object.
        if (!Object.hasOwn(b, key)) changes.push({ path: join(path, key), kind: 'removed', before: a[key] });
        else if (!Object.hasOwn(a, key)) changes.push({ path: join(path, key), kind: 'added', after: b[key] });
        else walk(join(path, key), a[key], b[key]);
        if (changes.length >= limit) return;
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (i >= b.length) changes.push({ path: join(path, i), kind: 'removed', before: a[i] });
        else if (i >= a.length) changes.push({ path: join(path, i), kind: 'added', after: b[i] });
        else walk(join(path, i), a[i], b[i]);
        if (changes.length >= limit) return;
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ path: path || '(value)', kind: 'changed', before: a, after: b });
  };
  walk('', before, after);
  return changes;
}
