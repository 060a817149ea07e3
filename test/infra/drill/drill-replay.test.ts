import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReplay, ReplayFileError } from '../../../src/infra/drill/drill-replay.js';

describe('drill replay files', () => {
  it('parses JSONL, skipping blanks and comments', () => {
    const lines = parseReplay(
      'r.jsonl',
      '# a recorded storm\n{"source":"generic","payload":{"title":"x"}}\n\n{"source":"alertmanager","payload":{},"delay_ms":250}\n',
    );
    expect(lines).toEqual([
      { source: 'generic', payload: { title: 'x' }, delay_ms: 0 },
      { source: 'alertmanager', payload: {}, delay_ms: 250 },
    ]);
  });

  it('reports every bad line with file and line number', () => {
    try {
      parseReplay(
        'r.jsonl',
        '{"source":"generic","payload":{}}\n{oops\n{"payload":{}}\n{"source":"x","payload":[],"delay_ms":-1}',
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ReplayFileError);
      expect((error as ReplayFileError).problems).toEqual([
        'r.jsonl:2: not valid JSON',
        'r.jsonl:3: source: Invalid input: expected string, received undefined',
        'r.jsonl:4: payload: Invalid input: expected record, received array',
        'r.jsonl:4: delay_ms: Too small: expected number to be >=0',
      ]);
    }
    expect(() => parseReplay('empty.jsonl', '# nothing\n')).toThrow(/no webhooks to replay/);
  });

  it('every shipped drill file parses', () => {
    const folder = join(process.cwd(), 'playbooks', 'drills');
    for (const name of readdirSync(folder))
      expect(parseReplay(name, readFileSync(join(folder, name), 'utf8')).length).toBeGreaterThan(0);
  });
});
