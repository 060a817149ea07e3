import { z } from 'zod';

/**
 * A chain head someone kept (`--expect-head`): 64 hex characters, with or without the `sha256:` the tools print.
 * One rule for the timeline and the custody log, which are chained the same way.
 */
export const ChainHead = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?:sha256:)?[0-9a-f]{64}$/,
    'a chain head is 64 hex characters (sha256:… as printed by warroom timeline verify or warroom evidence verify)',
  )
  .transform((h) => h.replace(/^sha256:/, ''));
