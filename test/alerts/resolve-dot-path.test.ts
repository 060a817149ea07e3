import { describe, expect, it } from 'vitest';
import { isValidDotPath, parseDotPath, resolveDotPath } from '../../src/alerts/resolve-dot-path.js';

const doc = {
  title: 'Disk full',
  alert: { labels: { env: 'prod', 'ping time': '1500ms' }, count: 0, none: null },
  items: [{ name: 'first' }, { name: 'second', tags: ['a', 'b'] }],
  matrix: [
    [1, 2],
    [3, 4],
  ],
  byNumber: { '0': 'zero' },
};

describe('resolveDotPath', () => {
  it.each([
    ['title', 'Disk full'],
    ['alert.labels.env', 'prod'],
    ['alert.labels.ping time', '1500ms'],
    ['alert.count', 0],
    ['alert.none', null],
    ['items[0].name', 'first'],
    ['items.1.name', 'second'],
    ['items[1].tags[1]', 'b'],
    ['matrix[1][0]', 3],
    ['byNumber.0', 'zero'],
    ['byNumber[0]', 'zero'],
  ])('%s → %j', (path, expected) => {
    expect(resolveDotPath(doc, path)).toEqual(expected);
  });

  it('returns whole objects and arrays', () => {
    expect(resolveDotPath(doc, 'alert.labels')).toEqual({ env: 'prod', 'ping time': '1500ms' });
    expect(resolveDotPath(doc, 'items[1].tags')).toEqual(['a', 'b']);
  });

  it('returns undefined for missing steps instead of throwing', () => {
    for (const path of [
      'missing',
      'title.length',
      'alert.none.x',
      'items[5].name',
      'items.name',
      'alert.count.x',
      'items[-1]',
    ]) {
      expect(isValidDotPath(path) ? resolveDotPath(doc, path) : undefined).toBeUndefined();
    }
    expect(resolveDotPath(null, 'a')).toBeUndefined();
    expect(resolveDotPath('text', 'length')).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    for (const path of ['constructor', '__proto__', 'toString', 'alert.hasOwnProperty', 'items.length', 'items.map']) {
      expect(resolveDotPath(doc, path)).toBeUndefined();
    }
    const parsed: unknown = JSON.parse('{"__proto__": {"polluted": "own key"}}');
    expect(resolveDotPath(parsed, '__proto__.polluted')).toBe('own key');
  });

  it('accepts pre-parsed segments', () => {
    expect(resolveDotPath(doc, ['items', 1, 'name'])).toBe('second');
  });
});

describe('parseDotPath', () => {
  it('splits keys and indices', () => {
    expect(parseDotPath('a.b[0][12].c')).toEqual(['a', 'b', 0, 12, 'c']);
    expect(parseDotPath('[0].name')).toEqual([0, 'name']);
    expect(parseDotPath('items.3')).toEqual(['items', 3]);
  });

  it.each(['', ' ', ' a', 'a.', '.a', 'a..b', 'a[x]', 'a[0', 'a]', 'a[-1]', 'a[0]b'])('rejects %j', (path) => {
    expect(() => parseDotPath(path)).toThrow(/Invalid dot path/);
    expect(isValidDotPath(path)).toBe(false);
  });
});
