import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { BroadsheetError, ErrorCode } from '../errors.js';
import { requestClientKey } from './client-address.js';

export interface SubscriptionLimits {
  /** Open subscription streams in this process. */
  max: number;
  /** Open streams of one client: one token, or one address (an IPv6 /64) for requests without a token. */
  maxPerClient: number;
  /** Proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client (TRUSTED_PROXIES). */
  trustedProxies: readonly string[];
  /** A WebSocket that sends no connection_init within this long is closed (graphql-ws's 4408). */
  connectionInitWaitMs: number;
}

/** Seconds a refused client is told to wait: streams end when their clients leave or at SSE_MAX_LIFETIME_MS. */
const RETRY_AFTER_SECONDS = 10;

interface StreamContext {
  viewer?: { actor?: { tokenId?: number } };
  req?: IncomingMessage;
  res?: ServerResponse;
}

function clientOf(context: StreamContext, trustedProxies: readonly string[]): string {
  const tokenId = context.viewer?.actor?.tokenId;
  if (tokenId !== undefined) return `token:${tokenId}`;
  return `address:${requestClientKey(context.req, trustedProxies)}`;
}

/** The refusal of one more stream (or socket): this client holds its share (429), or the server its all (503). */
export function subscriptionRefusal(full: 'client' | 'server', limit: number): BroadsheetError {
  const [status, message] =
    full === 'client'
      ? [429, `Too many open subscriptions from this client (at most ${limit}); close one or retry later`]
      : [503, 'The server holds as many subscriptions as it can; retry later'];
  return new BroadsheetError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, message, {
    limit,
    http: { status, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } },
  });
}

/**
 * Bounds the subscription streams held open, in all and per client. Every open stream holds its
 * socket, request, context and event listener for as long as the client keeps it (tens of kB each),
 * so without a bound idle anonymous streams alone exhaust the heap. The count is taken before the
 * subscription resolver runs, so a refused request allocates no stream; a slot is given back when
 * the stream ends, whichever way (the client leaves, its lifetime ends, the token is revoked).
 */
export function useSubscriptionLimits(
  limits: Pick<SubscriptionLimits, 'max' | 'maxPerClient'> & Partial<Pick<SubscriptionLimits, 'trustedProxies'>>,
): Plugin & { open(): number } {
  let open = 0;
  const perClient = new Map<string, number>();
  return {
    open: () => open,
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const context = (args.contextValue ?? {}) as StreamContext;
      const client = clientOf(context, limits.trustedProxies ?? []);
      const held = perClient.get(client) ?? 0;
      if (held >= limits.maxPerClient) throw subscriptionRefusal('client', limits.maxPerClient);
      if (open >= limits.max) throw subscriptionRefusal('server', limits.max);
      open += 1;
      perClient.set(client, held + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        open -= 1;
        const left = (perClient.get(client) ?? 1) - 1;
        if (left > 0) perClient.set(client, left);
        else perClient.delete(client);
      };
      // A socket that closes ends the stream even if the iterator is never returned.
      context.res?.once('close', release);
      setSubscribeFn(async (subscribeArgs) => {
        try {
          return await subscribeFn(subscribeArgs);
        } catch (error) {
          release();
          throw error;
        }
      });
      return {
        onSubscribeError: release,
        onSubscribeResult({ result }) {
          if (!(result && typeof result === 'object' && Symbol.asyncIterator in result)) {
            release();
            return;
          }
          return { onEnd: release };
        },
      };
    },
  };
}
