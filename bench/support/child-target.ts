import { type ChildProcess, spawn } from 'node:child_process';

/** One side of a bench in its own process, so the load generator and the program under test share no event loop. */
export interface ChildTarget {
  /** What the child reported once it served (`{ ready: url }`). */
  url: string;
  /** One question at a time over IPC: answers come back in order on the one channel. */
  ask<T>(question: unknown): Promise<T>;
  /** Disconnects: the child shuts down (and cleans up) on its own. */
  stop(): void;
  child: ChildProcess;
}

/** Starts `script` with tsx (`node --import tsx script ...args`) and waits for its `{ ready: url }`. */
export async function startChildTarget(
  script: string,
  args: string[],
  opts: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildTarget> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: opts.env ?? process.env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { ready: string }).ready));
    child.once('exit', (code) => reject(new Error(`${script} ${args[0] ?? ''} exited with ${code} before serving`)));
  });
  let queue = Promise.resolve<unknown>(undefined);
  return {
    url,
    child,
    ask<T>(question: unknown): Promise<T> {
      const answer = queue.then(
        () =>
          new Promise<T>((resolve) => {
            child.once('message', (m) => resolve(m as T));
            child.send(question as object);
          }),
      );
      queue = answer.catch(() => undefined);
      return answer;
    },
    stop: () => {
      if (child.connected) child.disconnect();
    },
  };
}
