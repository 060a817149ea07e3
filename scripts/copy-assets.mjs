// Copies the sandbox web chat's static files next to the compiled code (tsc copies only .ts output), then stamps the
// build so `npm start` knows dist/ is current.
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { STAMP } from './build-stamp.mjs';

const from = 'src/adapters/sandbox/public';
const to = 'dist/src/adapters/sandbox/public';
rmSync(to, { recursive: true, force: true });
if (existsSync(from)) cpSync(from, to, { recursive: true });
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
