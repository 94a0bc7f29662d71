import { graphqlSync, isAbstractType, lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.js';
import { guardEntityRepresentations } from './federation.js';
import { installReadResolvers } from './read-through.js';
import './node.js';
import './scalars.js';
import './enums.js';
import './summary.js';
import './article.js';
import './entity.js';
import './section.js';
import './author.js';
import './tag.js';
import './search.js';
import './mutation-errors.js';
import './article-mutations.js';
import './summary-review.js';
import './entity-mutations.js';
import './author-mutations.js';
import './tag-mutations.js';
import './section-mutations.js';
import './revision.js';
import './image.js';
import './seo.js';
import './trash.js';
import './correction.js';
import './translation.js';
import './preview-links.js';
import './subscriptions.js';
import './webhooks.js';
import './federation.js';

builder.queryType({ description: 'The public read API of Broadsheet.' });
builder.mutationType({ description: 'The editorial API: every field needs an API token with the right scope.' });
builder.subscriptionType({
  description:
    "Live updates: over server-sent events (both graphql-sse modes), GraphQL over WebSocket (graphql-ws) or Apollo's multipart HTTP subscriptions, all at /graphql.",
});

// One schema for every client: an Apollo Federation 2 subgraph (`_service`, `_entities`) that is
// also a plain GraphQL API for clients that are not gateways.
export const schema = builder.toSubGraphSchema({
  sortSchema: true,
  linkUrl: 'https://specs.apollo.dev/federation/v2.6',
});
guardEntityRepresentations(schema);
installReadResolvers(schema);

export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/**
 * Each union and interface with the object types that belong to it, as JSON: the `possibleTypes`
 * of Apollo Client's InMemoryCache and of urql's graphcache, which cannot otherwise tell which
 * fragment of a result union (the mutations' `...Result`) or of `Node` matches an object.
 */
export function printPossibleTypes(): string {
  const sorted = lexicographicSortSchema(schema);
  const abstract = Object.values(sorted.getTypeMap()).filter(isAbstractType);
  const possibleTypes = Object.fromEntries(
    abstract.map((type) => [type.name, sorted.getPossibleTypes(type).map((member) => member.name)]),
  );
  return `${JSON.stringify(possibleTypes, null, 2)}\n`;
}

/** The subgraph SDL a gateway reads from `_service { sdl }` (with the federation directives). */
export function printSubgraphSdl(): string {
  const result = graphqlSync({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data as { _service?: { sdl?: string } } | null | undefined)?._service?.sdl;
  if (result.errors || !sdl) throw new Error(`cannot read the subgraph SDL: ${result.errors?.[0]?.message ?? 'empty'}`);
  return `${sdl.trimEnd()}\n`;
}
