// `npm start`: runs the compiled server at once when dist/ is current (npm ci builds it), and builds first only when
// a source changed since — recompiling on every start kept a first-time user waiting ~15 s for the page.
import { spawnSync } from 'node:child_process';
import { distIsCurrent } from './build-stamp.mjs';

if (!distIsCurrent()) {
  process.stderr.write('warroom: sources changed since the last build; building dist/ first (npm run build)…\n');
  const build = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(new URL('../dist/src/main.js', import.meta.url).href);
