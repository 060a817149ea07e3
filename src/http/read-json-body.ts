import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-errors.js';
import { readRawBody } from './read-raw-body.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a JSON body, refusing more than 1 MiB (413) and malformed JSON (400). */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = (await readRawBody(req, limit)).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Body is not valid JSON.');
  }
}
