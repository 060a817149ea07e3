import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export interface PinnedAnswer {
  status: number;
  location: string | null;
  text: string;
}

/** The answer passed the byte cap: reading stopped and the connection was closed. */
export class AnswerTooLargeError extends Error {}

export interface PostPinnedArgs {
  url: URL;
  /** The address the policy checked: the connection goes there, whatever DNS says by now. */
  pin: { address: string; family: number };
  body: string;
  headers: Record<string, string>;
  /** Ends the exchange at once (deadline or shutdown): the socket is destroyed, the promise rejects with its reason. */
  signal: AbortSignal;
  maxBytes: number;
  /** Called once the request has been handed to the network: from then on the target may act on it. */
  onSent: () => void;
}

/**
 * One POST to a pinned address. Never waits on the peer beyond the signal and never buffers more than `maxBytes`:
 * a server that drips or streams forever is cut off, not read to the end.
 */
export function postPinned({
  url,
  pin,
  body,
  headers,
  signal,
  maxBytes,
  onSent,
}: PostPinnedArgs): Promise<PinnedAnswer> {
  const lookup: LookupFunction = (_host, options, callback) => {
    if (typeof options === 'object' && options && 'all' in options && options.all) callback(null, [pin]);
    else callback(null, pin.address, pin.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let res: IncomingMessage | null = null;
    let settled = false;
    const finish = (error: Error | null, answer?: PinnedAnswer) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        res?.destroy();
        reject(error);
      } else if (answer) resolve(answer);
    };
    const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    // agent: false — a fresh connection per call, never a pooled one made under another hop's address check.
    const options = {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
      lookup,
      agent: false,
    };
    const req = request(url, options, (response) => {
      res = response;
      const tooLarge = () =>
        new AnswerTooLargeError(
          `the answer (status ${response.statusCode ?? 0}) passed ${maxBytes} bytes; stopped reading`,
        );
      if (Number(response.headers['content-length'] ?? 0) > maxBytes) return finish(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish(tooLarge());
        chunks.push(chunk);
      });
      response.on('end', () =>
        finish(null, {
          status: response.statusCode ?? 0,
          location: response.headers.location ?? null,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', (error) => finish(error));
      response.on('close', () => {
        if (!response.complete)
          finish(
            new Error(`the connection closed before the answer (status ${response.statusCode ?? 0}) was complete`),
          );
      });
    });
    req.on('finish', onSent);
    req.on('error', (error) => finish(error));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
}
