import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { clientShapes, type WireRequest } from './clients.js';
import { BROADSHEET_QUERIES } from './scenarios.js';

/**
 * The CPU one article-page request costs in-process, through yoga's whole pipeline (every plugin),
 * for several client shapes: sequential requests, process.cpuUsage() around each, the median per
 * round. Two source trees (A and B: `--a DIR --b DIR`, each a checkout with src/ and migrations/,
 * e.g. `git archive <commit> src migrations | tar -x -C DIR` plus a node_modules symlink) are
 * loaded into the same process and sent the same requests alternately, A then B (B then A the next
 * round), so that the noise of a shared machine falls on both alike: read the ratio B/A of each
 * round's medians. Two copies of one tree give 1.00 within about ±2%. Read-only on the database.
 *
 *   node --import tsx bench/pipeline.ts [--a DIR] [--b DIR] [--db postgres://…/bench_perf_10k]
 *        [--rounds 8] [--requests 400] [--shapes fetch,apollo,apq-get] [--mode inproc|http|both]
 *
 * --mode http (or both) sends the requests through the app's node:http handler (src/http-server.ts)
 * on a loopback port with a keep-alive agent: that CPU includes the client's side (same process).
 * In-process requests are given whole (a string body), as tests and app.fetch callers give them.
 *
 * --floor (with --mode http or both) adds a bare node:http server in the same process, sent the
 * same requests by the same client, that reads each body and answers with a fixed article page
 * (A's answer to the first request): what node:http, the client and loopback cost without the
 * app. "A http" minus the floor is what the app (whatwg-node's adapter, yoga, the plugins, the
 * database statement) costs behind node:http.
 */

const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    db: { type: 'string', default: 'postgres://root@127.0.0.1:5432/bench_perf_10k' },
    rounds: { type: 'string', default: '8' },
    requests: { type: 'string', default: '400' },
    shapes: { type: 'string', default: 'fetch,apollo,apq-get' },
    // inproc: app.fetch; http: through node:http on loopback; both.
    mode: { type: 'string', default: 'inproc' },
    floor: { type: 'boolean', default: false },
  },
});

const here = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const rounds = Number(args.rounds);
const perRound = Number(args.requests);
const shapes = clientShapes.filter((s) => String(args.shapes).split(',').includes(s.name));

interface Variant {
  label: string;
  send(wire: WireRequest): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** The environment the benchmark's server runs with (bench/run.ts), as a config. */
const benchEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: String(args.db),
  SEED_DEMO: 'false',
  DB_POOL_MAX: '10',
  LOG_LEVEL: 'warn',
  RESPONSE_CACHE: 'false',
  HOST: '127.0.0.1',
  PORT: '0',
};

async function loadVariant(label: string, dir: string, viaHttp: boolean): Promise<Variant> {
  const at = (file: string) => pathToFileURL(path.join(dir, 'src', file)).href;
  const { loadConfig } = await import(at('config.ts'));
  const { createDatabase } = await import(at('db/database.ts'));
  const { createLogger } = await import(at('observability/logger.ts'));
  const { startRuntime } = await import(at('runtime/index.ts'));
  const { createApp } = await import(at('app.ts'));
  const { createHttpServer } = await import(at('http-server.ts'));
  const config = loadConfig(benchEnv);
  // Trees from before the settings were named httpPlugins call them hardening.
  const plugins = config.httpPlugins ?? config.hardening;
  const logger = createLogger({ level: plugins.logLevel });
  const database = createDatabase(config.databaseUrl, {
    poolMax: config.dbPoolMax,
    statementTimeoutMs: config.statementTimeoutMs,
    preparedStatements: { max: config.preparedStatementsMax, maxBytes: config.preparedStatementsMaxBytes },
  });
  const runtime = await startRuntime(config, database, logger);
  const app = createApp({
    db: database.db,
    ...(runtime.httpPlugins ? { httpPlugins: runtime.httpPlugins } : { hardening: runtime.hardening }),
    compiledReads: config.compiledReads,
    searchRankWindow: config.searchRankWindow,
    feeds: config.feeds,
    images: config.images,
  });
  if (!viaHttp) {
    return {
      label,
      async send(wire) {
        const response = await app.fetch(`http://127.0.0.1${wire.path}`, {
          method: wire.method,
          headers: wire.headers,
          body: wire.body,
        });
        return { status: response.status, text: await response.text() };
      },
      async close() {
        await app.dispose();
        await runtime.close();
        await database.close();
      },
    };
  }
  const server = createHttpServer(config.http, app.handleHttp, app.handleUpgrade, app.ops.metrics);
  const client = await listenOnLoopback(server);
  return {
    label,
    send: client.send,
    async close() {
      await client.close();
      await app.dispose();
      await runtime.close();
      await database.close();
    },
  };
}

/** Listens on a loopback port and sends requests there with a keep-alive agent (one socket). */
async function listenOnLoopback(server: Server): Promise<Pick<Variant, 'send' | 'close'>> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send: (wire) =>
      new Promise((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: wire.path, method: wire.method, headers: wire.headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(wire.body);
      }),
    async close() {
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The floor (--floor): node:http answering every request with `answer`, once its body is read. */
async function loadFloor(answer: string): Promise<Variant> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(answer),
      });
      response.end(answer);
    });
  });
  return { label: 'floor', ...(await listenOnLoopback(server)) };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function main() {
  const pool = new pg.Pool({ connectionString: String(args.db), max: 1 });
  const slugs = (
    await pool.query<{ slug: string }>(
      `select slug from articles where status = 'PUBLISHED' and published_at <= now() order by id limit 200`,
    )
  ).rows.map((r) => r.slug);
  await pool.end();
  const a = path.resolve(args.a ?? here);
  const b = path.resolve(args.b ?? here);
  const variants: Variant[] = [];
  const modes = { inproc: [false], http: [true], both: [false, true] }[String(args.mode)];
  if (!modes) throw new Error(`--mode is inproc, http or both, not ${args.mode}`);
  for (const viaHttp of modes) {
    variants.push(await loadVariant(`A${viaHttp ? ' http' : ''}`, a, viaHttp));
    variants.push(await loadVariant(`B${viaHttp ? ' http' : ''}`, b, viaHttp));
  }
  console.log(`A: ${a}\nB: ${b}\n${rounds} rounds × ${perRound} requests per shape and variant; CPU µs per request`);
  const operation = (slug: string) => ({
    query: BROADSHEET_QUERIES.ArticlePage,
    operationName: 'ArticlePage',
    variables: { slug },
  });
  if (args.floor) {
    if (!modes.includes(true)) throw new Error('--floor goes with --mode http or both');
    const plain = clientShapes.find((shape) => shape.name === 'fetch')!;
    const answer = await variants
      .find((v) => v.label === 'A http')!
      .send(plain.request(operation(slugs[0]!), '/graphql'));
    variants.push(await loadFloor(answer.text));
  }
  // Register APQ hashes, warm the prepared statements and the JIT.
  for (const v of variants) {
    for (const shape of shapes) {
      for (const wire of shape.setup?.(operation(slugs[0]!), '/graphql') ?? []) await v.send(wire);
      for (let i = 0; i < 300; i++) {
        const { status, text } = await v.send(shape.request(operation(slugs[i % slugs.length]!), '/graphql'));
        if (status !== 200 || text.includes('"errors"'))
          throw new Error(`${v.label} ${shape.name}: ${status} ${text.slice(0, 300)}`);
      }
    }
  }
  const requests = new Map(
    shapes.map((shape) => [shape.name, slugs.map((slug) => shape.request(operation(slug), '/graphql'))]),
  );
  // results[shape][variant] = the median of each round
  const results = new Map<string, Map<string, number[]>>();
  for (let round = 0; round < rounds; round++) {
    // The order of the variants alternates from round to round.
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const shape of shapes) {
      const wires = requests.get(shape.name)!;
      // Request by request, A then B (B then A the next round): drift on the machine falls on both.
      const samples = new Map(order.map((v) => [v.label, [] as number[]]));
      for (let i = 0; i < perRound; i++) {
        const wire = wires[(i + round * 7) % wires.length]!;
        for (const v of order) {
          const before = process.cpuUsage();
          await v.send(wire);
          const used = process.cpuUsage(before);
          samples.get(v.label)!.push(used.user + used.system);
        }
      }
      const byVariant = results.get(shape.name) ?? new Map<string, number[]>();
      results.set(shape.name, byVariant);
      for (const v of order) byVariant.set(v.label, [...(byVariant.get(v.label) ?? []), median(samples.get(v.label)!)]);
    }
  }
  for (const shape of shapes) {
    const byVariant = results.get(shape.name)!;
    const line: string[] = [];
    for (const v of variants) {
      const meds = byVariant.get(v.label)!;
      line.push(`${v.label}: ${median(meds)} [${Math.min(...meds)}–${Math.max(...meds)}]`);
    }
    const pairs = modes.map((viaHttp) => (viaHttp ? ['A http', 'B http'] : ['A', 'B']));
    for (const [x, y] of pairs) {
      const ratios = byVariant.get(x!)!.map((m, i) => byVariant.get(y!)![i]! / m);
      line.push(
        `${y}/${x}: ${median(ratios).toFixed(3)} [${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}]`,
      );
    }
    const floor = byVariant.get('floor');
    if (floor) {
      const aboveFloor = byVariant.get('A http')!.map((m, i) => m - floor[i]!);
      line.push(`A http − floor: ${median(aboveFloor)} [${Math.min(...aboveFloor)}–${Math.max(...aboveFloor)}]`);
    }
    console.log(`${shape.name.padEnd(8)} ${line.join('  ')}`);
  }
  for (const v of variants) await v.close();
}

await main();
