import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  firstText,
  lenientList,
  optionalBoolean,
  optionalCount,
  optionalNumber,
  optionalObject,
  optionalText,
  optionalTime,
  optionalWord,
  textList,
  textMap,
} from '../../src/alerts/lenient-fields.js';

describe('lenient vendor fields', () => {
  it('optionalText reads strings trimmed and numbers or booleans as text; "", null and objects are absent', () => {
    expect(
      [' web-1 ', 148213376, true, '', '   ', null, undefined, { a: 1 }, [1], Number.NaN].map((v) =>
        optionalText.parse(v),
      ),
    ).toEqual([
      'web-1',
      '148213376',
      'true',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('optionalNumber and optionalCount accept numbers sent as strings and refuse nothing', () => {
    expect(['1406662672000', 3, ' 2 ', '', 'x', null, '1e3'].map((v) => optionalNumber.parse(v))).toEqual([
      1406662672000,
      3,
      2,
      undefined,
      undefined,
      undefined,
      1000,
    ]);
    expect(['0', 2, -1, 1.5, 'two'].map((v) => optionalCount.parse(v))).toEqual([
      0,
      2,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('optionalTime keeps epoch numbers as numbers and text as text', () => {
    expect([1795510623, '1795510623000', '2026-11-24T09:12:03Z', '', null].map((v) => optionalTime.parse(v))).toEqual([
      1795510623,
      '1795510623000',
      '2026-11-24T09:12:03Z',
      undefined,
      undefined,
    ]);
  });

  it('optionalBoolean and optionalWord read the words vendors write, case-insensitively', () => {
    expect(['true', false, 'No', 1, 'maybe'].map((v) => optionalBoolean.parse(v))).toEqual([
      true,
      false,
      false,
      true,
      undefined,
    ]);
    const status = optionalWord(['firing', 'resolved']);
    expect(['Firing', 'RESOLVED', 'ok', 7, undefined].map((v) => status.parse(v))).toEqual([
      'firing',
      'resolved',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('textMap keeps scalar values exactly (untrimmed), drops nested ones and __proto__; a non-object is {}', () => {
    const map = textMap.parse(JSON.parse('{"a":" x ","n":5,"b":true,"o":{"y":1},"z":null,"__proto__":"p"}'));
    expect(map).toEqual({ a: ' x ', n: '5', b: 'true' });
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(textMap.parse('severity=critical')).toEqual({});
  });

  it('textList reads arrays and comma-separated strings', () => {
    expect(textList.parse('env:prod, team:db,,')).toEqual(['env:prod', 'team:db']);
    expect(textList.parse(['a', 2, null, {}])).toEqual(['a', '2']);
    expect(textList.parse(undefined)).toEqual([]);
  });

  it('optionalObject and lenientList never fail: wrong kinds become absent, odd items are left out', () => {
    const Org = optionalObject({ id: optionalText, name: optionalText });
    expect(Org.parse({ id: 2, name: 'Acme', extra: [1] })).toEqual({ id: '2', name: 'Acme' });
    expect(Org.parse('acme')).toBeUndefined();
    const Items = lenientList(z.object({ name: z.string() }));
    expect(Items.parse([{ name: 'a' }, 'junk', { name: 3 }, { name: 'b' }])).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(Items.parse({ name: 'a' })).toEqual([]);
  });

  it('inside an object, every lenient field may be missing', () => {
    const Body = z.object({
      id: optionalText,
      count: optionalCount,
      labels: textMap,
      tags: textList,
      org: optionalObject({ id: optionalText }),
    });
    expect(Body.parse({})).toEqual({ id: undefined, count: undefined, labels: {}, tags: [], org: undefined });
  });
});

describe('firstText', () => {
  it('returns the first value that reads as text', () => {
    expect(firstText(undefined, '  ', null, 42, 'x')).toBe('42');
    expect(firstText(undefined, {})).toBeUndefined();
  });
});
