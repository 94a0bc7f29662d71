import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The load generator, run as its own process (never inside a measured server): autocannon against
 * one loopback URL for a bounded time, cycling through the given request bodies. Prints one JSON
 * line with the figures. autocannon lives in bench/.peer (installed by the bench, not a project
 * dependency).
 *
 *   node --import tsx bench/load.ts SPEC.json
 */

export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  bodies: string[];
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  const url = new URL(spec.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`loopback only: ${spec.url}`);
  const require = createRequire(path.join(here, '.peer', 'package.json'));
  const autocannon = require('autocannon');
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        setupRequest: (request: Record<string, unknown>) => {
          request.body = spec.bodies[next++ % spec.bodies.length];
          return request;
        },
      },
    ],
  });
  const out: LoadResult = {
    requests: result.requests.total,
    // autocannon's own measured duration excludes its start-up; the wall clock is the fallback.
    requestsPerSecond: result.requests.total / (result.duration || (performance.now() - started) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: (performance.now() - started) / 1000,
  };
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error('[load] failed:', error);
  process.exit(1);
});
