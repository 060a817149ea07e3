#!/usr/bin/env node
// The `warroom` operator CLI. Runs the compiled code (npm ci / npm run build produce dist/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('warroom: dist/ is missing. Run `npm run build` (npm ci does it for you) and try again.\n');
  process.exit(2);
}
await import(entry.href);
