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
  /** The server's origin (http://127.0.0.1:port). */
  url: string;
  connections: number;
  durationSeconds: number;
  /** Cycled through: each with its method, path, headers and body, as a client sends it. */
  requests: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }[];
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
  /** Mean bytes of a response (headers and body, as autocannon counts them). */
  bytesPerResponse: number;
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
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const chosen = spec.requests[next++ % spec.requests.length]!;
          request.method = chosen.method;
          request.path = chosen.path;
          request.headers = chosen.headers;
          request.body = chosen.body;
          return request;
        },
      },
    ],
  });
  // autocannon's histogram keeps whole milliseconds, too coarse for pages answered in 2 to 5 ms:
  // the percentiles come from every response's own time (a float, in ms) instead.
  const times: number[] = [];
  let bytes = 0;
  instance.on('response', (_client: unknown, _status: number, responseBytes: number, responseTime: number) => {
    times.push(responseTime);
    bytes += responseBytes;
  });
  const result = await instance;
  const sorted = Float64Array.from(times).sort();
  const percentile = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
  const out: LoadResult = {
    requests: result.requests.total,
    // autocannon's own measured duration excludes its start-up; the wall clock is the fallback.
    requestsPerSecond: result.requests.total / (result.duration || (performance.now() - started) / 1000),
    p50: Math.round(percentile(50) * 100) / 100,
    p99: Math.round(percentile(99) * 100) / 100,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: (performance.now() - started) / 1000,
    bytesPerResponse: times.length ? Math.round(bytes / times.length) : 0,
  };
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error('[load] failed:', error);
  process.exit(1);
});
