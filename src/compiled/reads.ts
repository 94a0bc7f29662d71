import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  Kind,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { COMPILED_PLANS_BYTES, type RenditionConfig } from '../config.js';
import type { Context } from '../context.js';
import { type Db, queryRegistered, registerPrepared } from '../db/database.js';
import { createBoundedCache, documentBytes, stringBytes } from '../http/bounded.js';
import { classifyDatabaseError } from '../http/database-faults.js';
import { JSON_BYTES, JSON_BYTES_AS_WRITTEN, JSON_BYTES_AT_MOST } from '../http/response-size.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { type CompiledOperation, compileOperation, HANDOVER_MARKER, NotThisRequest } from './compile.js';
import { compileVariableCoercion } from './variables.js';

/**
 * Compiled reads: the public read API's queries answered by one SQL statement that builds the
 * response's data as JSON text (src/compiled/compile.ts), instead of the GraphQL executor.
 *
 * It is an envelop plugin that swaps the execute function, as useGraphQlJit does: everything
 * before execution (HTTP, content negotiation, CORS, body and variables limits, APQ and trusted
 * documents, parse, validation, the cost limit) and everything after it (the response cache,
 * error codes, metrics, logs, tracing, serialisation for either JSON media type) is yoga's and
 * every plugin's, for compiled answers as for executed ones, through HTTP or `app.fetch`.
 *
 * The compiled SQL applies the public visibility rule, so it serves viewers that do not see
 * drafts (the context decides, not the headers). Whatever it does not reproduce exactly goes to
 * the executor that was in place: operations it does not compile, variables that do not coerce,
 * arguments that would be errors, a summary that has to be generated, a value whose text it does
 * not write as the executor would (compile.ts HANDOVER_MARKER), a failing statement.
 */

export interface CompiledReadsOptions {
  db: Db;
  schema: GraphQLSchema;
  metrics: Metrics;
  logger?: Logger;
  /**
   * The response cache is on: searches are left to it (a cached search costs the database
   * nothing, a compiled one about 2.4 ms of it), and the documents compiled are the cache's own,
   * with its metadata fields, so that it tags what it stores as it does for the executor's answers.
   */
  responseCache: boolean;
  /** SEARCH_RANK_WINDOW, which compiled searches answer with as the executor does. */
  searchRankWindow?: number;
  /** What generates summaries (summaryGeneratorOf): stored generated summaries answer only when they match it. */
  summaryGenerator?: string;
  /** How image rendition URLs are written and signed (src/media/renditions.ts). */
  renditions?: RenditionConfig;
}

interface Plan {
  compiled: CompiledOperation;
  /** The request's variables coerced as graphql-js would, or undefined where it reports errors. */
  coerce: ReturnType<typeof compileVariableCoercion>;
}

/** What is known of one operation of a document: whether it is a query, and where its plan is. */
interface Entry {
  query: boolean;
  /** Its key in the bounded plan cache, once compiled (the plan may have been evicted since). */
  key?: string;
  /** Not compiled (or too large to keep): the executor answers it. */
  notCompiled?: boolean;
}

/** Longer statements run unnamed: each prepared one stays on every connection until a text used more often takes its place. */
const MAX_PREPARED_TEXT = 32_000;

/** The compiled statement was cancelled by statement_timeout: the request is answered with that error. */
class TimedOut extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : 'statement timeout', { cause });
  }
}

export interface CompiledReadsStats {
  /** Operations compiled into a statement. */
  compiled: number;
  /** Queries answered by their statement. */
  executed: number;
  /** Queries the executor answered (not compiled, or not this request). */
  handedOver: number;
}

export type CompiledReadsPlugin = Plugin & { readonly stats: CompiledReadsStats };

/**
 * A result whose data is PostgreSQL's JSON text. yoga serialises a result with its own
 * `stringify` when it has one, so the text is written out as it came, for either JSON media type;
 * `data` is parsed only when something reads it (the response cache, batching, SSE). Once it has
 * been read, or anything else was set on the result, it is serialised from the object, since a
 * plugin may have changed it.
 *
 * One class for every compiled answer, its accessors shared: an object with three accessors of
 * its own, closures over the text, cost about 3 µs to make (the class, a tenth of it). The text
 * stays a string: encoded into a Buffer here (for Content-Length, the ETag and the socket to take
 * as it is), an article page cost more than node and whatwg-node measuring and writing the string.
 */
let DATA: PropertyDescriptor;
let asWritten: (value: unknown) => string | undefined;
class CompiledResult {
  readonly #text: string;
  #parsed: unknown;
  #touched = false;

  constructor(text: string) {
    this.#text = text;
    // An own, enumerable `data`, as on any result (spreads and JSON.stringify read it).
    Object.defineProperty(this, 'data', DATA);
  }

  static {
    DATA = {
      enumerable: true,
      configurable: true,
      get(this: CompiledResult) {
        this.#touched = true;
        this.#parsed ??= JSON.parse(this.#text);
        return this.#parsed;
      },
      set(this: CompiledResult, value: unknown) {
        this.#touched = true;
        this.#parsed = value;
      },
    };
    asWritten = (value) =>
      value instanceof CompiledResult && value.#untouched() ? `{"data":${value.#text}}` : undefined;
  }

  #untouched(): boolean {
    return !this.#touched && Object.keys(this).length === 1;
  }

  /** Its size as written, without parsing it (useLimits measures every answer before it is sent). */
  get [JSON_BYTES](): number | undefined {
    return this.#untouched() ? this[JSON_BYTES_AS_WRITTEN]() : undefined;
  }

  /** At most its size as written, without measuring it (see JSON_BYTES_AT_MOST). */
  get [JSON_BYTES_AT_MOST](): number | undefined {
    return this.#untouched() ? 3 * this.#text.length + 9 : undefined;
  }

  [JSON_BYTES_AS_WRITTEN](): number {
    return Buffer.byteLength(this.#text) + 9;
  }

  /** Called by yoga unbound, with this result or a copy of it (yoga's copy when it strips error internals). */
  stringify(value: unknown): string {
    return asWritten(value) ?? JSON.stringify(value);
  }
}

export function compiledResult(text: string): ExecutionResult {
  return new CompiledResult(text) as unknown as ExecutionResult;
}

export function useCompiledReads(options: CompiledReadsOptions): CompiledReadsPlugin {
  // What is known of each operation, by the DocumentNode yoga's document cache hands out (the same
  // object for the same text), then by operation name: it goes when that bounded cache lets the
  // document go. The plans themselves (document and SQL text) are in a cache bounded in bytes of
  // their own, since anyone can send new documents; an evicted plan is compiled again when asked for.
  const entries = new WeakMap<DocumentNode, Map<string, Entry>>();
  const plans = createBoundedCache<{ plan: Plan; document: DocumentNode }>({
    // Each holds its document (see documentBytes) and its SQL text.
    maxBytes: COMPILED_PLANS_BYTES,
    sizeOf: ({ plan, document }) => documentBytes(document) + stringBytes(plan.compiled.text),
  });
  let planKeys = 0;
  const stats: CompiledReadsStats = { compiled: 0, executed: 0, handedOver: 0 };
  const count = options.metrics.compiledReads;
  const compileOptions = {
    searchRankWindow: options.searchRankWindow,
    search: !options.responseCache,
    summaryGenerator: options.summaryGenerator,
    renditions: options.renditions,
  };

  function entryOf(document: DocumentNode, operationName: string | null | undefined): Entry {
    let byName = entries.get(document);
    if (!byName) entries.set(document, (byName = new Map()));
    const name = operationName ?? '';
    let entry = byName.get(name);
    if (!entry) byName.set(name, (entry = { query: getOperationAST(document, operationName)?.operation === 'query' }));
    return entry;
  }

  /** The operation's plan, compiled when first asked for (or after eviction); null when it is not compiled. */
  function planOf(document: DocumentNode, operationName: string | null | undefined): Plan | null {
    const entry = entryOf(document, operationName);
    if (!entry.query || entry.notCompiled) return null;
    const kept = entry.key === undefined ? undefined : plans.get(entry.key);
    if (kept) return kept.plan;
    let compiled: CompiledOperation | null = null;
    try {
      compiled = compileOperation(options.schema, document, operationName, compileOptions);
    } catch (error) {
      options.logger?.error({ err: error }, 'compiling a read failed; the executor answers it');
    }
    if (!compiled) {
      entry.notCompiled = true;
      return null;
    }
    if (compiled.text.length <= MAX_PREPARED_TEXT) registerPrepared(compiled.text);
    const plan = {
      compiled,
      coerce: compileVariableCoercion(options.schema, compiled.operation.variableDefinitions ?? []),
    };
    entry.key ??= String((planKeys += 1));
    plans.set(entry.key, { plan, document });
    // Larger than the cache keeps: answered by the executor rather than compiled on every request.
    if (!plans.has(entry.key)) {
      entry.notCompiled = true;
      return null;
    }
    stats.compiled += 1;
    return plan;
  }

  /** The statement's answer for this request, or undefined when the executor must answer. */
  async function run(plan: Plan, variables: Record<string, unknown>): Promise<ExecutionResult | undefined> {
    const coerced = plan.coerce(variables);
    if (!coerced) return undefined;
    let values: unknown[];
    try {
      values = plan.compiled.parameters(coerced);
    } catch (error) {
      if (error instanceof NotThisRequest) return undefined;
      throw error;
    }
    let data: string | undefined;
    try {
      data = (await queryRegistered<{ data: string }>(options.db, plan.compiled.text, values))[0]?.data;
    } catch (error) {
      // A statement cancelled by statement_timeout is not run again by the executor: its statements
      // read the same rows, and would spend the timeout a second time (or more, one statement after
      // another) for an answer that is as likely to time out.
      if (classifyDatabaseError(error) === 'timeout') throw new TimedOut(error);
      // The executor runs it again and reports the failure with its codes (DATABASE_UNAVAILABLE, …).
      return undefined;
    }
    return data === undefined || data.includes(HANDOVER_MARKER) ? undefined : compiledResult(data);
  }

  type Execute = (args: ExecutionArgs) => unknown;

  /**
   * A timed-out statement's answer, as the executor gives it when a root field's statement times
   * out: no data, and the error at the operation's first root field, which maskError turns into
   * STATEMENT_TIMEOUT (503, Retry-After).
   */
  function timedOut(args: ExecutionArgs, error: TimedOut): ExecutionResult {
    const operation = getOperationAST(args.document, args.operationName);
    const first = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
    const key = first && (first.alias?.value ?? first.name.value);
    return {
      data: null,
      errors: [
        new GraphQLError(error.message, {
          nodes: first,
          path: key === undefined ? undefined : [key],
          originalError: error.cause as Error,
        }),
      ],
    };
  }

  function fellBack(): void {
    stats.handedOver += 1;
    count.inc({ result: 'fallback' });
  }

  /**
   * The execute function for a public viewer's query. It looks its plan up by the document it is
   * called with, which is the response cache's own (with its metadata fields) when that wraps it.
   */
  function compiledExecute(fallback: Execute): Execute {
    return (args) => {
      const plan = planOf(args.document, args.operationName);
      if (!plan) {
        fellBack();
        return fallback(args);
      }
      return run(plan, (args.variableValues ?? {}) as Record<string, unknown>).then(
        (result) => {
          if (result === undefined) {
            fellBack();
            return fallback(args);
          }
          stats.executed += 1;
          count.inc({ result: 'hit' });
          return result;
        },
        (error: unknown) => {
          if (error instanceof TimedOut) {
            stats.executed += 1;
            count.inc({ result: 'hit' });
            return timedOut(args, error);
          }
          options.logger?.error({ err: error }, 'compiled read failed; the executor answers it');
          fellBack();
          return fallback(args);
        },
      );
    };
  }

  return {
    stats,
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!entryOf(args.document, args.operationName).query) return;
      // The compiled SQL applies the public visibility rule: viewers who see drafts take the executor.
      // So do requests with a preview token: the article it opens is not public.
      const context = args.contextValue as Partial<Context>;
      if (context.visibility?.includeHidden !== false || context.preview) {
        fellBack();
        return;
      }
      // Swapped, not short-circuited: plugins after this one that wrap execution (the response
      // cache, which tags what it stores from its own document's metadata fields) wrap the
      // compiled answer as they wrap the executor's.
      setExecuteFn(compiledExecute(executeFn as Execute) as typeof executeFn);
    },
  };
}
