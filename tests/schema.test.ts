import { readFileSync } from 'node:fs';
import { isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printPossibleTypes, printSortedSchema, schema } from '../src/schema/index.js';

const committed = (file: string) => readFileSync(new URL(`../schema/${file}`, import.meta.url), 'utf8');

describe('printed schema', () => {
  it('matches schema/schema.graphql (run `npm run schema:print` after changing the schema)', () => {
    expect(printSortedSchema()).toBe(committed('schema.graphql'));
  });

  it('matches schema/possible-types.json (run `npm run schema:print` after changing the schema)', () => {
    expect(printPossibleTypes()).toBe(committed('possible-types.json'));
  });

  it('lists every union and interface with its members, as client caches read possibleTypes', () => {
    const possibleTypes = JSON.parse(committed('possible-types.json')) as Record<string, string[]>;
    expect(possibleTypes.Node).toEqual(['Article', 'Author', 'Entity', 'Image', 'Section', 'Tag']);
    expect(possibleTypes.MutationError).toEqual(['ConflictError', 'NotFoundError', 'ValidationError']);
    expect(possibleTypes.CreateArticleResult).toEqual(['CreateArticleSuccess', 'NotFoundError', 'ValidationError']);
    const mutationResults = Object.values(schema.getMutationType()!.getFields()).map((field) =>
      field.type.toString().replace(/!$/, ''),
    );
    for (const result of mutationResults)
      expect(possibleTypes[result], result).toContain(result.replace(/Result$/, 'Success'));
  });

  // The schema lint (`npm run lint`) lets leading underscores through for Apollo Federation's own
  // names (eslint.config.js); this keeps them federation's alone.
  it('uses a leading underscore only for the names Apollo Federation defines', () => {
    const names = Object.values(schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) => {
        const inputFields = isInputObjectType(type)
          ? Object.values(type.getFields()).map((field) => `${type.name}.${field.name}`)
          : [];
        const fields = isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];
        const outputFields = fields.flatMap((field) => [
          `${type.name}.${field.name}`,
          ...field.args.map((arg) => `${type.name}.${field.name}(${arg.name})`),
        ]);
        return [type.name, ...inputFields, ...outputFields];
      });
    expect(names.filter((name) => /(^|[.(])_[^.(]*\)?$/.test(name)).sort()).toEqual([
      'Query._entities',
      'Query._service',
      '_Any',
      '_Entity',
      '_Service',
    ]);
  });
});
