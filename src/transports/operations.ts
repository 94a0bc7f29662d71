import type { IncomingMessage } from 'node:http';
import {
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
  getOperationAST,
} from 'graphql';
import type { GraphQLParams, Plugin, YogaServerInstance } from 'graphql-yoga';
import { BroadsheetError, ErrorCode } from '../errors.js';
import { maskError } from '../http/database-faults.js';
import { stableErrorCodes } from '../http/protocol.js';

/** What an operation that did not come as one HTTP request knows of its client. */
export interface TransportContext {
  /**
   * A request standing for the operation, carrying its client's Authorization: the context
   * factory, the response cache and the limits read the credentials from it, as for HTTP.
   */
  request: Request;
  /** The HTTP request that opened the transport (its address counts the client's subscriptions). */
  req: IncomingMessage;
}

export type OperationOutcome = ExecutionResult | AsyncIterable<ExecutionResult>;

export interface PreparedOperation {
  args: ExecutionArgs;
  /** Runs it: a result, or the events of a subscription. Refusals come back as results, never thrown. */
  run(): Promise<OperationOutcome>;
}

export type OperationRunner = (
  params: GraphQLParams,
  context: TransportContext,
) => Promise<PreparedOperation | ExecutionResult>;

/** The request that stands for an operation of a client with this Authorization (or none). */
export function transportRequest(url: string, authorization: string | undefined): Request {
  return new Request(url, { method: 'POST', headers: authorization ? { authorization } : {} });
}

/**
 * Runs operations that arrive over WebSocket or a graphql-sse single connection through the same
 * pipeline as HTTP requests: every plugin's onParams hook (document and variables size, persisted
 * and trusted documents, parameter checks), then yoga's envelope (parse with the token limit,
 * validation with the depth, alias and directive rules, the context factory that authenticates,
 * the cost limit at execution, the subscription limits, error masking, compiled reads, the
 * response cache). Only the HTTP framing (content types, body limits, result processors) is left
 * out, because the transport does its own.
 */
export function createOperationRunner(
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>,
  plugins: readonly Plugin[],
  options: { open: boolean },
): OperationRunner {
  const paramsHooks = plugins.flatMap((plugin) => (plugin.onParams ? [plugin.onParams] : []));
  const refusal = (error: unknown): ExecutionResult => ({ errors: [asGraphQLError(error, options.open)] });
  // A hook that answered (the response cache's hit) answers an operation the transport still
  // needs to see: its document is parsed (yoga's document cache holds it), not run.
  const answered = (
    result: ExecutionResult,
    params: GraphQLParams,
    context: TransportContext,
  ): PreparedOperation | ExecutionResult => {
    if (result.data == null || typeof params.query !== 'string') return result;
    const enveloped = yoga.getEnveloped({ ...context, params } as never);
    const args: ExecutionArgs = {
      schema: enveloped.schema,
      document: enveloped.parse(params.query),
      contextValue: {},
      variableValues: params.variables,
      operationName: params.operationName,
    };
    return { args, run: async () => result };
  };
  return async (params, context) => {
    try {
      // One context object from the first onParams hook to execution, as yoga keeps one per
      // request: the hooks remember things by it (the response cache its key, between its lookup
      // and its store), and the envelope's context factory extends it in place.
      const initial: TransportContext & { params: GraphQLParams } = { ...context, params };
      let current = params;
      let early: ExecutionResult | undefined;
      for (const hook of paramsHooks) {
        await hook({
          params: current,
          request: context.request,
          setParams: (next) => {
            current = next;
          },
          setResult: (result) => {
            early = result as ExecutionResult;
          },
          paramsHandler: undefined as never,
          setParamsHandler: () => {},
          fetchAPI: yoga.fetchAPI,
          context: initial as never,
        });
        if (early) return answered(early, current, context);
      }
      initial.params = current;
      if (typeof current.query !== 'string' || current.query === '') {
        return refusal(new BroadsheetError(ErrorCode.BAD_REQUEST, 'Must provide query string.'));
      }
      const enveloped = yoga.getEnveloped(initial as never);
      const document = enveloped.parse(current.query);
      const errors = enveloped.validate(enveloped.schema, document);
      if (errors.length > 0) return { errors };
      const args: ExecutionArgs = {
        schema: enveloped.schema,
        document,
        contextValue: await enveloped.contextFactory(),
        variableValues: current.variables,
        operationName: current.operationName,
      };
      const perform =
        getOperationAST(document, current.operationName)?.operation === 'subscription'
          ? enveloped.subscribe
          : enveloped.execute;
      return {
        args,
        run: async () => {
          try {
            return (await perform(args)) as OperationOutcome;
          } catch (error) {
            return refusal(error);
          }
        },
      };
    } catch (error) {
      return refusal(error);
    }
  };
}

function asGraphQLError(error: unknown, open: boolean): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const masked = maskError(error, 'Unexpected error.', open);
  return masked instanceof GraphQLError
    ? masked
    : new BroadsheetError(ErrorCode.INTERNAL_SERVER_ERROR, 'Unexpected error.');
}

/** An error as it goes on the wire: this API's code, without the HTTP details yoga keeps internal. */
export function wireError(error: GraphQLError, open: boolean): GraphQLFormattedError {
  const [stable] = stableErrorCodes({ errors: [error] }, !open).errors as GraphQLError[];
  const formatted = stable!.toJSON();
  if (!formatted.extensions) return formatted;
  const { http: _http, unexpected: _unexpected, ...extensions } = formatted.extensions as Record<string, unknown>;
  return { ...formatted, extensions };
}

export function wireResult(result: ExecutionResult, open: boolean): FormattedExecutionResult {
  const { errors, extensions, ...rest } = result;
  const { http: _http, ...otherExtensions } = (extensions ?? {}) as Record<string, unknown>;
  return {
    ...rest,
    ...(errors?.length ? { errors: errors.map((e) => wireError(e as GraphQLError, open)) } : {}),
    ...(Object.keys(otherExtensions).length ? { extensions: otherExtensions } : {}),
  } as FormattedExecutionResult;
}
