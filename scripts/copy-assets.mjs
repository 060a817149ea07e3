// Copies the sandbox web chat's static files next to the compiled code (tsc copies only .ts output).
import { cpSync, existsSync, rmSync } from 'node:fs';

const from = 'src/adapters/sandbox/public';
const to = 'dist/src/adapters/sandbox/public';
rmSync(to, { recursive: true, force: true });
if (existsSync(from)) cpSync(from, to, { recursive: true });
