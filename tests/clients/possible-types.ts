import { readFileSync } from 'node:fs';
import { buildSchema, isAbstractType } from 'graphql';

// Stand-in for schema/possible-types.json until it is written with the SDL (issue 15): the same
// map, each union and interface of schema/schema.graphql to the names of its members, derived
// from the committed SDL when the tests load.
const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));

const possibleTypes: Record<string, string[]> = Object.fromEntries(
  Object.values(schema.getTypeMap())
    .filter(isAbstractType)
    .map((type) => [type.name, schema.getPossibleTypes(type).map((member) => member.name).sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);

export default possibleTypes;
