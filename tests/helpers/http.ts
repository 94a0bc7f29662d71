import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { type HttpConfig, loadHttpConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { HttpPluginOptions } from '../../src/http/plugins.js';
import { createHttpServer } from '../../src/http-server.js';
import { quietLogger } from './logger.js';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function send(app: App, path: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await app.fetch(`http://localhost${path}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs a GraphQL request as JSON; `body` may be anything JSON.stringify takes. */
export function post(app: App, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(app, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function get(
  app: App,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const url = new URLSearchParams(params);
  return send(app, `/graphql?${url}`, {
    method: 'GET',
    headers: { accept: 'application/graphql-response+json', ...headers },
  });
}

/** An app with the HTTP plugin options given, logging nothing unless a logger is given. */
export function appWithHttpPlugins(database: DatabaseHandle, httpPlugins: HttpPluginOptions = {}): App {
  return createApp({ db: database.db, httpPlugins: { pool: database.pool, logger: quietLogger, ...httpPlugins } });
}

/** Codes of the errors of a response, in order. */
export function codes(response: RawResponse): unknown[] {
  return (response.json?.errors ?? []).map((e: { extensions?: { code?: unknown } }) => e.extensions?.code);
}

/**
 * Serves the app over real HTTP (app.handleHttp, so compiled reads included) on a free loopback
 * port until the test file is done, with the server `npm start` makes (its timeouts the defaults
 * unless given); returns the /graphql URL.
 */
export async function listenHttp(app: App, http: HttpConfig = loadHttpConfig()): Promise<string> {
  const server = createHttpServer(
    http,
    (request, response) => app.handleHttp(request, response),
    app.handleUpgrade,
    app.ops.metrics,
  );
  afterAll(async () => {
    await app.websocket.close();
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    return closed;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}
