import { auditServer } from 'graphql-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { appWithHttpPlugins } from './helpers/http.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});

// The GraphQL-over-HTTP audit must stay green in the shipped configurations: production closes
// introspection (`__schema` refused, `__type` answers null) and the audit still passes.
describe.each(['development', 'production'] as const)('GraphQL over HTTP audit in %s', (nodeEnv) => {
  it('passes every MUST and SHOULD', async () => {
    const app = appWithHttpPlugins(database, { nodeEnv, responseCache: { ttlMs: 60_000 } });
    const results = await auditServer({
      url: 'http://localhost/graphql',
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
        app.fetch(String(input instanceof Request ? input.url : input), init ?? {}),
    });
    const failures = results.flatMap((r) => (r.status === 'ok' ? [] : [`${r.id} ${r.name}: ${r.reason}`]));
    expect(failures).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(61);
  });
});
