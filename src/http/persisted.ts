import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { DEFAULT_APQ_MEMORY_BYTES, DEFAULT_APQ_REDIS_BYTES, DEFAULT_APQ_TTL_SECONDS } from '../config.js';
import { ErrorCode, httpError } from '../errors.js';
import { createBoundedCache, createRedisWindowBudget, stringBytes } from './bounded.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface DocumentStore {
  /** A store in process answers at once: a promise would make the request wait a turn. */
  get(hash: string): Promise<string | null | undefined> | string | null | undefined;
  set(hash: string, document: string): Promise<void>;
}

/** An in-process store bounded in bytes: the least recently used documents go first. */
export function createMemoryDocumentStore(maxBytes = DEFAULT_APQ_MEMORY_BYTES): DocumentStore {
  const documents = createBoundedCache<string>({ maxBytes, sizeOf: stringBytes });
  return {
    get(hash) {
      return documents.get(hash);
    },
    async set(hash, document) {
      documents.set(hash, document);
    },
  };
}

/**
 * Shared across instances, so a client that registered a hash on one instance can use it on any.
 * Bounded in Redis too: each document lives `ttlSeconds`, and registrations stop for the rest of a
 * TTL-long window once `maxBytesPerTtl` bytes were registered in it (hash-only requests then get
 * PersistedQueryNotFound and clients send the document with the query, which still runs). So
 * Redis holds at most about twice `maxBytesPerTtl` of documents, whoever registers them.
 */
export function createRedisDocumentStore(
  redis: Redis,
  prefix: string,
  {
    ttlSeconds = DEFAULT_APQ_TTL_SECONDS,
    maxBytesPerTtl = DEFAULT_APQ_REDIS_BYTES,
    now = Date.now,
  }: { ttlSeconds?: number; maxBytesPerTtl?: number; now?: () => number } = {},
): DocumentStore {
  const budget = createRedisWindowBudget(redis, `${prefix}apq-bytes:`, {
    windowMs: ttlSeconds * 1000,
    maxBytes: maxBytesPerTtl,
    now,
  });
  return {
    get: (hash) => redis.get(`${prefix}apq:${hash}`),
    async set(hash, document) {
      if (!(await budget.take(Buffer.byteLength(document)))) return;
      await redis.set(`${prefix}apq:${hash}`, document, 'EX', ttlSeconds);
    },
  };
}

/**
 * The `documentId` of a request (GraphQL over HTTP's persisted documents: in a POST body, or a
 * GET's query string), without its `sha256:` prefix; undefined when there is none.
 */
export function documentIdOf(params: unknown): string | undefined {
  const documentId = (params as { documentId?: unknown } | null)?.documentId;
  if (documentId == null) return undefined;
  if (typeof documentId !== 'string' || documentId === '')
    throw httpError(ErrorCode.BAD_REQUEST, 400, 'documentId must be a non-empty string');
  return documentId.replace(/^sha256:/, '');
}

interface PersistedQueryExtension {
  version?: unknown;
  sha256Hash?: unknown;
}

/**
 * Automatic persisted queries (the Apollo protocol): a client sends the SHA-256 of its document;
 * when the server does not know it yet, the client sends hash and document once, and the hash alone
 * from then on (which also makes short GET URLs a CDN can cache).
 *
 * A document is stored only once it has parsed, validated and passed every limit (at execution),
 * and only when it is no longer than `maxDocumentBytes` (the anonymous document limit): whatever
 * is stored, anyone can run by its hash.
 */
export function useAutomaticPersistedQueries(
  store: DocumentStore,
  options: { maxDocumentBytes: number; onStoreError?: (error: unknown) => void },
): Plugin {
  // The registrations of this request's operations that passed the hash check, until they execute.
  const registrations = new WeakMap<object, string>();
  const lookUp = <P extends object>(hash: string, params: P, setParams: (params: P) => void) => {
    const found = (document: string | null | undefined) => {
      if (document == null) throw httpError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, 404, 'PersistedQueryNotFound');
      // yoga refuses parameters it does not know: the id has done its work.
      const { documentId: _id, ...rest } = params as P & { documentId?: unknown };
      setParams({ ...(rest as P), query: document });
    };
    const stored = store.get(hash);
    return typeof stored === 'string' || stored == null ? found(stored) : stored.then(found);
  };
  return {
    // Not async: requests without a hash (most) and hashes the in-process store holds go on in
    // the same turn.
    onParams({ params, setParams }) {
      const persisted = (params?.extensions as { persistedQuery?: PersistedQueryExtension } | undefined)
        ?.persistedQuery;
      if (persisted == null) {
        // A registered document by its id, as a hash alone is: `sha256:<hash>` or the bare hash.
        const documentId = params.query ? undefined : documentIdOf(params);
        if (documentId === undefined) return;
        if (!/^[0-9a-f]{64}$/.test(documentId))
          throw httpError(ErrorCode.BAD_REQUEST, 400, 'documentId must be sha256:<64 hex digits>');
        return lookUp(documentId, params, setParams);
      }
      if (
        typeof persisted !== 'object' ||
        persisted.version !== 1 ||
        typeof persisted.sha256Hash !== 'string' ||
        !/^[0-9a-f]{64}$/.test(persisted.sha256Hash)
      ) {
        throw httpError(
          ErrorCode.BAD_REQUEST,
          400,
          'extensions.persistedQuery needs version 1 and a sha256Hash of 64 hex digits',
        );
      }
      const hash = persisted.sha256Hash;
      if (params.query == null || params.query === '') return lookUp(hash, params, setParams);
      if (sha256(params.query) !== hash) {
        throw httpError(
          ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
          400,
          'The sha256Hash does not match the document sent with it',
        );
      }
      if (
        params.query.length <= options.maxDocumentBytes &&
        Buffer.byteLength(params.query) <= options.maxDocumentBytes
      )
        registrations.set(params, hash);
    },
    // Reached only by documents that parsed and validated; createHttpPlugins() orders this plugin after
    // useLimits, whose rejections stop execution before later plugins' onExecute.
    onExecute({ args }) {
      const params = (args.contextValue as { params?: { query?: unknown } }).params;
      const hash = params ? registrations.get(params) : undefined;
      if (!hash || typeof params?.query !== 'string') return;
      registrations.delete(params);
      store.set(hash, params.query).catch((error) => options.onStoreError?.(error));
    },
  };
}

/**
 * Reads a trusted-documents manifest: `{ "<hash>": "<document>" }` (the GraphQL Codegen client
 * preset's persisted-documents.json) or `[{ "id": ..., "body": ... }]`.
 */
export function loadTrustedDocuments(file: string): Map<string, string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const documents = new Map<string, string>();
  if (Array.isArray(parsed)) {
    for (const entry of parsed as { id?: unknown; body?: unknown }[]) {
      if (typeof entry?.id !== 'string' || typeof entry.body !== 'string')
        throw new Error(`${file}: every entry needs a string "id" and "body"`);
      documents.set(entry.id, entry.body);
    }
  } else if (parsed && typeof parsed === 'object') {
    for (const [id, body] of Object.entries(parsed)) {
      if (typeof body !== 'string') throw new Error(`${file}: the document of "${id}" is not a string`);
      documents.set(id, body);
    }
  } else {
    throw new Error(`${file}: expected an object of hash -> document or an array of { id, body }`);
  }
  return documents;
}

/** Trusted documents: only operations from the manifest run, looked up by `documentId` or APQ hash. */
export function useTrustedDocuments(documents: ReadonlyMap<string, string>): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    // `documentId` (the GraphQL-over-HTTP trusted documents proposal) or the APQ hash.
    extractPersistedOperationId: (params, request, context) =>
      documentIdOf(params) ?? defaultExtractPersistedOperationId(params, request, context),
    getPersistedOperation: (key) => documents.get(key) ?? null,
    customErrors: {
      notFound: {
        message: 'PersistedQueryNotFound',
        extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, http: { status: 404 } },
      },
      keyNotFound: {
        message: 'PersistedQueryNotFound',
        extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, http: { status: 404 } },
      },
      persistedQueryOnly: {
        message: 'PersistedQueryOnly: this server runs only the operations of its trusted-documents manifest',
        extensions: { code: ErrorCode.PERSISTED_QUERY_ONLY, http: { status: 403 } },
      },
    },
  }) as Plugin;
}
