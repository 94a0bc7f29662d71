import { builder } from '../builder.js';
import { ConflictError, NotFoundError, ValidationError } from '../content/write-errors.js';
import { quoteInput } from '../errors.js';
import { parseGlobalId } from './ids.js';

// Mutations return a result union: the success type, or one of these errors. Clients switch on
// __typename (or the stable `code`) and show `message` next to the input named by `field`.

const MutationErrorInterface = builder
  .interfaceRef<Error & { code: string; field: string }>('MutationError')
  .implement({
    description: 'An expected failure of a mutation. Nothing of the mutation was written.',
    fields: (t) => ({
      message: t.exposeString('message', { description: 'For people: what went wrong and how to fix it.' }),
      code: t.exposeString('code', {
        description: 'Stable machine-readable code: VALIDATION_FAILED, NOT_FOUND or VERSION_CONFLICT.',
      }),
      field: t.exposeString('field', {
        description: 'Path of the argument or input field at fault, e.g. "input.slug".',
      }),
    }),
  });

export const ValidationReasonEnum = builder.enumType('ValidationReason', {
  description: 'Why a ValidationError refused a value.',
  values: {
    REQUIRED: { description: 'Missing or empty.' },
    TOO_LONG: { description: 'Longer than allowed.' },
    INVALID_FORMAT: { description: 'Not in the expected form (a slug, an id).' },
    TAKEN: { description: 'Already used by another article, entity, author, tag or section.' },
    OUT_OF_RANGE: { description: 'A number or date outside the allowed range.' },
    NOT_ALLOWED: { description: 'Not allowed in the current state or combination of arguments.' },
  } as const,
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'An argument or input field is invalid.',
  interfaces: [MutationErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    reason: t.field({
      type: ValidationReasonEnum,
      description: 'Why the value at `field` was refused.',
      resolve: (error) => error.reason,
    }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'An id or slug given to the mutation names nothing (or nothing you may see).',
  interfaces: [MutationErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'The article (or author, tag or section) changed since the client read it: `expectedVersion` is stale. Reload and apply the change again.',
  interfaces: [MutationErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: (t) => ({
    expectedVersion: t.exposeInt('expectedVersion', {
      description: 'The version the client sent as `expectedVersion`.',
    }),
    currentVersion: t.exposeInt('currentVersion', {
      description: 'The version it is at now: reload it, then retry with this as `expectedVersion`.',
    }),
  }),
});

export const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError];

/** A global id argument of a mutation: a malformed or wrong-type id is a ValidationError on that field. */
export function parseIdForWrite(id: string | number, typename: string, field: string): number {
  try {
    return parseGlobalId(String(id), typename, field);
  } catch {
    throw new ValidationError(field, 'INVALID_FORMAT', `${quoteInput(id)} is not a valid ${typename} id`);
  }
}

/** What the success type of a mutation carries, by the name of its field. */
const DATA_FIELD_DESCRIPTIONS = {
  article: 'The article as the mutation left it.',
  entity: 'The entity as the mutation left it.',
  image: 'The image as the mutation left it.',
  deletedId: 'The global id of the deleted article: evict it from client caches.',
  author: 'The author as the mutation left it.',
  deletedAuthorId: 'The global id of the deleted author: evict it from client caches.',
  tag: 'The tag as the mutation left it.',
  deletedTagId: 'The global id of the deleted tag: evict it from client caches.',
  deletedSectionId: 'The global id of the deleted section: evict it from client caches.',
  section: 'The section as the mutation left it.',
  webhookEndpoint: 'The webhook endpoint as the mutation left it.',
  deletedWebhookEndpointId: 'The global id of the deleted webhook endpoint.',
  webhookDelivery: 'The delivery as the mutation left it.',
  previewLink: 'The preview link as the mutation left it (with its token, shown once, when it was just created).',
} as const;

/** The names and descriptions Pothos gives a mutation's result union, success type and its field. */
export function resultNames(
  mutation: string,
  dataField: keyof typeof DATA_FIELD_DESCRIPTIONS,
  types: (typeof WRITE_ERRORS)[number][] = WRITE_ERRORS,
) {
  const base = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  const errors = types.map((type) => type.name).join(', ');
  return {
    types,
    union: {
      name: `${base}Result`,
      description: `What ${mutation} returns: ${base}Success, or one of ${errors} (each a MutationError; nothing was written). Select \`__typename\`; client caches need schema/possible-types.json to tell the members apart.`,
    },
    result: { name: `${base}Success`, description: `${mutation} succeeded and its change is committed.` },
    dataField: { name: dataField, description: DATA_FIELD_DESCRIPTIONS[dataField] },
  };
}
