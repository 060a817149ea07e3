// warroom as a child process (`node --import tsx src/main.ts`), for tests that must kill it where it stands:
// SIGKILL, as a crash or an OOM kill would, with no shutdown code running.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface WarroomProcess {
  /** Where it serves Slack: the URL its start-up log names. */
  eventsUrl: string;
  child: ChildProcess;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts warroom with `env` (LOG_LEVEL must be info or lower: the URL is read from its log) and waits until it serves. */
export async function startWarroomProcess(env: Record<string, string>): Promise<WarroomProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const eventsUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /warroom serving Slack on (http:\/\/\S+?\/slack\/events)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`warroom exited before serving:\n${stderr}${out}`)));
  });
  return {
    eventsUrl,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
