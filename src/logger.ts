import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'warroom' },
    redact: ['slack.botToken', 'slack.signingSecret', '*.token', 'authorization'],
  });
}
