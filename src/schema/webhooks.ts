import DataLoader from 'dataloader';
import { builder } from '../builder.js';
import { NotFoundError, ValidationError } from '../content/write-errors.js';
import type { Context } from '../context.js';
import {
  type DeliveryLogRow,
  deleteWebhookEndpoint,
  findAttemptsByDeliveryIds,
  findDeliveriesByIds,
  findWebhookEndpointsByIds,
  insertWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  replayDelivery,
  updateWebhookEndpoint,
  type WebhookEndpointPatch,
} from '../db/queries/webhooks.js';
import type { WebhookDeliveryAttemptRow, WebhookEndpointRow } from '../db/tables.js';
import { WEBHOOK_DELIVERY_STATUSES } from '../domain.js';
import { MAX_WEBHOOK_URL_LENGTH, webhookUrlProblem } from '../webhooks/address-policy.js';
import { WEBHOOK_EVENT_TYPE_NAMES, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhooks/event-types.js';
import { globalIdOf } from '../webhooks/events.js';
import { generateWebhookSecret, webhookSecretProblem } from '../webhooks/secret.js';
import { messageIdOf } from '../webhooks/worker.js';
import { described } from './enums.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import {
  connectionFromPage,
  decodeCursor,
  encodeCursor,
  forwardConnectionArgs,
  planPage,
  toPage,
} from './pagination.js';
import { executorOnly, reads } from './read.js';

// Webhooks (src/webhooks/): endpoints and their delivery log need `manage:webhooks`. Endpoint URLs
// often carry the receiver's secret (Slack's do, in their path), and the log holds what receivers
// answered: neither is for every editor. None of it is public, so none of it is compiled.

const MANAGE = { 'manage:webhooks': true } as const;
/** The schema types of `builder`, which the secret's field builder is typed with. */
type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const EDITORS_ONLY = reads(executorOnly('webhooks need the manage:webhooks scope, which the fast path never serves'));

/** Endpoints in all: each is called for every event it subscribes to, so their number is bounded. */
export const MAX_WEBHOOK_ENDPOINTS = 100;
/** Attempts shown per delivery in the log (the newest). */
const ATTEMPTS_SHOWN = 20;

const enumName = (type: WebhookEventType) => type.replace('.', '_').toUpperCase();

export const WebhookEventTypeEnum = builder.enumType('WebhookEventType', {
  description:
    'An event webhook endpoints subscribe to; the body’s `type` is the dotted form (ARTICLE_PUBLISHED is "article.published").',
  values: Object.fromEntries(
    WEBHOOK_EVENT_TYPE_NAMES.map((type) => [enumName(type), { value: type, description: WEBHOOK_EVENT_TYPES[type] }]),
  ) as Record<string, { value: WebhookEventType; description: string }>,
});

const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a webhook delivery stands.',
  values: described(WEBHOOK_DELIVERY_STATUSES, {
    PENDING:
      'Not delivered yet: due now, or waiting for its next attempt (or for its disabled endpoint to be enabled).',
    SUCCEEDED: 'The endpoint answered 2xx.',
    FAILED: 'Every attempt failed (WEBHOOK_MAX_ATTEMPTS); replayWebhookDelivery tries again.',
  }),
});

// Per request, like every other loader.
interface WebhookLoaders {
  endpoint: DataLoader<number, WebhookEndpointRow | undefined>;
  attempts: DataLoader<number, WebhookDeliveryAttemptRow[]>;
}
const loaderSets = new WeakMap<Context['loaders'], WebhookLoaders>();
function webhookLoadersOf(ctx: Context): WebhookLoaders {
  let set = loaderSets.get(ctx.loaders);
  if (!set) {
    set = {
      endpoint: new DataLoader(async (ids) => {
        const rows = new Map((await findWebhookEndpointsByIds(ctx.db, ids)).map((row) => [row.id, row]));
        return ids.map((id) => rows.get(id));
      }),
      attempts: new DataLoader(async (ids) => {
        const rows = await findAttemptsByDeliveryIds(ctx.db, ids, ATTEMPTS_SHOWN);
        return ids.map((id) => rows.filter((row) => row.deliveryId === id));
      }),
    };
    loaderSets.set(ctx.loaders, set);
  }
  return set;
}

const WebhookDeliveryAttemptRef = builder.objectRef<WebhookDeliveryAttemptRow>('WebhookDeliveryAttempt').implement({
  description: 'One HTTP attempt of a delivery.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id of the attempt.',
      resolve: (row) => globalIdOf('WebhookDeliveryAttempt', row.id),
    }),
    attemptedAt: t.field({
      type: 'DateTime',
      description: 'When the request was sent.',
      resolve: (row) => row.attemptedAt,
    }),
    durationMs: t.exposeInt('durationMs', {
      description: 'Milliseconds from sending to the answer (or to the failure).',
    }),
    statusCode: t.exposeInt('statusCode', {
      nullable: true,
      description: 'The HTTP status of the answer; null when there was none (refused, timed out, blocked).',
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why the attempt failed; null when it succeeded.' }),
    responseBody: t.exposeString('responseBody', {
      nullable: true,
      description: 'The start of the answer’s body (WEBHOOK_MAX_RESPONSE_BYTES).',
    }),
    worker: t.exposeString('worker', { description: 'The server instance that made the attempt (host:pid).' }),
    retryAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the next attempt was scheduled; null when this attempt succeeded or was the last.',
      resolve: (row) => row.retryAt,
    }),
  }),
});

const WebhookEndpointRef = builder.objectRef<WebhookEndpointRow>('WebhookEndpoint');

const WebhookDeliveryRef = builder.objectRef<DeliveryLogRow>('WebhookDelivery').implement({
  description: 'One event sent (or to be sent) to one endpoint, with its attempts.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id of the delivery: pass it to replayWebhookDelivery.',
      resolve: (row) => globalIdOf('WebhookDelivery', row.id),
    }),
    messageId: t.string({
      description: 'The `webhook-id` header: the same for every attempt and replay, for receivers to drop duplicates.',
      resolve: (row) => messageIdOf(row.eventId),
    }),
    eventType: t.field({
      type: WebhookEventTypeEnum,
      description: 'The event delivered.',
      resolve: (row) => row.type as WebhookEventType,
    }),
    payload: t.string({
      description: 'The JSON body as signed and sent: { type, timestamp, data }.',
      resolve: (row) => JSON.stringify(row.payload),
    }),
    status: t.field({
      type: WebhookDeliveryStatusEnum,
      description: 'Where the delivery stands.',
      resolve: (row) => row.status,
    }),
    attempts: t.exposeInt('attempts', {
      description: 'Attempts made since the delivery was created or last replayed.',
    }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the next attempt is due; null unless PENDING.',
      resolve: (row) => (row.status === 'PENDING' ? row.nextAttemptAt : null),
    }),
    lastAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the latest attempt was made; null before the first.',
      resolve: (row) => row.lastAttemptAt,
    }),
    deliveredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the endpoint took it (2xx); null until then.',
      resolve: (row) => row.deliveredAt,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the event was queued for this endpoint.',
      resolve: (row) => row.createdAt,
    }),
    endpoint: t.field({
      type: WebhookEndpointRef,
      description: 'The endpoint it goes to.',
      resolve: async (row, _args, ctx) => (await webhookLoadersOf(ctx).endpoint.load(row.endpointId))!,
    }),
    attemptLog: t.field({
      type: [WebhookDeliveryAttemptRef],
      description: `Its latest attempts (at most ${ATTEMPTS_SHOWN}), newest first.`,
      resolve: (row, _args, ctx) => webhookLoadersOf(ctx).attempts.load(row.id),
    }),
  }),
});

const WebhookDeliveryConnection = builder.connectionObject(
  {
    type: WebhookDeliveryRef,
    name: 'WebhookDeliveryConnection',
    description: 'A page of an endpoint’s delivery log, newest first (a Relay connection).',
  },
  { name: 'WebhookDeliveryEdge', description: 'A delivery in a page of the log, with its cursor.' },
);

const DELIVERY_CURSOR = 'webhook-delivery';

WebhookEndpointRef.implement({
  description: 'A URL that receives signed webhooks (Standard Webhooks) for the events it subscribes to.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the endpoint.', resolve: (row) => globalIdOf('WebhookEndpoint', row.id) }),
    url: t.exposeString('url', { description: 'Where events are POSTed.' }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the endpoint is for, for people.',
    }),
    events: t.field({
      type: [WebhookEventTypeEnum],
      description: 'The events it receives.',
      resolve: (row) => row.events as WebhookEventType[],
    }),
    enabled: t.exposeBoolean('enabled', {
      description:
        'Whether events are delivered to it. Disabled endpoints get no new events; their pending deliveries wait.',
    }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', {
      description: 'Failed attempts in a row; at WEBHOOK_DISABLE_AFTER_FAILURES the endpoint is disabled.',
    }),
    disabledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was disabled; null while enabled.',
      resolve: (row) => (row.enabled ? null : row.disabledAt),
    }),
    disabledReason: t.string({
      nullable: true,
      description: 'Why it was disabled; null while enabled.',
      resolve: (row) => (row.enabled ? null : row.disabledReason),
    }),
    createdBy: t.exposeString('createdBy', { description: 'Name of the API token that registered it.' }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was registered.', resolve: (row) => row.createdAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: (row) => row.updatedAt }),
    deliveries: t.field({
      type: WebhookDeliveryConnection,
      description: 'The delivery log, newest first. Pages forwards only (`first`/`after`).',
      args: {
        ...forwardConnectionArgs(t.arg.connectionArgs()),
        status: t.arg({
          type: WebhookDeliveryStatusEnum,
          required: false,
          description: 'Only deliveries in this state.',
        }),
        eventType: t.arg({
          type: WebhookEventTypeEnum,
          required: false,
          description: 'Only deliveries of this event.',
        }),
      },
      resolve: async (endpoint, args, ctx) => {
        const plan = planPage({ first: args.first, after: args.after });
        const afterId =
          plan.from !== undefined ? (decodeCursor(plan.from, DELIVERY_CURSOR, ['id'])[0] as number) : undefined;
        const rows = await listDeliveries(ctx.db, endpoint.id, {
          status: args.status,
          eventType: args.eventType,
          afterId,
          limit: plan.size + 1,
        });
        return connectionFromPage(toPage(plan, rows), (row) => encodeCursor(DELIVERY_CURSOR, [row.id])) as never;
      },
    }),
  }),
});

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  description: 'A new webhook endpoint.',
  fields: (t) => ({
    url: t.string({
      required: true,
      description: `https:// URL (http:// only to localhost), at most ${MAX_WEBHOOK_URL_LENGTH} characters; loopback and private addresses only where WEBHOOK_ALLOW_PRIVATE_NETWORKS is set.`,
    }),
    events: t.field({
      type: [WebhookEventTypeEnum],
      required: true,
      description: 'The events to receive: at least one.',
    }),
    description: t.string({ required: false, description: 'What it is for, at most 500 characters.' }),
    secret: t.string({
      required: false,
      description: 'The signing secret, `whsec_` and base64 of 24 to 64 bytes; generated when left out.',
    }),
  }),
});

const UpdateWebhookEndpointInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'What to change of an endpoint; fields left out stay.',
  fields: (t) => ({
    url: t.string({ required: false, description: 'A new URL (the rules of createWebhookEndpoint).' }),
    events: t.field({
      type: [WebhookEventTypeEnum],
      required: false,
      description: 'The events to receive from now on: at least one.',
    }),
    description: t.string({
      required: false,
      description: 'What it is for, at most 500 characters; an empty string removes it.',
    }),
    enabled: t.boolean({
      required: false,
      description:
        'true enables it (its failure count starts again and its pending deliveries go out); false disables it.',
    }),
  }),
});

function validUrl(url: string, ctx: Context, field: string): string {
  const trimmed = url.trim();
  const problem = webhookUrlProblem(trimmed, ctx.webhooksAllowPrivateNetworks === true);
  if (problem) throw new ValidationError(field, problem.reason, problem.message);
  return trimmed;
}

function validEvents(events: readonly WebhookEventType[], field: string): string[] {
  if (events.length === 0) throw new ValidationError(field, 'REQUIRED', 'Subscribe to at least one event');
  return [...new Set(events)].sort();
}

function validDescription(description: string | null | undefined, field: string): string | null {
  const text = (description ?? '').trim();
  if (text.length > 500) throw new ValidationError(field, 'TOO_LONG', 'A description is at most 500 characters');
  return text || null;
}

function endpointId(id: string | number, field = 'id'): number {
  return parseIdForWrite(id, 'WebhookEndpoint', field);
}

/** An endpoint's global id read for a query: a malformed one names nothing. */
function endpointIdForRead(id: string | number): number | undefined {
  try {
    return endpointId(id);
  } catch {
    return undefined;
  }
}

builder.queryFields((t) => ({
  webhookEndpoints: t.field({
    type: [WebhookEndpointRef],
    description: `Every webhook endpoint (at most ${MAX_WEBHOOK_ENDPOINTS}), oldest first. Needs \`manage:webhooks\` (URLs may hold the receiver’s secret).`,
    authScopes: MANAGE,
    extensions: EDITORS_ONLY,
    resolve: (_root, _args, ctx) => listWebhookEndpoints(ctx.db),
  }),
  webhookEndpoint: t.field({
    type: WebhookEndpointRef,
    nullable: true,
    description:
      'One webhook endpoint by id, with its delivery log; null when there is none. Needs `manage:webhooks` (URLs may hold the receiver’s secret).',
    authScopes: MANAGE,
    extensions: EDITORS_ONLY,
    args: { id: t.arg.id({ required: true, description: 'Global id of the endpoint (`WebhookEndpoint.id`).' }) },
    resolve: async (_root, args, ctx) => {
      const id = endpointIdForRead(args.id);
      return id === undefined ? null : ((await webhookLoadersOf(ctx).endpoint.load(id)) ?? null);
    },
  }),
}));

/**
 * The result names of a mutation that shows an endpoint's secret: its Success type carries
 * `secret` beside the endpoint, the one place the secret is ever shown.
 */
function secretNames(mutation: string, types: (typeof ValidationError | typeof NotFoundError)[]) {
  const names = resultNames(mutation, 'webhookEndpoint', types);
  return {
    ...names,
    result: {
      ...names.result,
      fields: (t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, WebhookEndpointRow>) => ({
        secret: t.string({
          description:
            'The signing secret (`whsec_…`). Shown only here, this once: keep it where the receiver verifies signatures.',
          resolve: (endpoint: WebhookEndpointRow) => endpoint.secret,
        }),
      }),
    },
  };
}

function validSecret(secret: string | null | undefined, field: string): string {
  if (secret == null) return generateWebhookSecret();
  const problem = webhookSecretProblem(secret);
  if (problem) throw new ValidationError(field, 'INVALID_FORMAT', problem);
  return secret;
}

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    description: 'Registers a webhook endpoint; its secret is returned this once. Needs `manage:webhooks`.',
    authScopes: MANAGE,
    errors: secretNames('createWebhookEndpoint', [ValidationError]),
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true, description: 'The endpoint.' }) },
    resolve: async (_root, { input }, ctx) => {
      const url = validUrl(input.url, ctx, 'input.url');
      const events = validEvents(input.events, 'input.events');
      const description = validDescription(input.description, 'input.description');
      const secret = validSecret(input.secret, 'input.secret');
      const endpoint = await insertWebhookEndpoint(
        ctx.db,
        { url, events, description, secret, createdBy: ctx.viewer.actor?.name ?? 'system' },
        MAX_WEBHOOK_ENDPOINTS,
      );
      if (!endpoint)
        throw new ValidationError(
          'input',
          'OUT_OF_RANGE',
          `There are ${MAX_WEBHOOK_ENDPOINTS} endpoints already; delete one first`,
        );
      return endpoint;
    },
  }),

  rotateWebhookEndpointSecret: t.field({
    type: WebhookEndpointRef,
    description:
      'Gives an endpoint a new signing secret (generated, or the one given); it is returned this once and signs every attempt from now on. Needs `manage:webhooks`.',
    authScopes: MANAGE,
    errors: secretNames('rotateWebhookEndpointSecret', [ValidationError, NotFoundError]),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the endpoint.' }),
      secret: t.arg.string({
        required: false,
        description: 'The new secret, `whsec_` and base64 of 24 to 64 bytes; generated when left out.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const id = endpointId(args.id);
      const secret = validSecret(args.secret, 'secret');
      const endpoint = await updateWebhookEndpoint(ctx.db, id, { secret });
      if (!endpoint) throw new NotFoundError('id', 'No webhook endpoint has this id');
      return endpoint;
    },
  }),

  updateWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    description:
      'Changes an endpoint’s URL, events or description, or enables or disables it. Needs `manage:webhooks`.',
    authScopes: MANAGE,
    errors: resultNames('updateWebhookEndpoint', 'webhookEndpoint', [ValidationError, NotFoundError]),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the endpoint.' }),
      input: t.arg({ type: UpdateWebhookEndpointInput, required: true, description: 'What to change.' }),
    },
    resolve: async (_root, { id: rawId, input }, ctx) => {
      const id = endpointId(rawId);
      const patch: WebhookEndpointPatch = {};
      if (input.url != null) patch.url = validUrl(input.url, ctx, 'input.url');
      if (input.events != null) patch.events = validEvents(input.events, 'input.events');
      if (input.description !== undefined) patch.description = validDescription(input.description, 'input.description');
      if (input.enabled != null) patch.enabled = input.enabled;
      const endpoint = await updateWebhookEndpoint(ctx.db, id, patch);
      if (!endpoint) throw new NotFoundError('id', 'No webhook endpoint has this id');
      return endpoint;
    },
  }),

  deleteWebhookEndpoint: t.field({
    type: 'ID',
    description:
      'Deletes an endpoint with its delivery log; pending deliveries to it are dropped. Needs `manage:webhooks`.',
    authScopes: MANAGE,
    errors: resultNames('deleteWebhookEndpoint', 'deletedWebhookEndpointId', [ValidationError, NotFoundError]),
    args: { id: t.arg.id({ required: true, description: 'Global id of the endpoint.' }) },
    resolve: async (_root, args, ctx) => {
      if (!(await deleteWebhookEndpoint(ctx.db, endpointId(args.id))))
        throw new NotFoundError('id', 'No webhook endpoint has this id');
      return String(args.id);
    },
  }),

  replayWebhookDelivery: t.field({
    type: WebhookDeliveryRef,
    description:
      'Sends a delivery again, now: the same body, signed afresh, with the same `webhook-id` (receivers that already took it can tell). Its attempts count again from zero. Needs `manage:webhooks`.',
    authScopes: MANAGE,
    errors: resultNames('replayWebhookDelivery', 'webhookDelivery', [ValidationError, NotFoundError]),
    args: { id: t.arg.id({ required: true, description: 'Global id of the delivery (`WebhookDelivery.id`).' }) },
    resolve: async (_root, args, ctx) => {
      const id = parseIdForWrite(args.id, 'WebhookDelivery', 'id');
      if (!(await replayDelivery(ctx.db, id))) throw new NotFoundError('id', 'No webhook delivery has this id');
      const [row] = await findDeliveriesByIds(ctx.db, [id]);
      return row!;
    },
  }),
}));
