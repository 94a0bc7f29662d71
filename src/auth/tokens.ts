import { createHash, randomBytes } from 'node:crypto';
import type { Viewer } from '../context.js';
import type { Db } from '../db/database.js';
import { findLiveApiTokenAndTouch, isApiTokenActive } from '../db/queries/tokens.js';
import { BroadsheetError, ErrorCode } from '../errors.js';

const TOKEN_PREFIX = 'bs_';
/** 32 random bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^bs_[A-Za-z0-9_-]{43}$/;

/** A new token: shown once to whoever creates it; only its hash is stored. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A token has 256 bits of entropy, so one round of SHA-256 is enough; no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({ scopes: new Set<string>() });

function unauthenticated(message: string): BroadsheetError {
  return new BroadsheetError(ErrorCode.UNAUTHENTICATED, message, {
    http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="broadsheet"' } },
  });
}

/**
 * The viewer of a request from its Authorization header. No header: the public. A header that is
 * not `Bearer <token>`, or a token that is unknown or revoked, is refused with 401; unknown and
 * revoked tokens get the very same answer, so a caller cannot learn whether a token exists.
 */
export async function authenticate(db: Db, authorization: string | null | undefined): Promise<Viewer> {
  if (authorization == null || authorization === '') return PUBLIC_VIEWER;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match || !TOKEN_PATTERN.test(match[1]!)) {
    throw unauthenticated('Malformed Authorization header: expected "Bearer <token>" with a Broadsheet API token');
  }
  const token = await findLiveApiTokenAndTouch(db, hashToken(match[1]!));
  if (!token) throw unauthenticated('Invalid or revoked API token');
  return { scopes: new Set(token.scopes), actor: { tokenId: token.id, name: token.name } };
}

/**
 * A subscription's events for as long as the token that opened it stays live. The token is checked
 * again before each event is sent (a revocation by the CLI in another process leaves no other
 * trace here); once it is revoked the stream ends, without the event. The public's streams carry
 * no token and are passed through.
 */
export function whileTokenActive<T>(db: Db, viewer: Viewer, source: AsyncIterable<T>): AsyncIterable<T> {
  const tokenId = viewer.actor?.tokenId;
  if (tokenId === undefined) return source;
  const events = source[Symbol.asyncIterator]();
  const end = async (): Promise<IteratorResult<T>> => {
    await events.return?.();
    return { done: true, value: undefined };
  };
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      const step = await events.next();
      if (step.done) return step;
      return (await isApiTokenActive(db, tokenId)) ? step : end();
    },
    // Returning must reach the source at once (a client that leaves unsubscribes now, not at the next event).
    return: end,
    throw: async (error?: unknown) => (events.throw ? events.throw(error) : Promise.reject(error)),
  };
  return iterator;
}
