import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { canonicalLanguage } from './languages.js';

/** What every Redis key and channel starts with when REDIS_KEY_PREFIX is not set. */
export const DEFAULT_REDIS_KEY_PREFIX = 'broadsheet:';

/** Who a rate-limit bucket belongs to decides its size: the public, API tokens, and editors' tokens (src/http/rate-limits.ts). */
export const RATE_LIMIT_POLICIES = ['anonymous', 'token', 'editor'] as const;
export type RateLimitPolicyName = (typeof RATE_LIMIT_POLICIES)[number];

export interface BucketSize {
  /** The most a client can spend at once (a full bucket), in query-cost points. */
  readonly burst: number;
  /** Points given back per second. */
  readonly refillPerSecond: number;
}

export interface RateLimitSettings {
  readonly policies: Readonly<Record<RateLimitPolicyName, BucketSize>>;
  /** Bytes the in-process buckets may hold (used without Redis); the least recently seen go first. */
  readonly memoryBytes: number;
  /** A Redis check that takes longer is let through (fail open). */
  readonly redisTimeoutMs: number;
}

/**
 * A full anonymous bucket holds one query of the largest cost (LIMIT_COST) and refills in ten
 * seconds: an article page (cost about 100) about ten times a second, sustained.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  policies: {
    anonymous: { burst: 10_000, refillPerSecond: 1_000 },
    token: { burst: 50_000, refillPerSecond: 5_000 },
    editor: { burst: 200_000, refillPerSecond: 20_000 },
  },
  memoryBytes: 8_000_000,
  redisTimeoutMs: 100,
};

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
/** NODE_ENV's default: introspection and error details open (src/http/plugins.ts). */
export const DEFAULT_NODE_ENV: NodeEnv = 'development';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** LOG_LEVEL's default outside tests (and createLogger's): requests and warnings, not the debugging detail. */
export const DEFAULT_LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
/** createApp serves GraphiQL unless told not to; it is shown only where introspection is open (development). */
export const DEFAULT_GRAPHIQL = true;

/** CORS_ORIGINS's default: pages of any origin may call the API (tokens travel in a header, never as credentials). */
export const DEFAULT_CORS_ORIGINS = '*';
/** APQ's default: automatic persisted queries on (unless trusted documents are given). */
export const DEFAULT_APQ = true;
/** COMPILED_READS's default: repeated anonymous queries are answered with compiled SQL. */
export const DEFAULT_COMPILED_READS = true;
/** WEBHOOK_ALLOW_PRIVATE_NETWORKS's default: webhooks reach public addresses only. */
export const DEFAULT_WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  /** Unset means: run an embedded PostgreSQL kept in `embeddedDataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * DATABASE_DIRECT_URL: the primary itself, for what needs a session of its own (LISTEN, the
   * migrations' lock) when DATABASE_URL is a transaction pooler's. Defaults to DATABASE_URL.
   */
  readonly databaseDirectUrl: string | undefined;
  /** DATABASE_PGBOUNCER: DATABASE_URL is PgBouncer in transaction mode (src/db/database.ts). */
  readonly pgbouncer: boolean;
  /** DATABASE_REPLICA_URLS: hot standbys that serve public reads (src/db/replicas.ts). */
  readonly replicaUrls: readonly string[];
  /** DATABASE_REPLICA_MAX_LAG_MS: a replica further behind leaves the rotation until it catches up. */
  readonly replicaMaxLagMs: number;
  readonly embeddedDataDir: string;
  /** 0 picks a free port at each start; CLIs find the running one's port in its lock file. */
  readonly embeddedPort: number;
  /** Seed the demo articles on start (defaults to true for the embedded database only). */
  readonly seedDemo: boolean;
  readonly dbPoolMax: number;
  readonly statementTimeoutMs: number;
  /** Named prepared statements per pool connection, and the bytes of their SQL texts (src/db/database.ts). */
  readonly preparedStatementsMax: number;
  /** The same on each replica's connections (never through a pooler): PREPARED_STATEMENTS_MAX or its default. */
  readonly replicaPreparedStatementsMax: number;
  readonly preparedStatementsMaxBytes: number;
  /** Set: the response cache, APQ store and a writer's live-update events are shared by all instances through Redis. Unset: in-process (the change feed in PostgreSQL still reaches every instance). */
  readonly redisUrl: string | undefined;
  /** How often to look for scheduled articles that have come due, to announce them; 0 turns it off. */
  readonly schedulerIntervalMs: number;
  /** How long the change feed keeps a change (src/content/change-feed.ts): an instance away longer drops its whole cache. */
  readonly changeFeedRetentionHours: number;
  /** Days a deleted article stays in the trash before `npm run purge` removes it (TRASH_RETENTION_DAYS). */
  readonly trashRetentionDays: number;
  /** How far ahead publishArticle and createArticle may schedule, in days (PUBLISH_MAX_DAYS_AHEAD): a later time is a typo. */
  readonly publishMaxDaysAhead: number;
  /** The BCP 47 language of articles that do not say (DEFAULT_LANGUAGE). */
  readonly defaultLanguage: string;
  /** Search ranks its matches by relevance within windows of this many, newest first; 0: one window of every match. */
  readonly searchRankWindow: number;
  /** COMPILED_READS: answer the queries of viewers without read:drafts with compiled SQL (src/compiled/). */
  readonly compiledReads: boolean;
  /** The HTTP plugins (limits, caching, persisted operations, CORS, rate limits) and the runtime wiring they need (Redis keys, logs, tracing, metrics): src/http, src/runtime, src/observability. */
  readonly httpPlugins: HttpPluginsConfig;
  readonly http: HttpConfig;
  /** An OpenAI-compatible chat-completions endpoint that writes summaries; unset: extractive summaries only. */
  readonly summaryModel: SummaryModelConfig | undefined;
  /** Feeds and sitemaps (src/feeds): where the public site is, how its pages are addressed. */
  readonly feeds: FeedsConfig;
  /** Delivery of webhooks (src/webhooks/). */
  readonly webhooks: WebhookConfig;
  /** Images: where originals are stored, upload limits, the alt-text rule and rendition URLs. */
  readonly images: ImagesConfig;
}

/** The placeholders ARTICLE_URL_TEMPLATE may use; `{slug}` or `{id}` must be one of them. */
export const ARTICLE_URL_PLACEHOLDERS = ['slug', 'id', 'section', 'yyyy', 'mm', 'dd'] as const;

/**
 * Feeds and sitemaps link to the public site (the front end that renders articles), not to this
 * API: PUBLIC_SITE_URL and the path templates say where its pages are. The feeds' own addresses
 * (RSS self links, the sitemap index's children) are under PUBLIC_API_URL.
 */
export interface FeedsConfig {
  /** PUBLIC_SITE_URL: origin (and optional base path) of the site, without a trailing slash. */
  readonly publicSiteUrl: string;
  /** PUBLIC_API_URL: where this API is reached from outside, without a trailing slash. */
  readonly publicApiUrl: string;
  /** ARTICLE_URL_TEMPLATE: the path of an article page: {slug} {id} {section} {yyyy} {mm} {dd}. */
  readonly articleUrlTemplate: string;
  /** SECTION_URL_TEMPLATE and ENTITY_URL_TEMPLATE: the pages of a section and of an entity ({slug}). */
  readonly sectionUrlTemplate: string;
  readonly entityUrlTemplate: string;
  /** TAG_URL_TEMPLATE and AUTHOR_URL_TEMPLATE: the pages of a tag and of an author ({slug}). */
  readonly tagUrlTemplate: string;
  readonly authorUrlTemplate: string;
  /** SITE_TITLE: the feeds' title, and the publication name of the news sitemap. */
  readonly siteTitle: string;
  /** SITE_LANGUAGE: ISO 639 code (2 or 3 letters; zh-cn, zh-tw), as news sitemaps require. */
  readonly siteLanguage: string;
  /** FEED_ITEMS: articles per feed, newest first. */
  readonly itemLimit: number;
  /** SITEMAP_PAGE_SIZE: article ids per child sitemap (at most 50,000 URLs each, the protocol's cap). */
  readonly sitemapPageSize: number;
}

/** Webhook delivery (src/webhooks/worker.ts, src/webhooks/send.ts). */
export interface WebhookConfig {
  /** How often this instance looks for changes to fan out and deliveries that are due; 0: this instance delivers none. */
  readonly pollIntervalMs: number;
  /** Deliveries this instance sends at once. */
  readonly concurrency: number;
  /** One attempt, connection to the end of the response, is abandoned after this long. */
  readonly timeoutMs: number;
  /** Attempts of one delivery before it is FAILED (replay starts it again). */
  readonly maxAttempts: number;
  /** The wait after the first failed attempt; it doubles with each attempt (with jitter), up to `retryMaxDelayMs`. */
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Failed attempts in a row (over all its deliveries) after which an endpoint is disabled; 0: never. */
  readonly disableAfterFailures: number;
  /** Deliver to loopback, private, link-local and other non-public addresses (tests, an internal network). */
  readonly allowPrivateNetworks: boolean;
  /** Bytes of a receiver's response body read and kept in the delivery log; the rest is not read. */
  readonly maxResponseBytes: number;
  /** Delivered and failed deliveries, their events and attempts, are deleted after this many days. */
  readonly logRetentionDays: number;
}

/** Where image originals are kept (src/media/storage.ts). */
export type MediaStorageConfig =
  | { readonly kind: 'local'; readonly dir: string }
  | {
      readonly kind: 's3';
      /** S3_ENDPOINT: any S3-compatible server (MinIO, Ceph, R2); unset: AWS. */
      readonly endpoint: string | undefined;
      readonly bucket: string;
      readonly region: string;
      readonly accessKeyId: string | undefined;
      readonly secretAccessKey: string | undefined;
      /** S3_FORCE_PATH_STYLE: bucket in the path (most self-hosted servers), not in the host name. */
      readonly forcePathStyle: boolean;
    };

/**
 * Rendition URLs for an imgproxy-style image service: `${baseUrl}/${signature}/${path}`, the path
 * from `pathTemplate`, the signature base64url(HMAC-SHA256(key, salt + "/" + path)); "insecure"
 * when no key is set (src/media/renditions.ts).
 */
export interface RenditionConfig {
  /** IMAGE_PROXY_URL: the service's base URL, absolute or a path on this host. */
  readonly baseUrl: string;
  /** IMAGE_PROXY_PATH: {width} {height} {format} {focalX} {focalY} {source} {sourceBase64} are replaced. */
  readonly pathTemplate: string;
  /** IMAGE_PROXY_KEY and IMAGE_PROXY_SALT, hex (imgproxy's IMGPROXY_KEY and IMGPROXY_SALT). */
  readonly key: string | undefined;
  readonly salt: string | undefined;
  /** IMAGE_SOURCE_PREFIX: how the service reaches a stored original, before its key (local:///, s3://bucket/). */
  readonly sourcePrefix: string;
  /** IMAGE_MAX_WIDTH: the widest (and tallest) rendition a client may ask for. */
  readonly maxWidth: number;
}

export interface ImagesConfig {
  readonly storage: MediaStorageConfig;
  /** IMAGE_MAX_BYTES: the largest upload; a bigger one is refused before it is stored. */
  readonly maxBytes: number;
  /** IMAGE_MAX_PIXELS: width × height above it is refused (a small file can decode to gigabytes). */
  readonly maxPixels: number;
  /** IMAGE_ALT_REQUIRED: an article whose lead image has no alt text cannot be published. */
  readonly altRequired: boolean;
  readonly renditions: RenditionConfig;
}

/** IMAGE_MAX_WIDTH's default: the widest (and tallest) rendition a client may ask for. */
export const DEFAULT_IMAGE_MAX_WIDTH = 4096;

/** At most this many widths in one `srcset(widths:)`. */
export const MAX_SRCSET_WIDTHS = 10;

/** SUMMARY_REVIEW: `required` holds model summaries for an editor's approval. */
export const SUMMARY_REVIEW_MODES = ['none', 'required'] as const;

/** Model-backed summaries (src/content/summary-model.ts). */
export interface SummaryModelConfig {
  /** Base URL of the API; the request goes to `${url}/chat/completions`. */
  readonly url: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer <key>`; unset for servers that need none (Ollama, llama.cpp). */
  readonly apiKey: string | undefined;
  /** A call that has not answered by then is abandoned; the extractive summary is served. */
  readonly timeoutMs: number;
  /** Model calls all instances together may start per minute; past it, the extractive summary. */
  readonly maxCallsPerMinute: number;
  /** `max_tokens` of each call. */
  readonly maxTokens: number;
  /** The article is cut to this many characters in the prompt. */
  readonly maxInputChars: number;
  /** After a timeout, an error or an exhausted budget, the extractive fallback answers this long before the model is tried again. */
  readonly retryAfterMs: number;
  /** `required`: a model summary reaches the public only once an editor approves it. */
  readonly review: (typeof SUMMARY_REVIEW_MODES)[number];
}

/** Timeouts of the HTTP server (src/server.ts): slow or stalled clients must not hold sockets. */
export interface HttpConfig {
  /** Time to receive a whole request, body included (node:http requestTimeout). */
  readonly requestTimeoutMs: number;
  /** Time to receive the request's headers (node:http headersTimeout); at most requestTimeoutMs. */
  readonly headersTimeoutMs: number;
  /** A subscription stream (SSE) is closed after this long; clients reconnect. */
  readonly sseMaxLifetimeMs: number;
  /** A subscription stream whose client leaves more than this many bytes unread, and reads none, is closed (src/stream-guard.ts). */
  readonly subscriptionMaxBufferedBytes: number;
  /** All subscription streams together: past it, streams whose clients read nothing for a second are closed, largest first. */
  readonly subscriptionMaxBufferedBytesTotal: number;
}

export interface HttpPluginsConfig {
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Keys of the response cache and APQ store (in Redis when the top-level redisUrl is set). */
  readonly redisKeyPrefix: string;
  readonly responseCache: boolean;
  readonly responseCacheTtlMs: number;
  /** The in-memory response cache holds at most this many bytes of responses (least recently used go first). */
  readonly responseCacheMaxBytes: number;
  /** A response larger than this is never cached (in memory or in Redis). */
  readonly responseCacheMaxEntryBytes: number;
  /** Shared secret a federation gateway sends in `x-federation-secret` to read `_service { sdl }` where introspection is closed. */
  readonly federationSecret: string | undefined;
  /**
   * Origins whose pages may call the API from a browser (CORS): `*`, any, or a list. Never with
   * credentials: tokens go in the Authorization header, which CORS allows without them.
   */
  readonly corsOrigins: '*' | readonly string[];
  /** A JSON manifest { "<sha256>": "<document>" }: only these operations run (trusted documents). */
  readonly trustedDocumentsPath: string | undefined;
  readonly apq: boolean;
  /** How long Redis keeps an APQ registration. */
  readonly apqTtlSeconds: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  readonly maxTokens: number;
  readonly maxCost: number;
  readonly maxBatch: number;
  readonly maxBodyBytes: number;
  readonly maxVariablesBytes: number;
  readonly maxBodyBytesAuthenticated: number;
  readonly maxVariablesBytesAuthenticated: number;
  readonly maxDocumentBytes: number;
  readonly maxFields: number;
  readonly maxListLength: number;
  readonly maxStatements: number;
  /** Pool connections one query holds at once. */
  readonly maxRequestConcurrency: number;
  /** Bytes of JSON of one answer (a batch's together, each subscription event), without and with credentials. */
  readonly maxResponseBytes: number;
  readonly maxResponseBytesAuthenticated: number;
  /** Open subscription streams in this process, and per client (a token, or an address without one). */
  readonly subscriptionsMax: number;
  readonly subscriptionsMaxPerClient: number;
  /** Proxies whose X-Forwarded-For names the client of per-client caps (addresses or CIDR ranges); none by default. */
  readonly trustedProxies: readonly string[];
  /** Introspection, field suggestions and error details: open in development, closed in production. */
  readonly introspection: boolean;
  /** Per-client rate limits by query cost (src/http/rate-limits.ts); undefined when RATE_LIMITS is off. */
  readonly rateLimits: RateLimitSettings | undefined;
  readonly otelEndpoint: string | undefined;
  /** service.name of the spans (OTEL_SERVICE_NAME). */
  readonly otelServiceName: string;
  readonly metrics: boolean;
}

/**
 * The query limits' defaults (LIMIT_*): what src/http/limits.ts enforces for an app given
 * none, and the fallbacks of loadHttpPluginsConfig.
 */
export const DEFAULT_LIMITS = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 3000,
  maxCost: 10_000,
  maxVariablesBytes: 20_000,
  maxVariablesBytesAuthenticated: 2_000_000,
  maxDocumentBytes: 20_000,
  maxFields: 500,
  maxListLength: 100,
  maxStatements: 100,
  maxRequestConcurrency: 3,
  maxResponseBytes: 4_000_000,
  maxResponseBytesAuthenticated: 32_000_000,
});

/** LIMIT_BATCH's default: operations in one batched request. */
export const DEFAULT_MAX_BATCH = 10;
/** LIMIT_BODY_BYTES and LIMIT_BODY_BYTES_AUTHENTICATED's defaults: request bodies without and with credentials. */
export const DEFAULT_MAX_BODY_BYTES = 100_000;
export const DEFAULT_MAX_BODY_BYTES_AUTHENTICATED = 2_000_000;

/** Parsed documents kept for reuse, in bytes of the heap (src/http/bounded.ts documentBytes). */
export const DOCUMENT_CACHE_BYTES = 16_000_000;
/** Bytes of the GraphQL answers' Last-Modified dates kept by URL (src/http/http-cache.ts); one forgotten is dated anew, later. */
export const GRAPHQL_DATES_CACHE_BYTES = 2_000_000;
/** Parse errors kept for reuse, in bytes: each holds its document's text. */
export const DOCUMENT_ERROR_CACHE_BYTES = 2_000_000;
/** Documents kept by their text in front of the hashed document cache, in bytes of the heap. */
export const RECENT_DOCUMENTS_BYTES = 2_000_000;
/** Automatic persisted queries: bytes of documents the in-process store holds (of the heap). */
export const DEFAULT_APQ_MEMORY_BYTES = 4_000_000;
/** Bytes of documents all instances together may register in Redis per APQ TTL. */
export const DEFAULT_APQ_REDIS_BYTES = 16_000_000;
/** Compiled reads' plans (document and SQL text) kept for reuse, in bytes of the heap (src/compiled/reads.ts). */
export const COMPILED_PLANS_BYTES = 8_000_000;
/**
 * SQL texts of compiled reads kept as candidates for a named prepared statement with their use
 * counts (src/db/database.ts), in bytes, the least recently used going first.
 */
export const PREPARED_CANDIDATES_BYTES = 4_000_000;
/** Bytes of encoded feeds and sitemaps kept in memory (src/feeds/routes.ts). */
export const DEFAULT_FEED_CACHE_BYTES = 8 * 1024 * 1024;

/** RESPONSE_CACHE_TTL_MS's default: how long a cached answer (and the Redis store's byte-budget window) lasts. */
export const DEFAULT_RESPONSE_CACHE_TTL_MS = 60_000;
/** RESPONSE_CACHE_MAX_BYTES and RESPONSE_CACHE_MAX_ENTRY_BYTES's defaults (src/http/response-cache.ts). */
export const DEFAULT_RESPONSE_CACHE_SIZES = Object.freeze({ maxBytes: 32 * 1024 * 1024, maxEntryBytes: 1024 * 1024 });

/** APQ_TTL_SECONDS's default: how long Redis keeps a registered document; a client re-registers in one round trip. */
export const DEFAULT_APQ_TTL_SECONDS = 3600;

/**
 * Subscription streams (src/http/subscription-limits.ts): SUBSCRIPTIONS_MAX and
 * SUBSCRIPTIONS_MAX_PER_CLIENT's defaults, no trusted proxy, and how long a WebSocket may wait
 * before its connection_init (graphql-ws closes it with 4408 after).
 */
export const DEFAULT_SUBSCRIPTION_LIMITS = Object.freeze({
  max: 1000,
  maxPerClient: 20,
  trustedProxies: Object.freeze([]) as readonly string[],
  connectionInitWaitMs: 3000,
});

/** DB_POOL_MAX, DB_STATEMENT_TIMEOUT_MS and DATABASE_REPLICA_MAX_LAG_MS's defaults (src/db/database.ts). */
export const DEFAULT_DB_POOL_MAX = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;
export const DEFAULT_REPLICA_MAX_LAG_MS = 5000;
/** Each replica's lag is asked every second: a lagging replica leaves the rotation well within DEFAULT_REPLICA_MAX_LAG_MS. */
export const DEFAULT_REPLICA_CHECK_INTERVAL_MS = 1000;
/** /ready says not ready when the database has not answered `select 1` in 2 s, inside a load balancer's usual probe timeout. */
export const DEFAULT_READINESS_TIMEOUT_MS = 2000;

/**
 * The change feed reads the outbox this often even without a NOTIFY: a lost wake-up delays a
 * change by at most 5 s (src/content/change-feed.ts).
 */
export const DEFAULT_CHANGE_FEED_POLL_MS = 5000;
/** The change feed replays at most this many changes at once; further behind, dropping the whole cache is cheaper. */
export const DEFAULT_CHANGE_FEED_MAX_BACKLOG = 1000;
/** Lines of NDJSON per import transaction: few commits, and a crash loses at most this many lines' work (src/content/importer.ts). */
export const DEFAULT_IMPORT_BATCH_SIZE = 100;
/** Scheduled articles the scheduler claims (and announces) per statement; the rest are claimed at its next turn. */
export const DEFAULT_SCHEDULER_CLAIM_LIMIT = 100;
/** Entities whose public view one transaction refreshes: short transactions, and the advisory lock held briefly. */
export const DEFAULT_ENTITY_REFRESH_BATCH = 500;
/** The stream guard's sweep: a stream whose client took no byte for about a second is closed (src/stream-guard.ts). */
export const DEFAULT_STREAM_GUARD_SWEEP_MS = 1000;
/** PREPARED_STATEMENTS_MAX and PREPARED_STATEMENTS_MAX_BYTES's defaults: named statements per connection and their SQL's bytes. */
export const DEFAULT_PREPARED_STATEMENT_LIMITS = Object.freeze({ max: 64, maxBytes: 131_072 });

/** Page size of a connection read without `first` or `last`, and the largest a client may ask for. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Editors' lists read without cursors (preview links, summaries awaiting review, revisions): items when `first` is not given. */
export const DEFAULT_EDITOR_LIST_SIZE = 50;
/** Related articles of `relatedArticles` when `first` is not given. */
export const DEFAULT_RELATED_ARTICLES = 5;
/**
 * Related articles are ranked among each shared entity's newest visible articles, this many of them:
 * the work of one page stays bounded however many articles a popular entity has (as a first page of
 * search ranks a window of the newest matches).
 */
export const RELATED_CANDIDATES_PER_ENTITY = 200;
/**
 * Related articles are found through this many of an article's entities, its most salient: the work
 * of one article's relatedArticles is bounded whatever the number of entities it names.
 */
export const RELATED_ENTITIES_PER_ARTICLE = 20;

/** SEARCH_RANK_WINDOW's default: a first page ranks the 200 newest matches. */
export const DEFAULT_SEARCH_RANK_WINDOW = 200;

/** PUBLISH_MAX_DAYS_AHEAD's default: five years; a schedule further ahead is taken for a typo (2062 for 2026). */
export const DEFAULT_PUBLISH_MAX_DAYS_AHEAD = 1830;

/** DEFAULT_LANGUAGE's default. */
export const DEFAULT_LANGUAGE = 'en';

function readLanguage(env: Env, name: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return DEFAULT_LANGUAGE;
  const tag = canonicalLanguage(raw);
  if (!tag) throw new ConfigError(name, raw, 'a BCP 47 language tag such as en, en-GB or fr');
  return tag;
}

export class ConfigError extends Error {
  constructor(variable: string, value: string, expected: string) {
    super(`Invalid configuration: ${variable}=${JSON.stringify(value)} (expected ${expected})`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, raw, `an integer from ${min} to ${max}`);
  }
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, raw, 'true or false');
}

function checkPostgresUrl(name: string, raw: string, expected = 'a postgres:// or postgresql:// URL'): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:'))
    throw new ConfigError(name, raw, expected);
  return raw;
}

function readDatabaseUrl(env: Env, name = 'DATABASE_URL'): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  return checkPostgresUrl(name, raw);
}

/** Comma-separated URLs; the message shows the bad one and its position. */
function readReplicaUrls(env: Env, databaseUrl: string | undefined): string[] {
  const raw = env.DATABASE_REPLICA_URLS;
  if (raw === undefined || raw.trim() === '') return [];
  if (!databaseUrl)
    throw new ConfigError(
      'DATABASE_REPLICA_URLS',
      raw,
      'unset when DATABASE_URL is (the embedded PostgreSQL has no replicas)',
    );
  return raw
    .split(',')
    .map((part) => part.trim())
    .map((part, index) =>
      part === ''
        ? part
        : checkPostgresUrl(
            'DATABASE_REPLICA_URLS',
            part,
            `comma-separated postgres:// or postgresql:// URLs; item ${index + 1} is not one`,
          ),
    )
    .filter((part) => part !== '');
}

function readRedisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new ConfigError('REDIS_URL', raw, 'a redis:// or rediss:// URL');
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw new ConfigError('REDIS_URL', raw, 'a redis:// or rediss:// URL');
  return raw;
}

function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !protocols.includes(url.protocol)) {
    throw new ConfigError(name, raw, `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function readChoice<T extends string>(env: Env, name: string, fallback: T, choices: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!choices.includes(raw as T)) throw new ConfigError(name, raw, `one of ${choices.join(', ')}`);
  return raw as T;
}

function readSecret(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  // Compared with timingSafeEqual; a short secret would be guessable whatever the comparison.
  if (raw.length < 16 || /\s/.test(raw))
    throw new ConfigError(name, '<hidden>', 'at least 16 characters without spaces');
  return raw;
}

/** `*`, or a comma-separated list of origins (`https://news.example`, `http://localhost:3000`). */
function readCorsOrigins(env: Env): '*' | readonly string[] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return DEFAULT_CORS_ORIGINS;
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // No patterns: `https://*.example` is a valid URL, but browsers send whole origins.
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin || origin.includes('*')) {
      throw new ConfigError(
        'CORS_ORIGINS',
        raw,
        '* or comma-separated origins such as https://news.example (scheme, host and port only)',
      );
    }
  }
  return Object.freeze(origins);
}

function readTrustedProxies(env: Env): readonly string[] {
  const raw = env.TRUSTED_PROXIES;
  if (raw === undefined || raw.trim() === '') return Object.freeze([]);
  const proxies = raw.split(',').map((entry) => entry.trim());
  for (const proxy of proxies) {
    const [address = '', prefix, extra] = proxy.split('/');
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new ConfigError(
        'TRUSTED_PROXIES',
        raw,
        `comma-separated IP addresses or CIDR ranges (${JSON.stringify(proxy)} is neither)`,
      );
    }
  }
  return Object.freeze(proxies);
}

function readTrustedDocuments(env: Env): string | undefined {
  const raw = env.TRUSTED_DOCUMENTS;
  if (raw === undefined || raw === '') return undefined;
  if (!existsSync(raw)) throw new ConfigError('TRUSTED_DOCUMENTS', raw, 'the path of an existing JSON manifest');
  return path.resolve(raw);
}

/** RATE_LIMITS (off by default) and the bucket of each policy: RATE_LIMIT_<POLICY>_BURST and _REFILL_PER_SECOND. */
function readRateLimits(env: Env): RateLimitSettings | undefined {
  if (!readBool(env, 'RATE_LIMITS', false)) return undefined;
  const bucket = (policy: 'ANONYMOUS' | 'TOKEN' | 'EDITOR', fallback: BucketSize): BucketSize => ({
    burst: readInt(env, `RATE_LIMIT_${policy}_BURST`, fallback.burst, 1, 1_000_000_000),
    refillPerSecond: readInt(env, `RATE_LIMIT_${policy}_REFILL_PER_SECOND`, fallback.refillPerSecond, 1, 1_000_000_000),
  });
  const defaults = DEFAULT_RATE_LIMITS.policies;
  return Object.freeze({
    policies: Object.freeze({
      anonymous: bucket('ANONYMOUS', defaults.anonymous),
      token: bucket('TOKEN', defaults.token),
      editor: bucket('EDITOR', defaults.editor),
    }),
    memoryBytes: readInt(
      env,
      'RATE_LIMIT_MEMORY_BYTES',
      DEFAULT_RATE_LIMITS.memoryBytes,
      100_000,
      4 * 1024 * 1024 * 1024,
    ),
    redisTimeoutMs: readInt(env, 'RATE_LIMIT_REDIS_TIMEOUT_MS', DEFAULT_RATE_LIMITS.redisTimeoutMs, 5, 10_000),
  });
}

export function loadHttpPluginsConfig(env: Env, nodeEnv: NodeEnv): HttpPluginsConfig {
  return Object.freeze({
    logLevel: readChoice(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : DEFAULT_LOG_LEVEL, LOG_LEVELS),
    redisKeyPrefix: env.REDIS_KEY_PREFIX || DEFAULT_REDIS_KEY_PREFIX,
    responseCache: readBool(env, 'RESPONSE_CACHE', true),
    responseCacheTtlMs: readInt(env, 'RESPONSE_CACHE_TTL_MS', DEFAULT_RESPONSE_CACHE_TTL_MS, 1000, 86_400_000),
    responseCacheMaxBytes: readInt(
      env,
      'RESPONSE_CACHE_MAX_BYTES',
      DEFAULT_RESPONSE_CACHE_SIZES.maxBytes,
      1024 * 1024,
      4 * 1024 * 1024 * 1024,
    ),
    responseCacheMaxEntryBytes: readInt(
      env,
      'RESPONSE_CACHE_MAX_ENTRY_BYTES',
      DEFAULT_RESPONSE_CACHE_SIZES.maxEntryBytes,
      1000,
      512 * 1024 * 1024,
    ),
    federationSecret: readSecret(env, 'FEDERATION_SECRET'),
    corsOrigins: readCorsOrigins(env),
    trustedDocumentsPath: readTrustedDocuments(env),
    apq: readBool(env, 'APQ', DEFAULT_APQ),
    apqTtlSeconds: readInt(env, 'APQ_TTL_SECONDS', DEFAULT_APQ_TTL_SECONDS, 60, 2_592_000),
    maxDepth: readInt(env, 'LIMIT_DEPTH', DEFAULT_LIMITS.maxDepth, 2, 100),
    maxAliases: readInt(env, 'LIMIT_ALIASES', DEFAULT_LIMITS.maxAliases, 1, 1000),
    maxDirectives: readInt(env, 'LIMIT_DIRECTIVES', DEFAULT_LIMITS.maxDirectives, 1, 1000),
    maxTokens: readInt(env, 'LIMIT_TOKENS', DEFAULT_LIMITS.maxTokens, 100, 100_000),
    maxCost: readInt(env, 'LIMIT_COST', DEFAULT_LIMITS.maxCost, 10, 10_000_000),
    maxBatch: readInt(env, 'LIMIT_BATCH', DEFAULT_MAX_BATCH, 0, 100),
    maxBodyBytes: readInt(env, 'LIMIT_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, 1000, 100_000_000),
    maxVariablesBytes: readInt(env, 'LIMIT_VARIABLES_BYTES', DEFAULT_LIMITS.maxVariablesBytes, 100, 100_000_000),
    maxBodyBytesAuthenticated: readInt(
      env,
      'LIMIT_BODY_BYTES_AUTHENTICATED',
      DEFAULT_MAX_BODY_BYTES_AUTHENTICATED,
      1000,
      100_000_000,
    ),
    maxVariablesBytesAuthenticated: readInt(
      env,
      'LIMIT_VARIABLES_BYTES_AUTHENTICATED',
      DEFAULT_LIMITS.maxVariablesBytesAuthenticated,
      100,
      100_000_000,
    ),
    maxDocumentBytes: readInt(env, 'LIMIT_DOCUMENT_BYTES', DEFAULT_LIMITS.maxDocumentBytes, 1000, 100_000_000),
    maxFields: readInt(env, 'LIMIT_FIELDS', DEFAULT_LIMITS.maxFields, 10, 100_000),
    maxListLength: readInt(env, 'LIMIT_LIST_LENGTH', DEFAULT_LIMITS.maxListLength, 1, 100_000),
    maxStatements: readInt(env, 'LIMIT_STATEMENTS', DEFAULT_LIMITS.maxStatements, 1, 1_000_000),
    maxRequestConcurrency: readInt(env, 'LIMIT_REQUEST_CONCURRENCY', DEFAULT_LIMITS.maxRequestConcurrency, 1, 100),
    maxResponseBytes: readInt(env, 'LIMIT_RESPONSE_BYTES', DEFAULT_LIMITS.maxResponseBytes, 10_000, 1_000_000_000),
    maxResponseBytesAuthenticated: readInt(
      env,
      'LIMIT_RESPONSE_BYTES_AUTHENTICATED',
      DEFAULT_LIMITS.maxResponseBytesAuthenticated,
      10_000,
      1_000_000_000,
    ),
    subscriptionsMax: readInt(env, 'SUBSCRIPTIONS_MAX', DEFAULT_SUBSCRIPTION_LIMITS.max, 1, 1_000_000),
    subscriptionsMaxPerClient: readInt(
      env,
      'SUBSCRIPTIONS_MAX_PER_CLIENT',
      DEFAULT_SUBSCRIPTION_LIMITS.maxPerClient,
      1,
      1_000_000,
    ),
    trustedProxies: readTrustedProxies(env),
    introspection: readBool(env, 'INTROSPECTION', nodeEnv !== 'production'),
    rateLimits: readRateLimits(env),
    otelEndpoint: readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    otelServiceName: env.OTEL_SERVICE_NAME || 'broadsheet',
    metrics: readBool(env, 'METRICS', true),
  });
}

export function loadHttpConfig(env: Env = {}): HttpConfig {
  const requestTimeoutMs = readInt(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1000, 3_600_000);
  const headersTimeoutMs = readInt(env, 'HTTP_HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 1000, 3_600_000);
  // node:http refuses a headers timeout longer than the request's.
  if (headersTimeoutMs > requestTimeoutMs)
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      String(headersTimeoutMs),
      `at most HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  return Object.freeze({
    requestTimeoutMs,
    headersTimeoutMs,
    sseMaxLifetimeMs: readInt(env, 'SSE_MAX_LIFETIME_MS', 1_800_000, 1000, 86_400_000),
    subscriptionMaxBufferedBytes: readInt(
      env,
      'SUBSCRIPTION_MAX_BUFFERED_BYTES',
      1024 * 1024,
      16 * 1024,
      1024 * 1024 * 1024,
    ),
    subscriptionMaxBufferedBytesTotal: readInt(
      env,
      'SUBSCRIPTION_MAX_BUFFERED_BYTES_TOTAL',
      64 * 1024 * 1024,
      16 * 1024,
      16 * 1024 * 1024 * 1024,
    ),
  });
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnvRaw = env.NODE_ENV || DEFAULT_NODE_ENV;
  if (!(NODE_ENVS as readonly string[]).includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', nodeEnvRaw, `${NODE_ENVS.slice(0, -1).join(', ')} or ${NODE_ENVS.at(-1)}`);
  }
  const databaseUrl = readDatabaseUrl(env);
  const pgbouncer = readBool(env, 'DATABASE_PGBOUNCER', false);
  const databaseDirectUrl = readDatabaseUrl(env, 'DATABASE_DIRECT_URL') ?? databaseUrl;
  if (pgbouncer && !databaseUrl)
    throw new ConfigError('DATABASE_PGBOUNCER', env.DATABASE_PGBOUNCER ?? '', 'false when DATABASE_URL is unset');
  return Object.freeze({
    nodeEnv: nodeEnvRaw as NodeEnv,
    host: env.HOST || '127.0.0.1',
    port: readInt(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    databaseDirectUrl,
    pgbouncer,
    replicaUrls: Object.freeze(readReplicaUrls(env, databaseUrl)),
    replicaMaxLagMs: readInt(env, 'DATABASE_REPLICA_MAX_LAG_MS', DEFAULT_REPLICA_MAX_LAG_MS, 100, 3_600_000),
    embeddedDataDir: path.resolve(env.EMBEDDED_PG_DIR || '.data/postgres'),
    embeddedPort: readInt(env, 'EMBEDDED_PG_PORT', 54329, 0, 65535),
    seedDemo: readBool(env, 'SEED_DEMO', databaseUrl === undefined),
    dbPoolMax: readInt(env, 'DB_POOL_MAX', DEFAULT_DB_POOL_MAX, 1, 500),
    statementTimeoutMs: readInt(env, 'DB_STATEMENT_TIMEOUT_MS', DEFAULT_STATEMENT_TIMEOUT_MS, 100, 600_000),
    // PgBouncer before 1.21 (Debian 12 ships 1.18) hands a transaction any server connection, where
    // a name prepared on another is unknown: unnamed statements only through it, unless PgBouncer's
    // max_prepared_statements is set and this is given again. Replicas are connected to directly.
    preparedStatementsMax:
      pgbouncer && !env.PREPARED_STATEMENTS_MAX
        ? 0
        : readInt(env, 'PREPARED_STATEMENTS_MAX', DEFAULT_PREPARED_STATEMENT_LIMITS.max, 0, 10_000),
    replicaPreparedStatementsMax: readInt(
      env,
      'PREPARED_STATEMENTS_MAX',
      DEFAULT_PREPARED_STATEMENT_LIMITS.max,
      0,
      10_000,
    ),
    preparedStatementsMaxBytes: readInt(
      env,
      'PREPARED_STATEMENTS_MAX_BYTES',
      DEFAULT_PREPARED_STATEMENT_LIMITS.maxBytes,
      0,
      100_000_000,
    ),
    redisUrl: readRedisUrl(env),
    schedulerIntervalMs: readInt(env, 'SCHEDULER_INTERVAL_MS', 5000, 0, 3_600_000),
    changeFeedRetentionHours: readInt(env, 'CHANGE_FEED_RETENTION_HOURS', 24, 1, 8760),
    trashRetentionDays: readInt(env, 'TRASH_RETENTION_DAYS', 30, 0, 36_500),
    publishMaxDaysAhead: readInt(env, 'PUBLISH_MAX_DAYS_AHEAD', DEFAULT_PUBLISH_MAX_DAYS_AHEAD, 1, 36_500),
    defaultLanguage: readLanguage(env, 'DEFAULT_LANGUAGE'),
    searchRankWindow: readInt(env, 'SEARCH_RANK_WINDOW', DEFAULT_SEARCH_RANK_WINDOW, 0, 100_000),
    compiledReads: readBool(env, 'COMPILED_READS', true),
    httpPlugins: loadHttpPluginsConfig(env, nodeEnvRaw as NodeEnv),
    http: loadHttpConfig(env),
    summaryModel: loadSummaryModelConfig(env),
    feeds: loadFeedsConfig(env),
    webhooks: loadWebhookConfig(env),
    images: loadImagesConfig(env),
  });
}

/** An absolute http(s) URL without query or fragment, returned without its trailing slash. */
function readBaseUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    !['http:', 'https:'].includes(url.protocol) ||
    url.search ||
    url.hash ||
    url.username ||
    url.password ||
    raw.length > 200
  ) {
    throw new ConfigError(
      name,
      raw,
      'an http:// or https:// URL of at most 200 characters, without query, fragment or credentials',
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** A path template: starts with `/`, uses only `allowed` placeholders, and at least one of `required`. */
function readPathTemplate(
  env: Env,
  name: string,
  fallback: string,
  allowed: readonly string[],
  required: readonly string[],
): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const used = [...raw.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]!);
  const expected = `a path starting with / using ${allowed.map((p) => `{${p}}`).join(' ')}, with ${required.map((p) => `{${p}}`).join(' or ')}`;
  const literal = raw.replace(/\{[^{}]*\}/g, '');
  if (
    !raw.startsWith('/') ||
    raw.length > 200 ||
    used.some((p) => !allowed.includes(p)) ||
    !used.some((p) => required.includes(p)) ||
    /[{}\s?#]/.test(literal)
  ) {
    throw new ConfigError(name, raw, expected);
  }
  return raw;
}

export function loadFeedsConfig(env: Env = {}): FeedsConfig {
  const siteTitle = env.SITE_TITLE?.trim() || 'Broadsheet';
  if (siteTitle.length > 200) throw new ConfigError('SITE_TITLE', siteTitle, 'at most 200 characters');
  const siteLanguage = env.SITE_LANGUAGE || 'en';
  // The news sitemap schema's pattern (tests/fixtures/sitemaps/sitemap-news.xsd).
  if (!/^(?:zh-cn|zh-tw|[a-z]{2,3})$/.test(siteLanguage))
    throw new ConfigError(
      'SITE_LANGUAGE',
      siteLanguage,
      'an ISO 639 code of 2 or 3 lower-case letters, or zh-cn or zh-tw',
    );
  return Object.freeze({
    publicSiteUrl: readBaseUrl(env, 'PUBLIC_SITE_URL', 'http://localhost:3000'),
    publicApiUrl: readBaseUrl(env, 'PUBLIC_API_URL', 'http://localhost:4000'),
    articleUrlTemplate: readPathTemplate(env, 'ARTICLE_URL_TEMPLATE', '/articles/{slug}', ARTICLE_URL_PLACEHOLDERS, [
      'slug',
      'id',
    ]),
    sectionUrlTemplate: readPathTemplate(env, 'SECTION_URL_TEMPLATE', '/sections/{slug}', ['slug'], ['slug']),
    entityUrlTemplate: readPathTemplate(env, 'ENTITY_URL_TEMPLATE', '/topics/{slug}', ['slug'], ['slug']),
    tagUrlTemplate: readPathTemplate(env, 'TAG_URL_TEMPLATE', '/tags/{slug}', ['slug'], ['slug']),
    authorUrlTemplate: readPathTemplate(env, 'AUTHOR_URL_TEMPLATE', '/authors/{slug}', ['slug'], ['slug']),
    siteTitle,
    siteLanguage,
    itemLimit: readInt(env, 'FEED_ITEMS', 50, 1, 200),
    sitemapPageSize: readInt(env, 'SITEMAP_PAGE_SIZE', 10_000, 1, 50_000),
  });
}

export function loadWebhookConfig(env: Env = {}): WebhookConfig {
  const retryBaseDelayMs = readInt(env, 'WEBHOOK_RETRY_BASE_DELAY_MS', 10_000, 10, 3_600_000);
  const retryMaxDelayMs = readInt(env, 'WEBHOOK_RETRY_MAX_DELAY_MS', 6 * 3_600_000, 10, 7 * 86_400_000);
  if (retryMaxDelayMs < retryBaseDelayMs)
    throw new ConfigError(
      'WEBHOOK_RETRY_MAX_DELAY_MS',
      String(retryMaxDelayMs),
      `at least WEBHOOK_RETRY_BASE_DELAY_MS (${retryBaseDelayMs})`,
    );
  return Object.freeze({
    pollIntervalMs: readInt(env, 'WEBHOOK_POLL_INTERVAL_MS', 1000, 0, 3_600_000),
    concurrency: readInt(env, 'WEBHOOK_CONCURRENCY', 4, 1, 64),
    timeoutMs: readInt(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAttempts: readInt(env, 'WEBHOOK_MAX_ATTEMPTS', 10, 1, 100),
    retryBaseDelayMs,
    retryMaxDelayMs,
    disableAfterFailures: readInt(env, 'WEBHOOK_DISABLE_AFTER_FAILURES', 50, 0, 100_000),
    allowPrivateNetworks: readBool(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', DEFAULT_WEBHOOK_ALLOW_PRIVATE_NETWORKS),
    maxResponseBytes: readInt(env, 'WEBHOOK_MAX_RESPONSE_BYTES', 1024, 0, 65_536),
    logRetentionDays: readInt(env, 'WEBHOOK_LOG_RETENTION_DAYS', 30, 1, 3650),
  });
}

function readHex(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^([0-9a-f]{2}){8,128}$/i.test(raw))
    throw new ConfigError(name, '<hidden>', 'hex digits (8 to 128 bytes), as imgproxy takes them');
  return raw.toLowerCase();
}

/**
 * imgproxy's form with the source base64url-encoded: any URL, with `?`, `@` or `%` in it, passes
 * as it is (the plain form, `plain/{source}@{format}`, needs them escaped).
 */
export const DEFAULT_IMAGE_PATH_TEMPLATE = 'rs:fill:{width}:{height}/g:fp:{focalX}:{focalY}/{sourceBase64}.{format}';

export function loadImagesConfig(env: Env = {}): ImagesConfig {
  const bucket = env.S3_BUCKET?.trim() || undefined;
  let storage: MediaStorageConfig;
  if (bucket === undefined) {
    for (const name of ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      if (env[name])
        throw new ConfigError(name, name.includes('SECRET') ? '<hidden>' : env[name]!, 'S3_BUCKET to be set too');
    }
    storage = Object.freeze({ kind: 'local' as const, dir: path.resolve(env.MEDIA_DIR || '.data/media') });
  } else {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
      throw new ConfigError(
        'S3_BUCKET',
        bucket,
        'an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)',
      );
    const accessKeyId = env.S3_ACCESS_KEY_ID || undefined;
    const secretAccessKey = env.S3_SECRET_ACCESS_KEY || undefined;
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      throw new ConfigError(
        accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID',
        '',
        'both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the SDK then finds credentials itself)',
      );
    }
    storage = Object.freeze({
      kind: 's3' as const,
      endpoint: readUrl(env, 'S3_ENDPOINT', ['http:', 'https:']),
      bucket,
      region: env.S3_REGION?.trim() || 'us-east-1',
      accessKeyId,
      secretAccessKey,
      forcePathStyle: readBool(env, 'S3_FORCE_PATH_STYLE', env.S3_ENDPOINT !== undefined && env.S3_ENDPOINT !== ''),
    });
  }
  const key = readHex(env, 'IMAGE_PROXY_KEY');
  const salt = readHex(env, 'IMAGE_PROXY_SALT');
  if ((key === undefined) !== (salt === undefined))
    throw new ConfigError(
      key ? 'IMAGE_PROXY_SALT' : 'IMAGE_PROXY_KEY',
      '',
      'both IMAGE_PROXY_KEY and IMAGE_PROXY_SALT, or neither (unsigned URLs)',
    );
  const baseUrl = (env.IMAGE_PROXY_URL || '/images').replace(/\/+$/, '');
  if (!/^(https?:\/\/[^\s'"]+|\/[^\s'"]*)$/.test(baseUrl))
    throw new ConfigError('IMAGE_PROXY_URL', baseUrl, 'an http(s) URL or a path starting with /');
  const pathTemplate = env.IMAGE_PROXY_PATH || DEFAULT_IMAGE_PATH_TEMPLATE;
  if (
    !/\{source(Base64)?\}/.test(pathTemplate) ||
    !pathTemplate.includes('{width}') ||
    pathTemplate.startsWith('/') ||
    /[\s'"\\]/.test(pathTemplate)
  ) {
    throw new ConfigError(
      'IMAGE_PROXY_PATH',
      pathTemplate,
      'a path template with {width} and {source} or {sourceBase64}, not starting with /',
    );
  }
  const sourcePrefix = env.IMAGE_SOURCE_PREFIX || (storage.kind === 's3' ? `s3://${storage.bucket}/` : 'local:///');
  if (/[\s'"\\]/.test(sourcePrefix))
    throw new ConfigError('IMAGE_SOURCE_PREFIX', sourcePrefix, 'a URL prefix without spaces or quotes');
  return Object.freeze({
    storage,
    maxBytes: readInt(env, 'IMAGE_MAX_BYTES', 10 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    maxPixels: readInt(env, 'IMAGE_MAX_PIXELS', 50_000_000, 1, 1_000_000_000),
    altRequired: readBool(env, 'IMAGE_ALT_REQUIRED', true),
    renditions: Object.freeze({
      baseUrl,
      pathTemplate,
      key,
      salt,
      sourcePrefix,
      maxWidth: readInt(env, 'IMAGE_MAX_WIDTH', DEFAULT_IMAGE_MAX_WIDTH, 16, 16_384),
    }),
  });
}

export function loadSummaryModelConfig(env: Env = {}): SummaryModelConfig | undefined {
  const url = readUrl(env, 'SUMMARY_MODEL_URL', ['http:', 'https:']);
  const model = env.SUMMARY_MODEL?.trim() || undefined;
  const review = readChoice(env, 'SUMMARY_REVIEW', 'none', SUMMARY_REVIEW_MODES);
  const apiKey = env.SUMMARY_MODEL_API_KEY || undefined;
  if (apiKey !== undefined && /\s/.test(apiKey))
    throw new ConfigError('SUMMARY_MODEL_API_KEY', '<hidden>', 'a key without spaces');
  if (model !== undefined && model.length > 200)
    throw new ConfigError('SUMMARY_MODEL', model, 'a model name of at most 200 characters');
  if (url === undefined) {
    if (model !== undefined) throw new ConfigError('SUMMARY_MODEL', model, 'SUMMARY_MODEL_URL to be set too');
    return undefined;
  }
  if (model === undefined)
    throw new ConfigError('SUMMARY_MODEL', env.SUMMARY_MODEL ?? '', 'a model name when SUMMARY_MODEL_URL is set');
  return Object.freeze({
    url,
    model,
    apiKey,
    timeoutMs: readInt(env, 'SUMMARY_MODEL_TIMEOUT_MS', 20_000, 100, 600_000),
    maxCallsPerMinute: readInt(env, 'SUMMARY_MODEL_MAX_CALLS_PER_MINUTE', 30, 1, 100_000),
    maxTokens: readInt(env, 'SUMMARY_MODEL_MAX_TOKENS', 400, 16, 32_000),
    maxInputChars: readInt(env, 'SUMMARY_MODEL_MAX_INPUT_CHARS', 20_000, 1000, 1_000_000),
    retryAfterMs: readInt(env, 'SUMMARY_MODEL_RETRY_AFTER_MS', 600_000, 1000, 86_400_000),
    review,
  });
}
