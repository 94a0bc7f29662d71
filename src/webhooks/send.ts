import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { BlockedAddressError, checkedLookup, isNonPublicAddress } from './address-policy.js';

export interface WebhookRequest {
  url: string;
  /** `whsec_…` */
  secret: string;
  /** `webhook-id`: the same for every attempt and replay of one event to one endpoint. */
  messageId: string;
  /** The JSON body, exactly as signed. */
  body: string;
  timeoutMs: number;
  maxResponseBytes: number;
  allowPrivateNetworks: boolean;
}

export interface WebhookResponse {
  /** 2xx: the receiver took it. */
  ok: boolean;
  statusCode: number | null;
  /** Why there was no 2xx answer, for the delivery log. */
  error: string | null;
  /** The first `maxResponseBytes` of the answer's body (as text). */
  responseBody: string | null;
  durationMs: number;
}

const USER_AGENT = 'Broadsheet-Webhooks/1 (+https://www.standardwebhooks.com/)';

/**
 * One attempt of one delivery, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, HMAC-SHA256 by the `standardwebhooks` package). Bounded: the whole attempt,
 * connection to the last byte read, ends at `timeoutMs`; at most `maxResponseBytes` of the answer
 * are read before the socket is closed; redirects are not followed (a 3xx is a failure, since the
 * signature was made for this endpoint); non-public addresses are refused unless allowed. Never
 * throws: every outcome is a WebhookResponse.
 */
export function sendWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: Omit<WebhookResponse, 'durationMs' | 'ok'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ok =
        outcome.error === null && outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
      resolve({ ...outcome, ok, durationMs: elapsed() });
    };
    const fail = (error: string, statusCode: number | null = null, responseBody: string | null = null) =>
      finish({ statusCode, error, responseBody });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail('the endpoint URL is not valid');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // A literal address is not looked up, so the lookup's check would not see it.
    if (!request.allowPrivateNetworks && isNonPublicAddress(host))
      return fail(`${host} is a non-public address; WEBHOOK_ALLOW_PRIVATE_NETWORKS allows it`);
    const timestamp = new Date();
    const signature = new Webhook(request.secret).sign(request.messageId, timestamp, request.body);
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: checkedLookup(request.allowPrivateNetworks),
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(request.body),
        'user-agent': USER_AGENT,
        'webhook-id': request.messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
    });
    timer = setTimeout(() => {
      outgoing.destroy();
      fail(`no complete answer within ${request.timeoutMs} ms`);
    }, request.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      fail(error instanceof BlockedAddressError ? error.message : `${error.code ?? 'ERROR'}: ${error.message}`);
    });
    outgoing.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let bytes = 0;
      const done = () => {
        // Kept as text in PostgreSQL, which takes no NUL: whatever a receiver answers must be storable.
        const text = Buffer.concat(chunks)
          .subarray(0, request.maxResponseBytes)
          .toString('utf8')
          .replaceAll('\u0000', '');
        const body = text.length > 0 ? text : null;
        if (status >= 200 && status < 300) finish({ statusCode: status, error: null, responseBody: body });
        else if (status >= 300 && status < 400)
          fail(`redirect to ${response.headers.location ?? '(no location)'} not followed`, status, body);
        else fail(`HTTP ${status}`, status, body);
        response.destroy();
      };
      if (request.maxResponseBytes === 0) return done();
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        bytes += chunk.length;
        // Enough read: the rest of a large answer is not waited for.
        if (bytes >= request.maxResponseBytes) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    outgoing.end(request.body);
  });
}
