import { runCliAsync } from './main.js';

/** Entry point of the `warroom` binary. */
try {
  const result = await runCliAsync(process.argv.slice(2));
  if (result.stdout) process.stdout.write(`${result.stdout}\n`);
  if (result.stderr) process.stderr.write(`${result.stderr}\n`);
  process.exitCode = result.code;
} catch (error) {
  process.stderr.write(`warroom: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
