import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-errors.js';

/** The exact bytes received (signatures are over these), refusing more than `limit` with 413 as soon as it is exceeded. */
export async function readRawBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `Body larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpError(413, `Body larger than ${limit} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
