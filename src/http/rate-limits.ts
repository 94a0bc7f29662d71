import type { IncomingMessage } from 'node:http';
import { type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { BucketSize, RateLimitPolicyName, RateLimitSettings } from '../config.js';
import { BroadsheetError, ErrorCode, errorsJson } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { createBoundedCache, documentBytes, textKey } from './bounded.js';
import { requestClientKey } from './client-address.js';
import { type DocumentMeasure, measureDocument, measureOperation } from './limits.js';
import { perOperation } from './per-operation.js';

/**
 * Rate limits: a token bucket per client, spent by what the client asks for. A GraphQL operation
 * spends its cost (the estimate the cost limit judges, src/http/limits.ts; at least 1), so a
 * page of a hundred articles with their bodies (2300) spends what two thousand small queries do. The client
 * is its API token when it sends a valid one, else its address (an IPv6 /64) through
 * TRUSTED_PROXIES. Buckets live in Redis when it is configured (one Lua script per check, so every
 * instance spends from the same budget) and in this process otherwise, in a cache bounded in bytes.
 */

/**
 * Scopes that make a token an editor's (its own, larger, budget): those that write articles. Other
 * tokens (read:drafts for a front end's previews, write:entities for curators) have the token one.
 */
const EDITOR_SCOPES = ['write:articles', 'admin'];

/** One client as the limits see it. */
export interface RateLimitClient {
  /** `address:<ip or /64>` or `token:<hash of the token>`; hashed again before it keys a bucket. */
  id: string;
  policy: RateLimitPolicyName;
}

export interface RateLimitDecision {
  allowed: boolean;
  policy: RateLimitPolicyName;
  size: BucketSize;
  /** Points left after this request (whole points). */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until this request's cost is there. */
  retryAfterSeconds: number;
  /** The store could not answer (Redis down or slow): let through uncounted. */
  failedOpen?: boolean;
}

/** Where buckets live: both take `cost` points if they are there, atomically. */
interface BucketStore {
  /** Points in the bucket after the attempt, and whether it took them. */
  take(key: string, cost: number, size: BucketSize): Promise<{ allowed: boolean; tokens: number }>;
}

/** In-process buckets: least recently used first out, bounded in bytes (an entry is about 250). */
export function createMemoryBucketStore(maxBytes: number, now: () => number = Date.now) {
  const buckets = createBoundedCache<{ tokens: number; at: number }>({
    maxBytes,
    maxEntryBytes: maxBytes,
    sizeOf: () => 56,
  });
  const store: BucketStore & { readonly bytes: number; readonly size: number } = {
    async take(key, cost, size) {
      const at = now();
      const found = buckets.get(key);
      let tokens = found
        ? Math.min(size.burst, found.tokens + (Math.max(0, at - found.at) * size.refillPerSecond) / 1000)
        : size.burst;
      const allowed = tokens >= cost;
      if (allowed) tokens -= cost;
      // A full bucket is what an unknown client gets anyway: nothing to keep.
      if (tokens >= size.burst) buckets.delete(key);
      else if (found) Object.assign(found, { tokens, at });
      else buckets.set(key, { tokens, at });
      return { allowed, tokens };
    },
    get bytes() {
      return buckets.bytes;
    },
    get size() {
      return buckets.size;
    },
  };
  return store;
}

/**
 * One bucket check in Redis, atomic across instances: refill by the time since the last check
 * (Redis's clock, so instances whose clocks differ agree), take `cost` if it is there, and let
 * the key expire once the bucket would be full again (a full bucket needs no key).
 */
const TAKE_TOKENS_LUA = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return {allowed, tostring(tokens)}
`;

const REDIS_COMMAND = 'broadsheetTakeTokens';

type TakeTokens = (key: string, burst: number, rate: number, cost: number) => Promise<[number, string]>;

export function createRedisBucketStore(redis: Redis, prefix: string): BucketStore {
  if (!(REDIS_COMMAND in redis)) redis.defineCommand(REDIS_COMMAND, { numberOfKeys: 1, lua: TAKE_TOKENS_LUA });
  const takeTokens = (redis as unknown as Record<string, TakeTokens>)[REDIS_COMMAND]!.bind(redis);
  return {
    async take(key, cost, size) {
      const [allowed, tokens] = await takeTokens(`${prefix}ratelimit:${key}`, size.burst, size.refillPerSecond, cost);
      return { allowed: allowed === 1, tokens: Number(tokens) };
    },
  };
}

/** The RateLimit-Policy field (draft-ietf-httpapi-ratelimit-headers): the quota and the window it refills over. */
export function policyHeader(policy: RateLimitPolicyName, size: BucketSize): string {
  return `"${policy}";q=${size.burst};w=${Math.max(1, Math.ceil(size.burst / size.refillPerSecond))}`;
}

/** The RateLimit and RateLimit-Policy fields of a decision, and Retry-After when it refuses. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Policy': policyHeader(decision.policy, decision.size),
    RateLimit: `"${decision.policy}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
  if (!decision.allowed) headers['Retry-After'] = String(decision.retryAfterSeconds);
  return headers;
}

/** The refusal of an operation: 429 whatever media type the client accepts (`spec: false`), with its headers. */
export function rateLimitedError(decision: RateLimitDecision, cost: number): BroadsheetError {
  return new BroadsheetError(
    ErrorCode.RATE_LIMITED,
    `Rate limit reached: this request costs ${cost} and ${decision.remaining} of ${decision.size.burst} remain; retry in ${decision.retryAfterSeconds} s`,
    {
      cost,
      remaining: decision.remaining,
      retryAfter: decision.retryAfterSeconds,
      policy: decision.policy,
      http: { status: 429, spec: false, headers: rateLimitHeaders(decision) },
    },
  );
}

interface ViewerLike {
  scopes?: ReadonlySet<string>;
  actor?: { tokenId: number };
}

/** The token of a `Bearer` header as authenticate() reads it, whatever its spacing and case. */
function bearerToken(authorization: string | null): string | undefined {
  return authorization ? /^Bearer +(\S+) *$/i.exec(authorization)?.[1] : undefined;
}

/**
 * The client of a request: its token when the viewer was authenticated by one (editors' tokens
 * by their scopes), else its address. A token that did not authenticate counts as its address, so
 * made-up tokens cannot buy fresh buckets.
 */
export function rateLimitClient(
  request: Request,
  req: IncomingMessage | undefined,
  trustedProxies: readonly string[],
  viewer?: ViewerLike,
): RateLimitClient {
  const token = viewer?.actor ? bearerToken(request.headers.get('authorization')) : undefined;
  if (token) {
    const editor = EDITOR_SCOPES.some((scope) => viewer?.scopes?.has(scope));
    return { id: `token:${textKey(token)}`, policy: editor ? 'editor' : 'token' };
  }
  return { id: `address:${requestClientKey(req, trustedProxies)}`, policy: 'anonymous' };
}

export interface RateLimiterOptions {
  settings: RateLimitSettings;
  trustedProxies: readonly string[];
  redis?: Redis;
  redisKeyPrefix: string;
  metrics?: Metrics;
  logger?: Logger;
}

export interface RateLimiter {
  /** Spends `cost` points of the client's bucket (at least 1, at most a full bucket). */
  spend(client: RateLimitClient, cost: number): Promise<RateLimitDecision>;
  /**
   * For HTTP routes outside GraphQL (feeds, sitemaps): spends `cost` of the request's address's
   * bucket. `refusal` is the 429 to send when it is refused; `headers` go on the answer either way.
   */
  checkRequest(
    request: Request,
    serverContext: { req?: IncomingMessage } | undefined,
    cost?: number,
  ): Promise<{ allowed: boolean; headers: Record<string, string>; refusal?: Response }>;
  /** Whether the client was refused moments ago and still cannot afford one point (no store is asked). */
  refusedRecently(client: Pick<RateLimitClient, 'id'>): RateLimitDecision | undefined;
  /** The in-process store's bytes and buckets (without Redis), for tests and metrics. */
  memoryUsage(): { bytes: number; buckets: number } | undefined;
}

/** Clients refused moments ago, kept to answer their next requests without asking the store. */
const REFUSED_MEMORY_BYTES = 1_000_000;
/** Measures of anonymous documents by hash (see useRateLimits). */
const MEASURES_BYTES = 2_000_000;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { settings } = options;
  const memory = options.redis ? undefined : createMemoryBucketStore(settings.memoryBytes);
  const store: BucketStore = memory ?? createRedisBucketStore(options.redis!, options.redisKeyPrefix);
  // Clients refused just now, by bucket key, until their bucket holds a point again: a flood is
  // answered without a round trip to Redis. Bounded in bytes like the buckets.
  const refused = createBoundedCache<{ until: number; decision: RateLimitDecision }>({
    maxBytes: REFUSED_MEMORY_BYTES,
    sizeOf: () => 200,
  });
  let failing = false;

  const failOpen = (client: RateLimitClient, size: BucketSize, error: unknown): RateLimitDecision => {
    options.metrics?.rateLimits.inc({ result: 'failed_open' });
    if (!failing) {
      failing = true;
      options.logger?.warn(
        { err: error },
        'rate limits: Redis did not answer; requests are let through unlimited until it does',
      );
    }
    return {
      allowed: true,
      policy: client.policy,
      size,
      remaining: size.burst,
      resetSeconds: 0,
      retryAfterSeconds: 0,
      failedOpen: true,
    };
  };

  const takeFromStore = (key: string, cost: number, size: BucketSize) => {
    if (!options.redis) return store.take(key, cost, size);
    // Never queue behind a connection that is down, and never wait long for one that is slow.
    if (options.redis.status !== 'ready') return Promise.reject(new Error(`Redis is ${options.redis.status}`));
    let timer: NodeJS.Timeout | undefined;
    // When the timer fires, the answer may already be waiting on the socket behind a busy event
    // loop (timers run before I/O): it gets one turn of I/O before the check is given up on.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => setImmediate(() => reject(new Error(`Redis took more than ${settings.redisTimeoutMs} ms`))),
        settings.redisTimeoutMs,
      );
    });
    return Promise.race([store.take(key, cost, size), timeout]).finally(() => clearTimeout(timer));
  };

  const limiter: RateLimiter = {
    async spend(client, requested) {
      const size = settings.policies[client.policy];
      const cost = Math.min(Math.max(1, Math.ceil(requested)), size.burst);
      const key = textKey(client.id);
      let taken: { allowed: boolean; tokens: number };
      try {
        taken = await takeFromStore(key, cost, size);
      } catch (error) {
        return failOpen(client, size, error);
      }
      if (failing) {
        failing = false;
        options.logger?.info('rate limits: Redis answers again');
      }
      const tokens = taken.tokens;
      const decision: RateLimitDecision = {
        allowed: taken.allowed,
        policy: client.policy,
        size,
        remaining: Math.max(0, Math.floor(tokens)),
        resetSeconds: Math.max(0, Math.ceil((size.burst - tokens) / size.refillPerSecond)),
        retryAfterSeconds: taken.allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / size.refillPerSecond)),
      };
      options.metrics?.rateLimits.inc({ result: taken.allowed ? 'allowed' : 'limited' });
      if (!taken.allowed && tokens < 1) {
        refused.set(key, { until: Date.now() + ((1 - tokens) * 1000) / size.refillPerSecond, decision });
      }
      return decision;
    },
    refusedRecently(client) {
      const key = textKey(client.id);
      const found = refused.get(key);
      if (!found) return undefined;
      const left = found.until - Date.now();
      if (left <= 0) {
        refused.delete(key);
        return undefined;
      }
      options.metrics?.rateLimits.inc({ result: 'limited' });
      return { ...found.decision, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
    },
    async checkRequest(request, serverContext, cost = 1) {
      const client = rateLimitClient(request, serverContext?.req, options.trustedProxies);
      const decision = limiter.refusedRecently(client) ?? (await limiter.spend(client, cost));
      const headers = rateLimitHeaders(decision);
      if (decision.allowed) return { allowed: true, headers };
      const error = rateLimitedError(decision, cost);
      const refusal = new Response(errorsJson(error.message, { code: ErrorCode.RATE_LIMITED }), {
        status: 429,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
      });
      return { allowed: false, headers, refusal };
    },
    memoryUsage: () => (memory ? { bytes: memory.bytes, buckets: memory.size } : undefined),
  };
  return limiter;
}

interface RateLimitContext {
  request?: Request;
  req?: IncomingMessage;
  viewer?: ViewerLike;
}

/**
 * The limits inside yoga's pipeline, so that they apply to every way an operation arrives (POST,
 * GET, batches, APQ, trusted documents, SSE and multipart subscriptions, WebSocket operations) and
 * to compiled answers and cached ones alike:
 * - at the request: a client refused moments ago is refused again without parsing anything;
 * - at its parameters (anonymous requests, before the response cache answers them) or at execution
 *   (requests with a token, once it is checked): the operation's cost is spent, and an operation
 *   that does not fit in what is left is refused before it runs (429, RATE_LIMITED);
 * - at the response: every answer carries RateLimit and RateLimit-Policy; a request refused before
 *   execution (malformed, invalid, over the cost limit, a bad token) spends one point: of its
 *   token's bucket once the token authenticated, else of its address's.
 */
export function useRateLimits(
  limiter: RateLimiter,
  options: { graphqlEndpoint: string; trustedProxies: readonly string[]; maxTokens: number; maxCost: number },
): Plugin {
  const decisions = new WeakMap<Request, RateLimitDecision>();
  const atEndpoint = new WeakSet<Request>();
  // Who each request's token authenticated, for a request refused after that but before it ran.
  const viewers = new WeakMap<Request, ViewerLike>();
  const knownMeasure = perOperation((document: DocumentNode, operationName, schema: GraphQLSchema) =>
    measureDocument(schema, document, operationName),
  );
  // What the documents of anonymous requests cost, measured before yoga parses them (the response
  // cache answers those before parsing): by hash of text and operation name, bounded in bytes.
  // A document whose cost depends on its variables is kept with it, to be measured with them.
  const measures = createBoundedCache<{ measure: DocumentMeasure; document?: DocumentNode }>({
    maxBytes: MEASURES_BYTES,
    sizeOf: ({ measure, document }) =>
      200 + 40 * measure.lists.variables.length + (document ? documentBytes(document) : 0),
  });
  let schema: GraphQLSchema | undefined;

  const spendFor = async (
    context: RateLimitContext,
    cost: number,
    request = context.request,
  ): Promise<RateLimitDecision | undefined> => {
    // Operations with neither a request nor a socket behind them (the server's own) are not limited.
    if (!request && !context.req) return undefined;
    const client = rateLimitClient(
      request ?? new Request('http://internal/'),
      context.req,
      options.trustedProxies,
      context.viewer,
    );
    const decision = limiter.refusedRecently(client) ?? (await limiter.spend(client, cost));
    if (request) decisions.set(request, decision);
    return decision;
  };

  /** The cost of an operation from its text (0 when it does not parse: the pipeline refuses it). */
  const costOfText = (
    query: string,
    operationName: string | null | undefined,
    variables: Record<string, unknown>,
  ): number => {
    if (!schema) return 0;
    const key = textKey(`${operationName ?? ''}\n${query}`);
    let known = measures.get(key);
    if (!known) {
      let document: DocumentNode;
      try {
        document = parse(query, { maxTokens: options.maxTokens });
      } catch {
        return 0;
      }
      const measure = measureDocument(schema, document, operationName);
      known = measure.cost === undefined ? { measure, document } : { measure };
      measures.set(key, known);
    }
    if (known.measure.cost !== undefined) return known.measure.cost;
    return known.document ? measureOperation(schema, known.document, operationName, variables, known.measure).cost : 0;
  };

  const atExecution = async (args: ExecutionArgs, stop: (result: ExecutionResult) => void) => {
    const context = (args.contextValue ?? {}) as RateLimitContext;
    if (!context.request?.headers.has('authorization')) return;
    const cost = measureOperation(
      args.schema,
      args.document,
      args.operationName,
      (args.variableValues ?? {}) as Record<string, unknown>,
      knownMeasure(args.document, args.operationName, args.schema),
    ).cost;
    const decision = await spendFor(context, cost);
    if (decision && !decision.allowed) stop({ errors: [rateLimitedError(decision, cost)] });
  };

  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== options.graphqlEndpoint || request.method === 'OPTIONS') return;
      atEndpoint.add(request);
      const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
      // Before authentication: a token's own bucket is found by the token it presents, and it is
      // only ever in `refused` once it has authenticated.
      const token = bearerToken(request.headers.get('authorization'));
      const id = token ? `token:${textKey(token)}` : `address:${requestClientKey(req, options.trustedProxies)}`;
      const decision = limiter.refusedRecently({ id });
      if (!decision) return;
      decisions.set(request, decision);
      const error = rateLimitedError(decision, 1);
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              {
                message: error.message,
                extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: decision.retryAfterSeconds },
              },
            ],
          }),
          {
            status: 429,
            headers: { 'content-type': 'application/json; charset=utf-8', ...rateLimitHeaders(decision) },
          },
        ),
      );
    },
    onSchemaChange({ schema: next }) {
      schema = next;
    },
    // Requests without a token are spent for here, before the response cache may answer them.
    // Those with one are spent for at execution, once their token has been checked: the response
    // cache never answers them.
    // A refusal is thrown: a result set here would be replaced by the response cache's hit.
    async onParams({ params, request, context }) {
      if (request.headers.has('authorization') || typeof params.query !== 'string') return;
      const measured = costOfText(
        params.query,
        params.operationName,
        (params.variables ?? {}) as Record<string, unknown>,
      );
      // Over LIMIT_COST the cost limit refuses it before it runs: it spends what a refused request does.
      const cost = measured > options.maxCost ? 1 : measured;
      const decision = await spendFor(context as RateLimitContext, cost, request);
      if (decision && !decision.allowed) throw rateLimitedError(decision, Math.max(1, cost));
    },
    onContextBuilding() {
      return ({ context }) => {
        const { request, viewer } = context as RateLimitContext;
        if (request && viewer) viewers.set(request, viewer);
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      return atExecution(args, setResultAndStopExecution);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      return atExecution(args, setResultAndStopExecution);
    },
    // Not async when the decision is known: a promise from any onResponse hook makes every response wait a turn.
    onResponse({ request, response, serverContext }) {
      if (!atEndpoint.has(request)) return;
      const label = (decision: RateLimitDecision) => {
        for (const [name, value] of Object.entries(rateLimitHeaders(decision))) response.headers.set(name, value);
      };
      const decision = decisions.get(request);
      if (decision) return label(decision);
      const client = rateLimitClient(
        request,
        (serverContext as { req?: IncomingMessage } | undefined)?.req,
        options.trustedProxies,
        viewers.get(request),
      );
      const recent = limiter.refusedRecently(client);
      if (recent) return label(recent);
      return limiter.spend(client, 1).then(label);
    },
  };
}
