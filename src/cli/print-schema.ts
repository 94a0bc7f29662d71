import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSortedSchema, printSubgraphSdl } from '../schema/index.js';

const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
writeFileSync(target, printSortedSchema());
console.log(`wrote ${target}`);

const subgraphTarget = fileURLToPath(new URL('../../schema/subgraph.graphql', import.meta.url));
writeFileSync(subgraphTarget, printSubgraphSdl());
console.log(`wrote ${subgraphTarget}`);
