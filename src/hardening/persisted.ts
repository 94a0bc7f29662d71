import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { ErrorCode, httpError } from '../errors.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface DocumentStore {
  get(hash: string): Promise<string | null | undefined>;
  set(hash: string, document: string): Promise<void>;
}

/** A bounded in-process store: the oldest entry goes first when it is full. */
export function createMemoryDocumentStore(maxEntries = 2000): DocumentStore {
  const documents = new Map<string, string>();
  return {
    async get(hash) {
      const found = documents.get(hash);
      if (found !== undefined) {
        documents.delete(hash);
        documents.set(hash, found);
      }
      return found;
    },
    async set(hash, document) {
      documents.delete(hash);
      documents.set(hash, document);
      while (documents.size > maxEntries) documents.delete(documents.keys().next().value!);
    },
  };
}

/** Shared across instances, so a client that registered a hash on one instance can use it on any. */
export function createRedisDocumentStore(redis: Redis, prefix: string, ttlSeconds = 7 * 24 * 3600): DocumentStore {
  return {
    get: (hash) => redis.get(`${prefix}apq:${hash}`),
    async set(hash, document) {
      await redis.set(`${prefix}apq:${hash}`, document, 'EX', ttlSeconds);
    },
  };
}

/** Documents longer than this are run but not remembered. */
const MAX_STORED_DOCUMENT = 50_000;

interface PersistedQueryExtension {
  version?: unknown;
  sha256Hash?: unknown;
}

/**
 * Automatic persisted queries (the Apollo protocol): a client sends the SHA-256 of its document;
 * when the server does not know it yet, the client sends hash and document once, and the hash alone
 * from then on (which also makes short GET URLs a CDN can cache).
 */
export function useAutomaticPersistedQueries(store: DocumentStore): Plugin {
  return {
    async onParams({ params, setParams }) {
      const persisted = (params?.extensions as { persistedQuery?: PersistedQueryExtension } | undefined)?.persistedQuery;
      if (persisted == null) return;
      if (typeof persisted !== 'object' || persisted.version !== 1 || typeof persisted.sha256Hash !== 'string' || !/^[0-9a-f]{64}$/.test(persisted.sha256Hash)) {
        throw httpError(ErrorCode.BAD_REQUEST, 400, 'extensions.persistedQuery needs version 1 and a sha256Hash of 64 hex digits');
      }
      const hash = persisted.sha256Hash;
      if (params.query == null || params.query === '') {
        const document = await store.get(hash);
        if (document == null) throw httpError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, 404, 'PersistedQueryNotFound');
        setParams({ ...params, query: document });
        return;
      }
      if (sha256(params.query) !== hash) {
        throw httpError(ErrorCode.PERSISTED_QUERY_HASH_MISMATCH, 400, 'The sha256Hash does not match the document sent with it');
      }
      if (params.query.length <= MAX_STORED_DOCUMENT) await store.set(hash, params.query);
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
      if (typeof entry?.id !== 'string' || typeof entry.body !== 'string') throw new Error(`${file}: every entry needs a string "id" and "body"`);
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
    extractPersistedOperationId: (params, request, context) => {
      const documentId = (params as { documentId?: unknown }).documentId;
      return typeof documentId === 'string' ? documentId.replace(/^sha256:/, '') : defaultExtractPersistedOperationId(params, request, context);
    },
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
