import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.js';
import './scalars.js';
import './enums.js';
import './summary.js';
import './article.js';
import './entity.js';
import './section.js';
import './search.js';

builder.queryType({ description: 'The public read API of Broadsheet.' });

export const schema = builder.toSchema({ sortSchema: true });

export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
