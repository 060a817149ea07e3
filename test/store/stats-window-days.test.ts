import { describe, expect, it } from 'vitest';
import { windowDays } from '../../src/store/stats-window-days.js';

describe('a stats window split into whole UTC days and the rest', () => {
  it('reads the partial first and last days, and a day a month begins in, from the incidents', () => {
    // Months in Europe/Berlin (winter): November begins 2026-10-31T23:00Z, inside the UTC day of 31 October.
    expect(
      windowDays('2026-10-25T09:00:00.000Z', '2026-11-24T09:00:00.000Z', [
        '2026-09-30T22:00:00.000Z',
        '2026-10-31T23:00:00.000Z',
      ]),
    ).toEqual({
      days: { firstDay: '2026-10-26', endDay: '2026-11-24', splitDays: ['2026-10-31'] },
      ranges: [
        ['2026-10-25T09:00:00.000Z', '2026-10-26T00:00:00.000Z'],
        ['2026-11-24T00:00:00.000Z', '2026-11-24T09:00:00.000Z'],
        ['2026-10-31T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
      ],
    });
  });

  it('keeps whole a day a month begins at UTC midnight, and a window on day boundaries needs no incidents', () => {
    expect(
      windowDays('2026-10-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', [
        '2026-10-01T00:00:00.000Z',
        '2026-11-01T00:00:00.000Z',
      ]),
    ).toEqual({ days: { firstDay: '2026-10-01', endDay: '2026-12-01', splitDays: [] }, ranges: [] });
  });

  it('reads a window without a whole day from the incidents alone', () => {
    expect(windowDays('2026-11-23T10:00:00.000Z', '2026-11-24T09:00:00.000Z', [])).toEqual({
      days: null,
      ranges: [['2026-11-23T10:00:00.000Z', '2026-11-24T09:00:00.000Z']],
    });
  });
});
