import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is sane, otherwise a new one; echoed on the response. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** One JSON log line per request, with its id, operation, status and duration. */
export function useRequestLogging(logger: Logger): Plugin {
  const requests = new WeakMap<Request, { id: string; start: number; operationName?: string }>();
  return {
    onRequest({ request }) {
      requests.set(request, { id: requestIdOf(request), start: performance.now() });
    },
    onParams({ request, params }) {
      const entry = requests.get(request);
      if (entry && typeof params?.operationName === 'string') entry.operationName = params.operationName;
    },
    onResponse({ request, response }) {
      const entry = requests.get(request);
      if (!entry) return;
      response.headers.set('x-request-id', entry.id);
      const url = new URL(request.url);
      const line = {
        reqId: entry.id,
        method: request.method,
        path: url.pathname,
        operationName: entry.operationName,
        status: response.status,
        durationMs: Math.round((performance.now() - entry.start) * 10) / 10,
      };
      if (response.status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
      requests.delete(request);
    },
  };
}
