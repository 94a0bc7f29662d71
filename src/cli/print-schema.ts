import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSortedSchema } from '../schema/index.js';

const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
writeFileSync(target, printSortedSchema());
console.log(`wrote ${target}`);
