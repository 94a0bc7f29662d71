// PostGraphile 5 (amber preset) over the bench database: the peer Broadsheet is measured against.
// Copied into bench/.peer/ by bench/run.ts and run there, so that it resolves the peer's own
// node_modules; nothing here is a dependency of the project.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.PORT);
const connectionString = process.env.DATABASE_URL;
if (!port || !connectionString) {
  console.error('[peer] PORT and DATABASE_URL are required');
  process.exit(2);
}

const preset = {
  extends: [PostGraphileAmberPreset],
  // JIT off, as on Broadsheet's and the floor's pools: the search walk's estimate would set it off.
  pgServices: [
    makePgService({ connectionString, schemas: ['public'], poolConfig: { max: 10, options: '-c jit=off' } }),
  ],
  // outputDataAsString: grafast writes the response's JSON as text instead of an object that
  // grafserv then stringifies (PostGraphile's documented setting for throughput).
  grafserv: {
    port,
    host: '127.0.0.1',
    graphqlPath: '/graphql',
    graphiql: false,
    watch: false,
    outputDataAsString: true,
  },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
serv.addTo(server).catch((error) => {
  console.error('[peer] failed to start:', error);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`[peer] PostGraphile at http://127.0.0.1:${port}/graphql`));
const stop = () => server.close(() => pgl.release().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
