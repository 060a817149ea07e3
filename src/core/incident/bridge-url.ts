import { z } from 'zod';

/**
 * A bridge link, from a person or the catalog: https only, since it is shown in every header as a link to click, and
 * no chat markup characters or spaces, which could disguise it (`javascript:`, plain http and `<…|…>` are refused).
 */
export const BridgeUrl = z
  .string()
  .trim()
  .max(500, 'That link is longer than 500 characters.')
  .refine((raw) => {
    try {
      return new URL(raw).protocol === 'https:' && !/[\s<>|]/.test(raw);
    } catch {
      return false;
    }
  }, 'A bridge is an https:// meeting link.');
