import { readFileSync } from 'node:fs';

/**
 * The node arguments `npm start` runs the server with, read from package.json's `start` script, so that
 * the benchmark, the soak run and the tests that start a server process run it as shipped (V8's heap and
 * young-generation caps included) without a second copy of the flags. `heapMb` replaces the heap cap
 * where a test wants a smaller one. Paths are relative to the project's root (the spawn's cwd).
 */
export function startCommand(options: { heapMb?: number } = {}): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const [node, ...args] = manifest.scripts.start.trim().split(/\s+/);
  if (node !== 'node' || !args.includes('src/server.ts'))
    throw new Error(`package.json's start script is not "node … src/server.ts": ${manifest.scripts.start}`);
  return options.heapMb === undefined
    ? args
    : args.map((arg) => (arg.startsWith('--max-old-space-size=') ? `--max-old-space-size=${options.heapMb}` : arg));
}
