// Last step of npm run bench: writes bench/results.json's figures as a table into the README, between the
// `<!-- bench:start -->` and `<!-- bench:end -->` markers, so the README shows what the last run measured and where.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeMachine, type MachineFacts } from './support/machine.js';
import { type BenchFigure, RESULTS_PATH } from './support/results.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

interface ResultsFile {
  benches: Record<string, { measuredAt: string; machine: MachineFacts; figures: BenchFigure[] }>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function benchTable(results: ResultsFile): string {
  const lines = ['| bench | figure | value | target | baseline (same run) | verdict |', '|---|---|---|---|---|---|'];
  for (const [bench, { figures }] of Object.entries(results.benches))
    for (const f of figures)
      lines.push(
        `| ${bench} | ${cell(f.name)} | ${f.value} ${f.unit} | ${cell(f.target)} | ${f.baseline ? cell(`${f.baseline.name}: ${f.baseline.value} ${f.baseline.unit}`) : ''} | ${f.verdict} |`,
      );
  const machines = Object.entries(results.benches).map(
    ([bench, r]) => `${bench} ${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${describeMachine(r.machine)}`,
  );
  return [...lines, '', `Measured: ${machines.join('; ')}.`].join('\n');
}

function main(): void {
  const results = JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as ResultsFile;
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section to write the table into`);
  writeFileSync(README, `${readme.slice(0, start + START.length)}\n${benchTable(results)}\n${readme.slice(end)}`);
  console.log('README.md: bench table updated from bench/results.json');
}

main();
