import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryParameters } from '../src/hardening/request-target.js';

// GET parameters are read by splitting and decodeURIComponent (faster than URLSearchParams); they
// must read as URLSearchParams reads them, whatever the query string holds.
const NAMES = ['query', 'operationName', 'variables', 'extensions', 'q'];
const piece = fc.oneof(
  fc.constantFrom('&', '=', '+', '%', '%2', '%2B', '%26', '%3D', '%20', '%C3%A9', '%E2%82%AC', '%F0%9F%93%B0', '%FF', '%C3', '%ED%A0%80', '%00', ...NAMES),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 3 }).map(encodeURIComponent),
);

describe('GET query parameters', () => {
  it('read as URLSearchParams reads them, first of a repeated name, malformed sequences included', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const search = pieces.join('');
        const ours = queryParameters(search);
        const reference = new URLSearchParams(search);
        for (const name of [...NAMES, ...reference.keys()]) expect(ours.get(name)).toBe(reference.get(name));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a client GET query', () => {
    const query = 'query ArticlePage($slug: String!) { article(slug: $slug) { title } }';
    const search = new URLSearchParams({ query, operationName: 'ArticlePage', variables: '{"slug":"a+b"}' }).toString();
    const ours = queryParameters(search);
    expect([ours.get('query'), ours.get('operationName'), ours.get('variables'), ours.get('extensions')]).toEqual([query, 'ArticlePage', '{"slug":"a+b"}', null]);
  });
});
