import { createReadStream } from 'node:fs';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.js';
import { importNdjson } from '../content/importer.js';
import { openDatabase } from '../db/bootstrap.js';
import { createRedisResponseStore } from '../http/response-cache.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run import -- FILE.ndjson   (or - for standard input)');
  process.exit(2);
}
const input = file === '-' ? process.stdin : createReadStream(file);
input.on('error', (error: Error) => {
  console.error(`cannot read ${file}: ${error.message}`);
  process.exit(2);
});

const config = loadConfig();
const database = await openDatabase(config, (m) => console.error(m), { mode: 'share' });
const tty = process.stderr.isTTY;
let exitCode = 0;
try {
  const started = Date.now();
  const report = await importNdjson(database.db, input, {
    defaultLanguage: config.defaultLanguage,
    altRequired: config.images.altRequired,
    onProgress: (r) => {
      if (!tty) return;
      const done = r.created + r.updated + r.unchanged + r.skipped.length;
      const bar = '█'.repeat(Math.min(30, Math.floor(done / 50) % 31)).padEnd(30, '░');
      process.stderr.write(`\r${bar} ${done} lines`);
    },
  });
  if (tty) process.stderr.write('\n');
  for (const { line, error } of report.skipped) console.error(`line ${line}: skipped: ${error}`);
  console.log(
    `${report.lines} lines in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} skipped`,
  );
  if (report.skipped.length > 0) exitCode = 1;
} finally {
  await database.shutdown();
  // Running servers hear of each committed batch through PostgreSQL (src/content/importer.ts); a
  // response cache in Redis is also emptied here, for servers that are not running now and would
  // find it on start.
  if (config.redisUrl && config.httpPlugins.responseCache)
    await emptyRedisResponseCache(config.redisUrl, config.httpPlugins.redisKeyPrefix);
}

async function emptyRedisResponseCache(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await createRedisResponseStore(redis, prefix).invalidateAll();
  } catch (error) {
    console.error(
      `could not empty the response cache in Redis (${(error as Error).message}): cached answers may be stale until they expire`,
    );
    exitCode = exitCode || 1;
  } finally {
    redis.disconnect();
  }
}
process.exit(exitCode);
