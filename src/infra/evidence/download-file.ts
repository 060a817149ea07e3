/** A download that failed for a reason worth telling the person who shared the file. */
export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface DownloadOptions {
  /** Sent as a Bearer token, and only ever to URLs `isAllowed` accepts. */
  token: string;
  maxBytes: number;
  /** Every URL, including each redirect, must pass: the token never goes anywhere else (SSRF, token leaks). */
  isAllowed(url: URL): boolean;
  maxRedirects?: number;
  timeoutMs?: number;
}

/**
 * Downloads a platform-hosted file with a byte limit enforced while reading (a Content-Length can lie or be absent).
 * Redirects are followed by hand so each hop is checked against the allow-list before the token is sent there.
 */
export async function downloadFile(
  url: string,
  opts: DownloadOptions,
): Promise<{ bytes: Buffer; contentType: string }> {
  let current = new URL(url);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 60_000);
  for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop += 1) {
    if (!opts.isAllowed(current))
      throw new DownloadError(`refusing to download from ${current.origin}: not the chat platform's file host`);
    const response = await fetch(current, {
      headers: { authorization: `Bearer ${opts.token}` },
      redirect: 'manual',
      signal,
    });
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new DownloadError(`the file host answered ${response.status} without a location`);
      current = new URL(location, current);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DownloadError(`the file host answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      await response.body?.cancel();
      throw new DownloadError(`the file is larger than ${opts.maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        total += read.value.byteLength;
        if (total > opts.maxBytes) {
          await reader.cancel();
          throw new DownloadError(`the file is larger than ${opts.maxBytes} bytes`);
        }
        chunks.push(Buffer.from(read.value));
      }
    }
    return { bytes: Buffer.concat(chunks), contentType: response.headers.get('content-type') ?? '' };
  }
  throw new DownloadError('the file host redirected too many times');
}
