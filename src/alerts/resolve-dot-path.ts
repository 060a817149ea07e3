/**
 * Dot paths into parsed JSON, for the generic source's configured mapping: `alert.title`, `labels.env`,
 * `items[0].name`, `items.0.name`. Keys that themselves contain `.` or `[` cannot be addressed (no quoting syntax):
 * the generic mapping is meant for ordinary JSON field names.
 */

export type DotPathSegment = string | number;

const SEGMENT = /^([^.[\]]+)?((?:\[\d+\])*)$/;

/** Splits a dot path into keys and array indices; throws on empty or malformed paths (`a..b`, `a[x]`, `a[0`). */
export function parseDotPath(path: string): DotPathSegment[] {
  if (path.trim() === '' || path !== path.trim())
    throw new Error(`Invalid dot path "${path}": empty or padded with spaces`);
  const segments: DotPathSegment[] = [];
  for (const part of path.split('.')) {
    const m = SEGMENT.exec(part);
    // An empty part (`a..b`, `.a`) or one with neither a key nor an index is malformed.
    if (!m || (m[1] === undefined && !m[2])) throw new Error(`Invalid dot path "${path}": bad segment "${part}"`);
    if (m[1] !== undefined) segments.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) segments.push(Number(idx[1]));
  }
  return segments;
}

export function isValidDotPath(path: string): boolean {
  try {
    parseDotPath(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The value at `path` in `obj`, or undefined when any step is missing. Only own properties are followed, so a path
 * like `constructor` or `__proto__` cannot reach into prototypes. A numeric segment indexes an array; on an object it
 * is an ordinary key (`{"0": …}`).
 */
export function resolveDotPath(obj: unknown, path: string | DotPathSegment[]): unknown {
  const segments = typeof path === 'string' ? parseDotPath(path) : path;
  let current: unknown = obj;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (typeof segment !== 'number' || segment >= current.length) return undefined;
      current = current[segment];
      continue;
    }
    const key = String(segment);
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
