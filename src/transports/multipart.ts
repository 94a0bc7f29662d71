import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { wireError, wireResult } from './operations.js';

/** How often an idle multipart subscription sends `{}`, as Apollo's router does. */
export const MULTIPART_HEARTBEAT_MS = 5000;

/** Apollo's multipart subscription request: `Accept: multipart/mixed;...;subscriptionSpec=1.0` (HttpLink sends it). */
export function wantsMultipartSubscription(accept: string | null | undefined): boolean {
  // By splitting, not by a backtracking pattern: the header comes from anyone.
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const lower = range.toLowerCase();
    const type = lower.indexOf('multipart/mixed');
    return type !== -1 && lower.indexOf('subscriptionspec', type) !== -1;
  });
}

const BOUNDARY = 'graphql';

/**
 * A subscription's events in Apollo's multipart HTTP subscription protocol: parts of
 * `{"payload": <result>}`, a `{}` heartbeat when nothing was sent for a while, and an error
 * raised mid-stream as `{"payload": null, "errors": [...]}` before the closing boundary.
 */
function multipartResponse(
  results: AsyncIterable<ExecutionResult>,
  fetchAPI: { ReadableStream: typeof ReadableStream; Response: typeof Response; TextEncoder: typeof TextEncoder },
  heartbeatMs: number,
  open: boolean,
): Response {
  const encoder = new fetchAPI.TextEncoder();
  const part = (json: unknown) =>
    encoder.encode(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(json)}\r\n--${BOUNDARY}`);
  const iterator = results[Symbol.asyncIterator]();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\r\n--${BOUNDARY}`));
      heartbeat = setInterval(() => controller.enqueue(part({})), heartbeatMs);
      heartbeat.unref?.();
    },
    async pull(controller) {
      let step: IteratorResult<ExecutionResult>;
      try {
        step = await iterator.next();
      } catch (error) {
        clearInterval(heartbeat);
        controller.enqueue(part({ payload: null, errors: [wireError(error as never, open)] }));
        controller.enqueue(encoder.encode('--\r\n'));
        controller.close();
        return;
      }
      if (step.done) {
        clearInterval(heartbeat);
        controller.enqueue(encoder.encode('--\r\n'));
        controller.close();
        return;
      }
      controller.enqueue(part({ payload: wireResult(step.value, open) }));
    },
    async cancel() {
      clearInterval(heartbeat);
      await iterator.return?.();
    },
  });
  return new fetchAPI.Response(body, {
    status: 200,
    headers: {
      'content-type': `multipart/mixed;boundary="${BOUNDARY}";subscriptionSpec="1.0"`,
      'cache-control': 'no-store',
      connection: 'keep-alive',
    },
  });
}

/**
 * A subscription refused before its first event (NOT_FOUND, TOO_MANY_SUBSCRIPTIONS, a limit) as
 * the same request gets it with Apollo's usual Accept: an `application/graphql-response+json`
 * body with the status and headers its errors ask for (429 and Retry-After). A client that
 * accepts only `multipart/mixed;subscriptionSpec=1.0` would otherwise get a bare 406; Apollo
 * Client's HttpLink reads this body whatever the status, and hands the errors, codes included,
 * to the subscription.
 */
function refusalResponse(result: ExecutionResult, fetchAPI: { Response: typeof Response }, open: boolean): Response {
  const headers: Record<string, string> = {
    'content-type': 'application/graphql-response+json; charset=utf-8',
    'cache-control': 'no-store',
  };
  let status = 0;
  for (const error of result.errors ?? []) {
    const http = (error.extensions?.http ?? {}) as { status?: number; headers?: Record<string, string> };
    Object.assign(headers, http.headers);
    if (http.status && http.status > status) status = http.status;
  }
  return new fetchAPI.Response(JSON.stringify(wireResult(result, open)), { status: status || 200, headers });
}

/**
 * Subscriptions over Apollo's multipart HTTP protocol, what Apollo Client's HttpLink speaks (yoga
 * serves `multipart/mixed` to incremental delivery, not to subscriptions, and in another framing).
 * Only the result framing is new: the request went through the whole HTTP pipeline.
 */
export function useMultipartSubscriptions(options: { open: boolean; heartbeatMs?: number }): Plugin {
  const heartbeatMs = options.heartbeatMs ?? MULTIPART_HEARTBEAT_MS;
  return {
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      if (!wantsMultipartSubscription(request.headers.get('accept'))) return;
      if (!(result && typeof result === 'object' && Symbol.asyncIterator in result)) {
        // yoga's processors (before this one) found nothing the client accepts for a refusal.
        if (!resultProcessor && result && !Array.isArray(result)) {
          setResultProcessor(
            (refused, fetchAPI) => refusalResponse(refused as ExecutionResult, fetchAPI as never, options.open),
            'application/graphql-response+json',
          );
        }
        return;
      }
      setResultProcessor(
        (results, fetchAPI) =>
          multipartResponse(results as AsyncIterable<ExecutionResult>, fetchAPI as never, heartbeatMs, options.open),
        'multipart/mixed',
      );
    },
  };
}
