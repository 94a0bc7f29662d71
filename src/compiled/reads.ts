import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type Db, queryRegistered, registerPrepared } from '../db/database.js';
import { createBoundedCache, documentBytes, stringBytes, textKey } from '../hardening/bounded.js';
import { type DocumentMeasure, type Limits, measureDocument, measureOperation, operationLimitError, variablesSize } from '../hardening/limits.js';
import type { Logger } from '../observability/logger.js';
import { type Metrics, recordRequest } from '../observability/metrics.js';
import { logRequest, requestIdFrom } from '../observability/requests.js';
import { type CompiledOperation, compileOperation, HANDOVER_MARKER, NotThisRequest } from './compile.js';
import { compileVariableCoercion } from './variables.js';

/**
 * Compiled reads: the public read API's repeated operations answered without the GraphQL
 * executor. The first request of an operation goes through yoga as usual (parse, validation,
 * every limit, execution); once it has passed validation, the operation is compiled into one SQL
 * statement that returns the response's data as JSON (src/compiled/compile.ts). Later anonymous
 * POSTs with the same document are answered by that statement: the per-request work is reading
 * the body, coercing the variables, the cost limit and passing PostgreSQL's text through.
 *
 * Whatever this path does not reproduce exactly goes to yoga untouched: credentials or cookies,
 * GET, other media types, batches, persisted-query extensions, variables that do not coerce or
 * arguments that would be errors, a summary that has to be generated, a value whose text it does
 * not write as the executor would (compile.ts HANDOVER_MARKER), a failing statement. The
 * responses of both paths are compared in tests/compiled.test.ts.
 */

export interface CompiledReadsOptions {
  db: Db;
  schema: GraphQLSchema;
  endpoint: string;
  /** Anonymous body limit: larger bodies go to yoga, which refuses them. */
  maxBodyBytes: number;
  /** The anonymous limits this path checks itself; over any, yoga answers with the error. */
  limits: Pick<Limits, 'maxVariablesBytes' | 'maxCost' | 'maxListLength' | 'maxDocumentBytes'>;
  metrics: Metrics;
  logger?: Logger;
  /**
   * The response cache is on. Its headers plugin marks every POST answer `Vary: Authorization`
   * and `Cache-Control: no-store`, and this path does the same. What it leaves out are the cache's
   * own ETag and Last-Modified: on a POST they serve only conditional requests, which HTTP caches
   * never make for POST and which this path hands to yoga (If-None-Match). A compiled answer is
   * also never older than the database, where a cached one may be up to the TTL old.
   */
  responseCache: boolean;
  /** SEARCH_RANK_WINDOW, which compiled searches answer with as the executor does. */
  searchRankWindow?: number;
}

interface Plan {
  compiled: CompiledOperation;
  document: DocumentNode;
  operationName: string | undefined;
  /** What the document alone decides of the cost and list limits (the cost, when no variable does). */
  measure: DocumentMeasure;
  /** The request's variables coerced as graphql-js would, or undefined where it reports errors. */
  coerce: ReturnType<typeof compileVariableCoercion>;
}

type NodeHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

export interface CompiledReads {
  /** Records an operation that passed validation in yoga (from the plugin below). */
  learn(query: string, operationName: string | null | undefined, document: DocumentNode): void;
  /** Answers the request, or hands it to `next` (yoga) exactly as it came. */
  handle(request: IncomingMessage, response: ServerResponse, next: NodeHandler): unknown;
  readonly stats: { compiled: number; executed: number; handedOver: number };
}

// What a JSON body may hold to take this path; anything else (extensions: APQ) goes to yoga.
const BODY_KEYS = new Set(['query', 'operationName', 'variables']);
// Accept headers for which yoga answers application/json (the GraphQL-over-HTTP legacy type).
const JSON_ACCEPTS = new Set([undefined, '*/*', 'application/json', 'application/json, */*', 'application/json, text/plain, */*']);
// An Origin that can be echoed as it is (yoga's CORS echoes any; odd ones are left to it).
const ORIGIN = /^[\x21-\x7e]{1,1024}$/;
/** Plans kept (of the heap): each holds its document (see documentBytes) and its SQL text. */
const PLANS_BYTES = 8_000_000;
/** Longer statements run unnamed: each prepared one stays on every connection and in registerPrepared's map for good. */
const MAX_PREPARED_TEXT = 32_000;

const keyOf = (query: string, operationName: string | null | undefined) => textKey(`${operationName ?? ''}\u0000${query}`);

export function createCompiledReads(options: CompiledReadsOptions): CompiledReads {
  // Plans by the hash of document text and operation name; null records an operation that is not
  // compiled. Bounded in bytes: anyone can send new documents.
  const plans = createBoundedCache<Plan | null>({
    maxBytes: PLANS_BYTES,
    sizeOf: (plan) => (plan ? documentBytes(plan.document) + stringBytes(plan.compiled.text) : 0),
  });
  const stats = { compiled: 0, executed: 0, handedOver: 0 };

  function learn(query: string, operationName: string | null | undefined, document: DocumentNode): void {
    if (query.length > options.limits.maxDocumentBytes) return;
    const key = keyOf(query, operationName);
    if (plans.has(key)) return;
    const compiled = compileOperation(options.schema, document, operationName, {
      searchRankWindow: options.searchRankWindow,
      // Repeated searches are the response cache's to answer, without the database.
      search: !options.responseCache,
    });
    if (!compiled) {
      plans.set(key, null);
      return;
    }
    if (compiled.text.length <= MAX_PREPARED_TEXT) registerPrepared(compiled.text);
    const measure = measureDocument(options.schema, document, operationName);
    const coerce = compileVariableCoercion(options.schema, compiled.operation.variableDefinitions ?? []);
    plans.set(key, { compiled, document, operationName: operationName ?? undefined, measure, coerce });
    stats.compiled += 1;
  }

  /** Headers alone decide whether the request may take this path; its body is not read yet. */
  function eligible(request: IncomingMessage): boolean {
    if (request.method !== 'POST' || request.url !== options.endpoint) return false;
    const headers = request.headers;
    if (headers.authorization !== undefined || headers.cookie !== undefined || headers['content-encoding'] !== undefined) return false;
    // yoga parses a body as JSON only when the media type is exactly `application/json`, case and
    // all, before any `;` (isContentTypeMatch): `Application/JSON` or `application/json ;` get its
    // 415. So the type must be that, alone or with the UTF-8 charset only.
    const type = headers['content-type'];
    if (type !== 'application/json' && !(type?.startsWith('application/json;') && type.slice(17).replace(/\s+/g, '').toLowerCase() === 'charset=utf-8')) return false;
    if (!JSON_ACCEPTS.has(headers.accept)) return false;
    // yoga's CORS answers an Origin with headers this path writes the same way (send); the
    // preflight-style request headers add more (Allow-Methods, Allow-Headers): yoga's to write.
    if (headers.origin !== undefined && !ORIGIN.test(headers.origin)) return false;
    if (headers['access-control-request-method'] !== undefined || headers['access-control-request-headers'] !== undefined) return false;
    if (options.responseCache && (headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined)) return false;
    const length = Number(headers['content-length']);
    return Number.isInteger(length) && length > 0 && length <= options.maxBodyBytes;
  }

  function readBody(request: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      request.on('error', reject);
      // A body cut off (the server's requestTimeout, a client gone) may end with 'close' alone.
      request.on('close', () => {
        if (!request.complete) reject(new Error('request body incomplete'));
      });
    });
  }

  /** The statement's result for this body, or undefined when yoga must answer it. */
  async function execute(body: Buffer): Promise<{ data: string; operationName: string | undefined } | undefined> {
    let params: { query?: unknown; operationName?: unknown; variables?: unknown };
    try {
      params = JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
    if (params === null || typeof params !== 'object' || Array.isArray(params)) return undefined;
    for (const key in params) if (!BODY_KEYS.has(key)) return undefined;
    const { query, operationName, variables } = params;
    if (typeof query !== 'string' || (operationName != null && typeof operationName !== 'string')) return undefined;
    // An empty operationName names no operation: yoga answers 400 (OPERATION_RESOLUTION_FAILURE),
    // while the plan key below reads it as absent.
    if (operationName === '') return undefined;
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
    if (query.length > options.limits.maxDocumentBytes) return undefined;
    const plan = plans.get(keyOf(query, operationName as string | null | undefined));
    if (!plan) return undefined;
    if (variablesSize(variables) > options.limits.maxVariablesBytes) return undefined;
    const coerced = plan.coerce((variables ?? {}) as Record<string, unknown>);
    if (!coerced) return undefined;
    // The cost and list limits depend on the variables (page sizes, lists of ids), so they are
    // checked on every request, with the variables as sent and the same measure as useLimits: a
    // variable left to its default counts as the largest page there, not as its default.
    const measure = measureOperation(options.schema, plan.document, plan.operationName, (variables ?? {}) as Record<string, unknown>, plan.measure);
    if (operationLimitError(measure, options.limits)) return undefined;
    let values: unknown[];
    try {
      values = plan.compiled.parameters(coerced);
    } catch (error) {
      if (error instanceof NotThisRequest) return undefined;
      throw error;
    }
    let data: string | undefined;
    try {
      const rows = await queryRegistered<{ data: string }>(options.db, plan.compiled.text, values);
      data = rows[0]?.data;
    } catch {
      // yoga runs it again and reports the failure with its codes (DATABASE_UNAVAILABLE, …)
      return undefined;
    }
    if (data === undefined || data.includes(HANDOVER_MARKER)) return undefined;
    return { data, operationName: plan.operationName };
  }

  function send(request: IncomingMessage, response: ServerResponse, started: number, result: { data: string; operationName: string | undefined }): void {
    const id = requestIdFrom(request.headers['x-request-id']);
    const text = `{"data":${result.data}}`;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    };
    // The request-logging plugin echoes the id, and it runs only with a logger.
    if (options.logger) headers['x-request-id'] = id;
    // yoga's default CORS (@whatwg-node/server useCORS with no options): any Origin is echoed and
    // allowed with credentials; the response varies by Origin.
    const origin = request.headers.origin;
    const vary: string[] = [];
    if (origin !== undefined) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-credentials'] = 'true';
      vary.push('Origin');
    }
    if (options.responseCache) {
      vary.push('Authorization');
      headers['cache-control'] = 'no-store';
    }
    if (vary.length > 0) headers.vary = vary.join(', ');
    response.writeHead(200, headers);
    response.end(text);
    recordRequest(options.metrics, 'POST', options.endpoint, 200, started);
    if (options.logger) logRequest(options.logger, { reqId: id, method: 'POST', path: options.endpoint, operationName: result.operationName, status: 200 }, started);
  }

  async function handleRead(request: IncomingMessage, response: ServerResponse, next: NodeHandler): Promise<unknown> {
    const started = performance.now();
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch {
      response.destroy();
      return;
    }
    let result: Awaited<ReturnType<typeof execute>>;
    try {
      result = await execute(body);
    } catch (error) {
      // Nothing here is expected to throw; if it does, yoga answers (server.ts does not catch a
      // rejected handler, and an unhandled rejection would end the process).
      options.logger?.error({ err: error }, 'compiled read failed; handed to yoga');
      result = undefined;
    }
    if (result) {
      stats.executed += 1;
      send(request, response, started, result);
      return;
    }
    stats.handedOver += 1;
    // The body is read: yoga takes it from here (@whatwg-node/server uses a request's `body`).
    (request as IncomingMessage & { body?: Buffer }).body = body;
    return next(request, response);
  }

  return {
    learn,
    stats,
    handle(request, response, next) {
      if (plans.size === 0 || !eligible(request)) return next(request, response);
      return handleRead(request, response, next);
    },
  };
}

/** Hands the compiler each anonymous query that passed validation, with its document text. */
export function useCompiledReadsLearning(reads: CompiledReads): Plugin {
  return {
    onExecute({ args }) {
      const context = args.contextValue as { request?: Request; params?: { query?: unknown } };
      const request = context.request;
      if (!request || request.method !== 'POST' || request.headers.has('authorization') || request.headers.has('cookie')) return;
      const query = context.params?.query;
      if (typeof query === 'string') reads.learn(query, args.operationName, args.document);
    },
  };
}
