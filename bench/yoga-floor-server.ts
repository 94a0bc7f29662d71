import { createServer } from 'node:http';
import { createYoga, type Plugin } from 'graphql-yoga';
import { compiledResult } from '../src/compiled/reads.js';
import { schema } from '../src/schema/index.js';
import { type createFloorPool, FLOOR_PARAMETER, FLOOR_SQL, serveFromCommandLine } from './floor-server.js';

/**
 * The least a yoga server can cost: graphql-yoga with its defaults and no plugin of ours but one,
 * which swaps the executor (as Broadsheet's compiled reads do) for the floor's hand-written
 * statement of the operation (bench/floor-server.ts), its JSON text written out as it came
 * (src/compiled/reads.ts' compiledResult). Parsing and validation are yoga's cached ones, against
 * Broadsheet's schema. What it costs over the floor is what being inside yoga costs, whatever the
 * read model: Broadsheet can be no faster than this while it answers through yoga.
 *
 *   PORT=4207 DATABASE_URL=postgres://… node --import tsx bench/yoga-floor-server.ts
 */

export function createYogaFloor(pool: ReturnType<typeof createFloorPool>) {
  const floorExecute: Plugin = {
    onExecute({ args, setExecuteFn }) {
      const operationName = args.operationName ?? undefined;
      const text = operationName ? FLOOR_SQL[operationName] : undefined;
      if (!text) return;
      setExecuteFn(async ({ variableValues }) => {
        const parameter = FLOOR_PARAMETER[operationName!];
        const values = parameter ? [String(variableValues?.[parameter] ?? '')] : [];
        const { rows } = await pool.query<{ data: string }>({ name: operationName!, text, values });
        return compiledResult(rows[0]!.data);
      });
    },
  };
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: 'warn',
    plugins: [floorExecute],
  });
}

if (process.argv[1]?.endsWith('/yoga-floor-server.ts'))
  serveFromCommandLine('yoga-floor', (pool) => createServer(createYogaFloor(pool)));
