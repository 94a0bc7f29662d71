import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSortedSchema } from '../src/schema/index.js';

describe('printed schema', () => {
  it('matches schema/schema.graphql (run `npm run schema:print` after changing the schema)', () => {
    const committed = readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(printSortedSchema()).toBe(committed);
  });
});
