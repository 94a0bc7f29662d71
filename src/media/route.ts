import type { Plugin } from 'graphql-yoga';
import { sniffImage } from './sniff.js';
import { isSafeKey, type MediaStorage, STORAGE_KEY_PATTERN } from './storage.js';

export const MEDIA_PATH = '/media/';

/**
 * GET /media/{key}: an original from the media store, for browsers and for the image service
 * (local:/// or an http source). The key is checked against the keys this server makes or the
 * importer accepts (no `..`, no encoded separators, no absolute paths) before the store sees it;
 * the local store checks again that the resolved path stays inside its folder. The content type
 * comes from the bytes, never from the name, and is always an image type: nothing served here
 * can be HTML or script. Uploaded keys are random and never rewritten, so they are immutable.
 */
export function useMediaRoute(storage: MediaStorage): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(MEDIA_PATH)) return;
      const notFound = (status = 404) =>
        endResponse(new fetchAPI.Response(status === 405 ? 'Method Not Allowed' : 'Not Found', { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...(status === 405 ? { allow: 'GET, HEAD' } : {}) } }));
      if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
      let key: string;
      try {
        key = decodeURIComponent(url.pathname.slice(MEDIA_PATH.length));
      } catch {
        return notFound();
      }
      if (!isSafeKey(key)) return notFound();
      return storage.get(key).then(
        (found) => {
          const sniffed = found && sniffImage(found.bytes);
          if (!found || !sniffed) return notFound();
          endResponse(
            new fetchAPI.Response(request.method === 'HEAD' ? null : (found.bytes as BodyInit), {
              status: 200,
              headers: {
                'content-type': sniffed.mimeType,
                'content-length': String(found.bytes.byteLength),
                'cache-control': STORAGE_KEY_PATTERN.test(key) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
                'x-content-type-options': 'nosniff',
                'content-security-policy': "default-src 'none'; sandbox",
              },
            }),
          );
        },
        () => endResponse(new fetchAPI.Response('Service Unavailable', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } })),
      );
    },
  };
}
