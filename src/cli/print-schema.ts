import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printPossibleTypes, printSortedSchema, printSubgraphSdl } from '../schema/index.js';

const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
writeFileSync(target, printSortedSchema());
console.log(`wrote ${target}`);

const possibleTypesTarget = fileURLToPath(new URL('../../schema/possible-types.json', import.meta.url));
writeFileSync(possibleTypesTarget, printPossibleTypes());
console.log(`wrote ${possibleTypesTarget}`);

const subgraphTarget = fileURLToPath(new URL('../../schema/subgraph.graphql', import.meta.url));
writeFileSync(subgraphTarget, printSubgraphSdl());
console.log(`wrote ${subgraphTarget}`);
