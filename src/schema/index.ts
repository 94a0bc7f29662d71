import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.js';
import './scalars.js';
import './enums.js';
import './summary.js';
import './article.js';
import './entity.js';
import './section.js';
import './search.js';
import './mutation-errors.js';
import './article-mutations.js';
import './entity-mutations.js';
import './revision.js';
import './subscriptions.js';

builder.queryType({ description: 'The public read API of Broadsheet.' });
builder.mutationType({ description: 'The editorial API: every field needs an API token with the right scope.' });
builder.subscriptionType({ description: 'Live updates over server-sent events.' });

export const schema = builder.toSchema({ sortSchema: true });

export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
