import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

export type ContentEncoding = 'br' | 'gzip';

/**
 * Picks br or gzip from an Accept-Encoding header (q-values honoured, br preferred on a tie);
 * undefined when neither is acceptable.
 */
export function negotiateEncoding(header: string | null): ContentEncoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: ContentEncoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).reduce<ContentEncoding | undefined>(
    (chosen, encoding) => (weightOf(encoding) > (chosen ? weightOf(chosen) : 0) ? encoding : chosen),
    undefined,
  );
  return best;
}

function compress(body: Buffer, encoding: ContentEncoding): Buffer {
  // Moderate settings: the page is compressed once per instance, then served from memory.
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      })
    : gzipSync(body, { level: 6 });
}

/**
 * Compresses the GraphiQL page (about 9 MB of inlined assets, so that it works offline) with br or
 * gzip, as the browser accepts. The page is the same on every request, so each encoding is
 * compressed once and kept. GraphQL responses are left alone: they may be streams (SSE,
 * incremental delivery) that compression would hold back.
 */
export function useGraphiQLCompression(): Plugin {
  const cache = new Map<ContentEncoding, { source: string; compressed: Uint8Array<ArrayBuffer> }>();
  return {
    // Not async: a promise from any onResponse hook makes every response wait a turn.
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'GET') return;
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/html') || response.headers.has('content-encoding')) return;
      return compressPage(request, response, setResponse, fetchAPI);
    },
  };

  async function compressPage(
    request: Request,
    response: Response,
    setResponse: (response: Response) => void,
    fetchAPI: { Headers: typeof Headers; Response: typeof Response },
  ): Promise<void> {
    const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
    const headers = new fetchAPI.Headers(response.headers);
    headers.append('vary', 'accept-encoding');
    if (!encoding) {
      setResponse(
        new fetchAPI.Response(response.body, { status: response.status, statusText: response.statusText, headers }),
      );
      return;
    }
    const source = await response.text();
    let entry = cache.get(encoding);
    if (entry?.source !== source) {
      entry = { source, compressed: new Uint8Array(compress(Buffer.from(source, 'utf8'), encoding)) };
      cache.set(encoding, entry);
    }
    headers.set('content-encoding', encoding);
    headers.set('content-length', String(entry.compressed.length));
    setResponse(
      new fetchAPI.Response(entry.compressed, { status: response.status, statusText: response.statusText, headers }),
    );
  }
}
