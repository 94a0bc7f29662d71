import fc from 'fast-check';
import { getVariableValues, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileVariableCoercion } from '../src/compiled/variables.js';
import { schema } from '../src/schema/index.js';

// Variable declarations of the kinds compiled reads see, plus ones that take graphql-js's path
// (a list, an input object) and a declaration whose default is no valid value.
const DECLARATIONS = [
  '$slug: String!',
  '$slug: String',
  '$first: Int',
  '$first: Int = 20',
  '$first: Int! = 5',
  '$id: ID',
  '$id: ID!',
  '$length: SummaryLength = SHORT',
  '$length: SummaryLength!',
  '$kind: EntityKind',
  '$at: DateTime',
  '$flag: Boolean = true',
  '$weight: Float',
  '$kinds: [EntityKind!]',
  '$filter: ArticleFilter',
];

const definitionsOf = (declarations: string[]) =>
  (parse(`query Q(${declarations.join(', ')}) { __typename }`).definitions[0] as OperationDefinitionNode)
    .variableDefinitions ?? [];

// Values a client might send: the right type, the wrong one, the edges of Int and ID, enum names
// and non-names, dates, nulls, nested JSON.
const value = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'SHORT',
    'MEDIUM',
    'LONG',
    'short',
    'PERSON',
    'ORGANISATION',
    'PLACE',
    '2026-01-02T03:04:05.678Z',
    '2026-13-45',
    '',
    '5',
  ),
  fc.integer(),
  fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 1.5, -0, Number.MAX_SAFE_INTEGER, 1e21),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.constantFrom('PERSON', 'PLACE', 'nope', null), fc.integer()), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('compiled variable coercion', () => {
  it('every declaration in the list exists in the schema (the test would prove nothing otherwise)', () => {
    for (const declaration of DECLARATIONS) {
      const result = getVariableValues(schema, definitionsOf([declaration]), {});
      for (const error of result.errors ?? [])
        expect(error.message).not.toMatch(/Unknown type|cannot be used as an input type/);
    }
  });

  it('coerces exactly as getVariableValues: same values, errors in the same cases', () => {
    const names = ['slug', 'first', 'id', 'length', 'kind', 'at', 'flag', 'weight', 'kinds', 'filter'];
    const outcomes = { coerced: 0, refused: 0 };
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...DECLARATIONS), {
          minLength: 1,
          maxLength: 4,
          selector: (d) => d.split(':')[0],
        }),
        fc.dictionary(fc.constantFrom(...names, 'other'), value, { maxKeys: 5 }),
        (declarations, inputs) => {
          const definitions = definitionsOf(declarations);
          const expected = getVariableValues(schema, definitions, inputs);
          const actual = compileVariableCoercion(schema, definitions)(inputs);
          if (expected.errors) expect(actual).toBeUndefined();
          else expect(actual).toStrictEqual(expected.coerced);
          outcomes[expected.errors ? 'refused' : 'coerced'] += 1;
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000), seed: Number(process.env.FUZZ_SEED ?? 20261127) },
    );
    // Both outcomes must be common, or the comparison says little about one of them.
    expect(outcomes.coerced).toBeGreaterThan(outcomes.refused / 10);
    expect(outcomes.refused).toBeGreaterThan(outcomes.coerced / 10);
  });

  it('takes the fast path for scalar and enum variables, graphql-js for lists and input objects', () => {
    // Both paths give the same answers (above); this pins which one runs, so the speed-up is real.
    const scalar = compileVariableCoercion(schema, definitionsOf(['$slug: String!', '$length: SummaryLength = SHORT']));
    const list = compileVariableCoercion(schema, definitionsOf(['$kinds: [EntityKind!]']));
    expect(scalar.name).not.toBe('general');
    expect(list.name).toBe('general');
    expect(scalar({ slug: 'a' })).toStrictEqual({ slug: 'a', length: 'SHORT' });
    expect(scalar({ slug: 5 })).toBeUndefined();
    expect(list({ kinds: ['PLACE'] })).toStrictEqual({ kinds: ['PLACE'] });
  });

  it('keeps a variable named __proto__ an own value, as graphql-js does', () => {
    const definitions = definitionsOf(['$slug: String']);
    const inputs = JSON.parse('{"__proto__": {"slug": "inherited"}}');
    expect(compileVariableCoercion(schema, definitions)(inputs)).toStrictEqual(
      getVariableValues(schema, definitions, inputs).coerced,
    );
  });
});
