import fc from 'fast-check';
import {
  type FieldNode,
  type GraphQLField,
  getArgumentValues,
  getVariableValues,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileArgumentReader, compileVariableCoercion } from '../src/compiled/variables.js';
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

// Fields as compiled reads see them: each argument a variable, a literal, null, or left out.
const FIELDS = [
  'article(slug: $slug)',
  'article(id: $id, slug: $slug)',
  'article(slug: "written", id: $id)',
  'article(slug: null, id: $id)',
  'articles(first: $first, after: $after)',
  'articles(first: 5, orderBy: $order)',
  'articles(orderBy: $order, last: $first)',
  'articles(orderBy: null, first: $first)',
  'articles(filter: {section: "world"}, first: $first)',
  'search(query: $query, first: $first)',
  'search(query: $query, after: $after, first: 3)',
  'search(query: null)',
  'search(first: $first)',
];

function fieldOf(selection: string): { field: GraphQLField<unknown, unknown>; node: FieldNode } {
  const operation = parse(`{ ${selection} { __typename } }`).definitions[0] as OperationDefinitionNode;
  const node = operation.selectionSet.selections[0] as FieldNode;
  return { field: schema.getQueryType()!.getFields()[node.name.value]!, node };
}

describe('compiled argument reading', () => {
  it('reads exactly as getArgumentValues: same values, refused in the same cases', () => {
    const outcomes = { read: 0, refused: 0 };
    // Variables as coercion leaves them: a value, null, or absent (undefined as well, which coercion never gives).
    const given = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constantFrom('PUBLISHED_AT_DESC', null, undefined),
      fc.constant({ section: 'x' }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...FIELDS),
        fc.dictionary(fc.constantFrom('slug', 'id', 'first', 'after', 'order', 'query'), given, { maxKeys: 4 }),
        (selection, variables) => {
          const { field, node } = fieldOf(selection);
          const read = compileArgumentReader(field, node);
          expect(read).not.toBeNull();
          let expected: Record<string, unknown> | undefined;
          try {
            expected = getArgumentValues(field, node, variables);
          } catch {
            expected = undefined;
          }
          const actual = read!(variables);
          expect(actual).toStrictEqual(expected);
          if (actual) expect(Object.keys(actual)).toStrictEqual(Object.keys(expected!));
          outcomes[expected ? 'read' : 'refused'] += 1;
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000), seed: Number(process.env.FUZZ_SEED ?? 20261203) },
    );
    expect(outcomes.read).toBeGreaterThan(outcomes.refused / 10);
    expect(outcomes.refused).toBeGreaterThan(outcomes.read / 10);
  });

  it('leaves a variable inside a literal (a list, an input object) to getArgumentValues', () => {
    const { field, node } = fieldOf('articles(filter: {section: $slug})');
    expect(compileArgumentReader(field, node)).toBeNull();
  });
});
