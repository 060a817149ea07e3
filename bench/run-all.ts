// npm run bench: every bench in its own process (so one's memory and event loop never colour another's), each run
// even when an earlier one failed, then the README's table is rewritten from bench/results.json. Exits non-zero
// if any bench failed (a ratio far off its target, or an error). `npm run bench -- <words>` runs some of them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = [
  'ingest-ratio-bench.ts',
  'timeline-bench.ts',
  'stats-bench.ts',
  'slack-ack-bench.ts',
  'history-bench.ts',
  'update-readme.ts',
];

// `npm run bench -- ingest slack-ack`: only the benches whose file names contain one of the words (and the README).
const only = process.argv.slice(2);
const chosen = BENCHES.filter((b) => only.length === 0 || b === 'update-readme.ts' || only.some((w) => b.includes(w)));

const failed: string[] = [];
for (const bench of chosen) {
  const script = fileURLToPath(new URL(`./${bench}`, import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${bench} (exit ${run.status ?? run.signal})`);
}
if (failed.length > 0) {
  console.error(`\nbench failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
