import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machineFacts, type MachineFacts } from './machine.js';

/** One line of a bench's table. `ratio` figures compare warroom with a baseline measured in the same run. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target: string;
  /** ok: on target; slow: off target but within the noise allowance; failed: far off (the run fails). */
  verdict: 'ok' | 'slow' | 'failed';
  baseline?: { name: string; value: number; unit: string };
  detail?: string;
}

interface ResultsFile {
  updatedAt: string;
  benches: Record<string, { measuredAt: string; machine: MachineFacts; figures: BenchFigure[] }>;
}

export const RESULTS_PATH = fileURLToPath(new URL('../results.json', import.meta.url));

/** Records one bench's figures in bench/results.json beside the others' (each bench replaces only its own part). */
export function recordBench(bench: string, figures: BenchFigure[], machine: MachineFacts = machineFacts()): void {
  let file: ResultsFile = { updatedAt: '', benches: {} };
  try {
    file = JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as ResultsFile;
  } catch {
    // First run, or an unreadable file: start again.
  }
  const now = new Date().toISOString();
  file.updatedAt = now;
  file.benches[bench] = { measuredAt: now, machine, figures };
  writeFileSync(RESULTS_PATH, `${JSON.stringify(file, null, 2)}\n`);
}

/** Prints a bench's figures as a table. */
export function printFigures(title: string, figures: BenchFigure[]): void {
  console.log(`\n${title}`);
  for (const f of figures) {
    const mark = f.verdict === 'ok' ? 'ok  ' : f.verdict === 'slow' ? 'SLOW' : 'FAIL';
    const base = f.baseline ? `  (baseline ${f.baseline.name}: ${f.baseline.value} ${f.baseline.unit})` : '';
    console.log(
      `${mark} ${f.name.padEnd(56)} ${String(f.value).padStart(9)} ${f.unit.padEnd(4)} target ${f.target}${base}`,
    );
    if (f.detail) console.log(`     ${f.detail}`);
  }
}
