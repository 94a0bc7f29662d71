/**
 * Runs Apollo's subgraph compatibility suite (the jest tests and reference `users` and
 * `inventory` subgraphs shipped in @apollo/federation-subgraph-compatibility-tests) against a
 * `products` subgraph built with Broadsheet's builder setup. The package's own CLI downloads
 * Apollo's router and rover binaries; here a composed in-process gateway stands in for the router:
 * @apollo/gateway and Hive Gateway, one run each.
 *
 *   npx tsx tests/federation-compat/run.ts [apollo|hive ...]
 *
 * Exits non-zero when any test fails. Everything listens on 127.0.0.1 at ephemeral ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  composeSupergraph,
  fetchSubgraphSdl,
  type Served,
  serve,
  startApolloGateway,
  startHiveGateway,
} from '../helpers/gateways.js';
import { freePort } from '../helpers/ports.js';
import { createProductsApp } from './products-subgraph.js';

const require = createRequire(import.meta.url);
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const packageRoot = path.dirname(require.resolve('@apollo/federation-subgraph-compatibility-tests/package.json'));
const gatewayStarters: Record<string, (supergraphSdl: string) => Promise<Served>> = {
  apollo: startApolloGateway,
  hive: startHiveGateway,
};

interface JestAssertion {
  ancestorTitles: string[];
  fullName: string;
  status: 'passed' | 'failed' | 'pending' | 'skipped' | 'todo' | 'disabled';
  failureMessages: string[];
}
interface JestOutput {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  testResults: { name: string; message: string; assertionResults: JestAssertion[] }[];
}

/** Starts one of the package's reference subgraphs (an Apollo Server that signals readiness over IPC). */
async function startReferenceSubgraph(name: 'users' | 'inventory'): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(packageRoot, 'dist/subgraphs', name, 'index.js')], {
    env: { ...process.env, [`${name.toUpperCase()}_PORT`]: String(port), APOLLO_SCHEMA_REPORTING: 'false' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} subgraph did not start`)), 30_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`${name} subgraph exited with ${code}`)));
  });
  return { url: `http://localhost:${port}/`, child };
}

/**
 * Copies the package's compiled tests beside its products.graphql (the introspection test reads
 * it from there) into a work folder, making the router URL configurable: the package hard-codes
 * localhost:4000, which other servers on a shared machine may hold.
 */
function prepareSuite(): string {
  const dir = path.join(projectRoot, '.data', `federation-compat-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(packageRoot, 'products.graphql'), path.join(dir, 'products.graphql'));
  const distRoot = path.join(packageRoot, 'dist');
  cpSync(distRoot, path.join(dir, 'dist'), {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(distRoot, 'subgraphs')),
  });
  const clientPath = path.join(dir, 'dist/utils/client.js');
  const client = readFileSync(clientPath, 'utf8');
  const pinned = "exports.ROUTER_URL = 'http://localhost:4000/';";
  if (!client.includes(pinned)) throw new Error("the suite's client.js changed: cannot point it at the gateway");
  writeFileSync(clientPath, client.replace(pinned, "exports.ROUTER_URL = process.env['ROUTER_URL'];"));
  writeFileSync(
    path.join(dir, 'jest.config.cjs'),
    `module.exports = ${JSON.stringify({ rootDir: dir, testEnvironment: 'node', testMatch: ['<rootDir>/dist/tests/*.test.js'], transform: {} })};\n`,
  );
  return dir;
}

/** Runs jest in a child process; asynchronously, since the subgraph and gateway answer from this one. */
async function runJest(dir: string, productsUrl: string, routerUrl: string): Promise<JestOutput> {
  const jest = require.resolve('jest/bin/jest');
  const child = spawn(
    process.execPath,
    [jest, '--ci', '--json', '--runInBand', '--config', path.join(dir, 'jest.config.cjs')],
    {
      cwd: dir,
      env: { ...process.env, PRODUCTS_URL: productsUrl, ROUTER_URL: routerUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve) => child.once('close', () => resolve()));
  if (!stdout.trim().startsWith('{')) throw new Error(`jest did not run:\n${stderr}`);
  return JSON.parse(stdout) as JestOutput;
}

async function main() {
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(gatewayStarters);
  for (const name of wanted) if (!gatewayStarters[name]) throw new Error(`unknown gateway "${name}" (apollo or hive)`);
  const suite = prepareSuite();
  const children: ChildProcess[] = [];
  const served: Served[] = [];
  let failed = 0;
  try {
    const products = await serve(createProductsApp(), '/');
    served.push(products);
    const users = await startReferenceSubgraph('users');
    const inventory = await startReferenceSubgraph('inventory');
    children.push(users.child, inventory.child);
    const supergraphSdl = composeSupergraph([
      {
        name: 'inventory',
        url: inventory.url,
        sdl: readFileSync(path.join(packageRoot, 'dist/subgraphs/inventory/inventory.graphql'), 'utf8'),
      },
      {
        name: 'users',
        url: users.url,
        sdl: readFileSync(path.join(packageRoot, 'dist/subgraphs/users/users.graphql'), 'utf8'),
      },
      { name: 'products', url: products.url, sdl: await fetchSubgraphSdl(products.url) },
    ]);
    for (const name of wanted) {
      const gateway = await gatewayStarters[name](supergraphSdl);
      try {
        const result = await runJest(suite, products.url, gateway.url);
        const assertions = result.testResults.flatMap((file) => file.assertionResults);
        console.log(`\nApollo subgraph compatibility suite through the ${name} gateway:`);
        for (const a of assertions) {
          console.log(`  ${a.status === 'passed' ? 'ok  ' : 'FAIL'} ${a.fullName}`);
          if (a.status === 'failed') console.log(a.failureMessages.join('\n').replace(/^/gm, '       ').slice(0, 2000));
        }
        for (const file of result.testResults)
          if (file.message && !file.assertionResults.length) console.log(file.message);
        // The suite's own report counts features (a describe block, or a lone test), 15 in this version.
        const features = new Map<string, boolean>();
        for (const a of assertions) {
          const feature = a.ancestorTitles[0] ?? a.fullName;
          features.set(feature, (features.get(feature) ?? true) && a.status === 'passed');
        }
        const featuresPassed = [...features.values()].filter(Boolean).length;
        console.log(`features supported: ${featuresPassed} of ${features.size}`);
        console.log(`${name}-gateway: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
        failed += result.numFailedTests + (result.numTotalTests === 0 ? 1 : 0);
      } finally {
        await gateway.close();
      }
    }
  } finally {
    for (const s of served) await s.close();
    for (const child of children) child.kill();
    rmSync(suite, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
