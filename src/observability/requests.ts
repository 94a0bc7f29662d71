import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is sane, otherwise a new one; echoed on the response. */
export function requestIdFrom(given: string | string[] | null | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function requestIdOf(request: Request): string {
  return requestIdFrom(request.headers.get('x-request-id'));
}

export interface RequestLine {
  reqId: string;
  method: string;
  path: string;
  operationName?: string;
  status: number;
}

/** The access log: one JSON line per request; `started` is a performance.now() reading. */
export function logRequest(logger: Logger, line: RequestLine, started: number): void {
  const level = line.status >= 500 ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const entry = { ...line, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  if (level === 'error') logger.error(entry, 'request failed');
  else logger.info(entry, 'request');
}

/** One JSON log line per request, with its id, operation, status and duration. */
export function useRequestLogging(logger: Logger): Plugin {
  const requests = new WeakMap<Request, { id: string; start: number; path: string; operationName?: string }>();
  return {
    onRequest({ request, url }) {
      requests.set(request, { id: requestIdOf(request), start: performance.now(), path: url.pathname });
    },
    onParams({ request, params }) {
      const entry = requests.get(request);
      if (entry && typeof params?.operationName === 'string') entry.operationName = params.operationName;
    },
    onResponse({ request, response }) {
      const entry = requests.get(request);
      if (!entry) return;
      response.headers.set('x-request-id', entry.id);
      const line = {
        reqId: entry.id,
        method: request.method,
        path: entry.path,
        operationName: entry.operationName,
        status: response.status,
      };
      logRequest(logger, line, entry.start);
      requests.delete(request);
    },
  };
}
