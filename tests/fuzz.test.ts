import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLNamedType,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { ErrorCode } from '../src/errors.js';
import { schema } from '../src/schema/index.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { appWithHttpPlugins, type RawResponse, send } from './helpers/http.js';

type Gen = fc.GeneratorValue;

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 4; i += 1) {
    await createArticle(database.db, {
      title: `Fuzz article ${i}`,
      publishedAt: `2026-04-0${i + 1}T08:00:00Z`,
      section: i % 2 ? 'World' : 'Sport',
      body: 'Ada Quill visited Port Vale.\n\nRiverton answered.',
      entities: [
        { name: 'Ada Quill', kind: 'PERSON' },
        { name: 'Port Vale', kind: 'PLACE' },
      ],
      summary: i % 2 ? 'A short summary.' : undefined,
    });
  }
  app = appWithHttpPlugins(database, { nodeEnv: 'production', responseCache: { ttlMs: 60_000 } });
});

const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), 'OPERATION_RESOLUTION_FAILURE']);

function pick<T>(g: Gen, items: readonly T[]): T {
  return items[g(fc.nat, { max: items.length - 1 })]!;
}

function scalarValue(g: Gen, type: GraphQLNamedType): string {
  const wild = g(fc.integer, { min: 0, max: 9 }) === 0;
  if (wild)
    return pick(g, [
      'null',
      '""',
      '-1',
      '1e400',
      '"\\u0000"',
      '[]',
      '{}',
      'true',
      JSON.stringify(g(fc.string, { maxLength: 30 })),
      String(g(fc.integer)),
    ]);
  if (isEnumType(type)) return pick(g, [...type.getValues().map((v) => v.name), 'NOT_A_VALUE']);
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(() => g(fc.boolean));
    return `{ ${fields.map((f) => `${f.name}: ${scalarValue(g, getNamedType(f.type))}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int':
      return String(g(fc.integer, { min: -10, max: 300 }));
    case 'Float':
      return String(g(fc.double, { noNaN: true, noDefaultInfinity: true }));
    case 'Boolean':
      return String(g(fc.boolean));
    case 'DateTime':
      return JSON.stringify(
        pick(g, [
          '2026-03-01T00:00:00Z',
          '2026-13-45',
          'yesterday',
          new Date(g(fc.integer, { min: 0, max: 4e12 })).toISOString(),
        ]),
      );
    case 'ID':
      return JSON.stringify(
        pick(g, [
          'QXJ0aWNsZTox',
          'RW50aXR5OjE=',
          'U2VjdGlvbjox',
          'QXJ0aWNsZTotMQ==',
          'not-base64!',
          '',
          g(fc.string, { maxLength: 20 }),
        ]),
      );
    default:
      return JSON.stringify(
        pick(g, ['harbour', 'world', 'ada-quill', 'port vale OR "ada"', '-x', g(fc.string, { maxLength: 40 })]),
      );
  }
}

function argumentsOf(
  g: Gen,
  args: readonly GraphQLArgument[],
  variables: Map<string, { type: GraphQLInputType }>,
): string {
  const chosen = args.filter(() => g(fc.integer, { min: 0, max: 2 }) > 0);
  if (chosen.length === 0) return '';
  return `(${chosen
    .map((a) => {
      if (g(fc.integer, { min: 0, max: 4 }) === 0) {
        const name = `v${variables.size}`;
        variables.set(name, { type: a.type });
        return `${a.name}: $${name}`;
      }
      return `${a.name}: ${scalarValue(g, getNamedType(a.type))}`;
    })
    .join(', ')})`;
}

/** A random selection on a type, mostly valid, sometimes wrong on purpose. */
function selection(
  g: Gen,
  type: GraphQLNamedType,
  depth: number,
  variables: Map<string, { type: GraphQLInputType }>,
): string {
  if (isUnionType(type)) return `... on ${pick(g, type.getTypes()).name} { __typename }`;
  if (!isObjectType(type) && !isInterfaceType(type)) return '__typename';
  const fields = Object.values(type.getFields());
  const count = g(fc.integer, { min: 1, max: 4 });
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (g(fc.integer, { min: 0, max: 30 }) === 0) {
      parts.push(
        pick(g, ['nope', '__typename', '__schema { types { name } }', 'id @skip(if: true)', '...on Article { title }']),
      );
      continue;
    }
    const field = pick(g, fields);
    const alias = g(fc.integer, { min: 0, max: 5 }) === 0 ? `a${i}: ` : '';
    const named = getNamedType(field.type);
    const args = argumentsOf(g, field.args, variables);
    if (isScalarType(named) || isEnumType(named)) {
      parts.push(`${alias}${field.name}${args}`);
    } else if (depth < 14) {
      parts.push(`${alias}${field.name}${args} { ${selection(g, named, depth + 1, variables)} }`);
    }
  }
  return parts.length ? parts.join(' ') : '__typename';
}

function variableType(type: GraphQLInputType): string {
  return String(type);
}

function variableValue(g: Gen, type: GraphQLInputType): unknown {
  if (g(fc.integer, { min: 0, max: 5 }) === 0) return g(fc.jsonValue, { maxDepth: 2 });
  const named = getNamedType(type);
  if (isListType(getNullableType(type))) return [variableValue(g, named as GraphQLInputType)];
  if (named.name === 'Int') return g(fc.integer, { min: -5, max: 500 });
  if (named.name === 'Boolean') return g(fc.boolean);
  if (isEnumType(named)) return pick(g, named.getValues()).name;
  return g(fc.string, { maxLength: 30 });
}

function generatedRequest(g: Gen): { method: 'GET' | 'POST'; body?: string; search?: string; contentType: string } {
  const kind = g(fc.integer, { min: 0, max: 19 });
  if (kind === 0) return { method: 'POST', body: g(fc.string, { maxLength: 200 }), contentType: 'application/json' };
  if (kind === 1)
    return { method: 'POST', body: JSON.stringify(g(fc.jsonValue, { maxDepth: 3 })), contentType: 'application/json' };
  if (kind === 2)
    return {
      method: 'POST',
      body: JSON.stringify({ query: g(fc.string, { unit: 'binary', maxLength: 200 }) }),
      contentType: 'application/json',
    };
  if (kind === 3)
    return {
      method: 'POST',
      body: '{"query":"{ __typename }"}',
      contentType: pick(g, [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'application/xml',
      ]),
    };
  const variables = new Map<string, { type: GraphQLInputType }>();
  const body = selection(g, schema.getQueryType()!, 1, variables);
  const definitions = [...variables].map(([name, v]) => `$${name}: ${variableType(v.type)}`);
  const named = g(fc.boolean);
  const query = `${named || definitions.length ? `query Fuzz${definitions.length ? `(${definitions.join(', ')})` : ''} ` : ''}{ ${body} }`;
  const values = Object.fromEntries(
    [...variables]
      .filter(() => g(fc.integer, { min: 0, max: 5 }) > 0)
      .map(([name, v]) => [name, variableValue(g, v.type)]),
  );
  const params = {
    query,
    variables: values,
    ...(g(fc.integer, { min: 0, max: 9 }) === 0 ? { operationName: pick(g, ['Fuzz', 'Other', '']) } : {}),
  };
  if (g(fc.integer, { min: 0, max: 3 }) === 0) {
    const search = new URLSearchParams({ query: params.query, variables: JSON.stringify(params.variables) });
    return { method: 'GET', search: search.toString(), contentType: '' };
  }
  return { method: 'POST', body: JSON.stringify(params), contentType: 'application/json' };
}

function checkResponse(response: RawResponse): void {
  // No 5xx: the database is up, so not even 503.
  expect(response.status, response.text).toBeLessThan(500);
  if (response.status === 304) return;
  expect(response.json, response.text).toBeDefined();
  const results = Array.isArray(response.json) ? response.json : [response.json];
  for (const result of results) {
    for (const error of result.errors ?? []) {
      expect(KNOWN_CODES.has(error.extensions?.code), JSON.stringify(error)).toBe(true);
      // Masked internal errors would be INTERNAL_SERVER_ERROR; none may happen, and none may leak details.
      expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(error.extensions?.originalError).toBeUndefined();
      expect(JSON.stringify(error)).not.toMatch(/stack|node_modules|at async/);
    }
  }
}

describe('fuzzing the production configuration', () => {
  it('answers thousands of generated queries and variables with no 5xx, no unknown code and no leak', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        runs += 1;
        const request = generatedRequest(g);
        const response = await send(app, `/graphql${request.search ? `?${request.search}` : ''}`, {
          method: request.method,
          headers: {
            accept: pick(g, ['application/graphql-response+json', 'application/json', '*/*']),
            ...(request.contentType ? { 'content-type': request.contentType } : {}),
          },
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
        checkResponse(response);
      }),
      { numRuns: 2000, seed: Number(process.env.FUZZ_SEED ?? 20261127), endOnFailure: true },
    );
    expect(runs).toBe(2000);
    // Still serving after all that.
    const health = await send(app, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ articles(first: 1) { totalCount } }"}',
    });
    expect(health.json).toEqual({ data: { articles: { totalCount: 4 } } });
  }, 90_000);
});
