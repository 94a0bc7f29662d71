import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { RateLimiter } from '../http/rate-limits.js';
import { sniffImageType } from './sniff.js';
import { isSafeKey, type MediaStorage, STORAGE_KEY_PATTERN, type StoredObject } from './storage.js';

export const MEDIA_PATH = '/media/';
/** Bytes of an original one rate-limit point pays for (a small query costs 1; so does a 64 KiB image). */
export const MEDIA_BYTES_PER_POINT = 64 * 1024;

/**
 * GET /media/{key}: an original from the media store, for browsers and for the image service
 * (local:/// or an http source). The key is checked against the keys this server makes or the
 * importer accepts (no `..`, no encoded separators, no absolute paths) before the store sees it;
 * the local store checks again that the resolved path stays inside its folder. The content type
 * comes from the bytes, never from the name, and is always an image type: nothing served here
 * can be HTML or script. Uploaded keys are random and never rewritten, so they are immutable.
 * The original is streamed from the store, never held whole in memory, and each request spends
 * from its address's rate-limit bucket (when limits are on): one point, and one more for each
 * MEDIA_BYTES_PER_POINT of the original.
 */
export function useMediaRoute(storage: MediaStorage, rateLimiter?: RateLimiter): Plugin {
  return {
    // Not async for the requests it leaves alone: a promise from an onRequest hook costs every request a turn.
    onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (!url.pathname.startsWith(MEDIA_PATH)) return;
      return serve(request, url, endResponse, fetchAPI, serverContext);
    },
  };

  async function serve(
    request: Request,
    url: URL,
    endResponse: (response: Response) => void,
    fetchAPI: { Response: typeof Response },
    serverContext: unknown,
  ): Promise<void> {
    const notFound = (status = 404, headers: Record<string, string> = {}) =>
      endResponse(
        new fetchAPI.Response(status === 405 ? 'Method Not Allowed' : 'Not Found', {
          status,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            ...(status === 405 ? { allow: 'GET, HEAD' } : {}),
            ...headers,
          },
        }),
      );
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    let key: string;
    try {
      key = decodeURIComponent(url.pathname.slice(MEDIA_PATH.length));
    } catch {
      return notFound();
    }
    if (!isSafeKey(key)) return notFound();
    // One point before the store is asked (a miss costs it too), the rest by size once it is known.
    const context = serverContext as { req?: IncomingMessage } | undefined;
    let limitHeaders: Record<string, string> = {};
    if (rateLimiter) {
      const checked = await rateLimiter.checkRequest(request, context, 1);
      if (!checked.allowed) return endResponse(checked.refusal!);
      limitHeaders = checked.headers;
    }
    let found: StoredObject | undefined;
    try {
      found = await storage.open(key);
    } catch {
      return endResponse(
        new fetchAPI.Response('Service Unavailable', {
          status: 503,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        }),
      );
    }
    const mimeType = found && sniffImageType(found.head);
    if (!found || !mimeType) {
      found?.body.destroy();
      return notFound(404, limitHeaders);
    }
    const extra = Math.floor(found.size / MEDIA_BYTES_PER_POINT);
    if (rateLimiter && extra > 0) {
      const checked = await rateLimiter.checkRequest(request, context, extra);
      if (!checked.allowed) {
        found.body.destroy();
        return endResponse(checked.refusal!);
      }
      limitHeaders = checked.headers;
    }
    if (request.method === 'HEAD') found.body.destroy();
    endResponse(
      new fetchAPI.Response(request.method === 'HEAD' ? null : (found.body as unknown as BodyInit), {
        status: 200,
        headers: {
          'content-type': mimeType,
          'content-length': String(found.size),
          'cache-control': STORAGE_KEY_PATTERN.test(key)
            ? 'public, max-age=31536000, immutable'
            : 'public, max-age=3600',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          ...limitHeaders,
        },
      }),
    );
  }
}
