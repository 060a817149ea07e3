import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/** Bolt logs through our pino logger, so one log stream has everything. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const join = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(join(msg)),
    info: (...msg: unknown[]) => child.info(join(msg)),
    warn: (...msg: unknown[]) => child.warn(join(msg)),
    error: (...msg: unknown[]) => child.error(join(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
