import { createApp } from './app.js';
import { createContentChanges } from './changes.js';
import { ConfigError, loadConfig } from './config.js';
import { startChangeFeed } from './content/change-feed.js';
import { seedDemoContent } from './content/demo.js';
import { startPublicationScheduler } from './content/scheduler.js';
import { checkListenPort, listenErrorMessage, openDatabase, startupMessage } from './db/bootstrap.js';
import { createInProcessEvents, createRedisEvents } from './events.js';
import { createHttpServer } from './http-server.js';
import { imagesStartupWarning } from './media/index.js';
import { createMediaStorage } from './media/storage.js';
import { createLogger } from './observability/logger.js';
import { startRuntime } from './runtime/index.js';
import { startWebhookWorker } from './webhooks/worker.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.httpPlugins.logLevel });
  const log = (message: string) => logger.info(message);
  await checkListenPort(config.host, config.port);
  const database = await openDatabase(config, log);
  const runtime = await startRuntime(config, database, logger);
  const events = config.redisUrl
    ? createRedisEvents(config.redisUrl, config.httpPlugins.redisKeyPrefix)
    : createInProcessEvents();
  log(config.redisUrl ? 'live updates: Redis pub/sub' : 'live updates: in-process pub/sub');
  // The app's port for committed content changes (src/changes.ts), shared with the change feed, the
  // scheduler and the webhook worker; each listener unsubscribes when its owner stops.
  const changes = createContentChanges();
  // After any committed write, public reads wait for a replica that has replayed it (src/db/replicas.ts).
  const stopNotingWrites =
    config.replicaUrls.length > 0 ? changes.subscribe(() => database.replicas.noteWrite()) : () => {};
  // Writes made by any process (other instances, the import CLI) reach this instance's cache and
  // subscribers through the change feed in PostgreSQL (src/content/change-feed.ts).
  const feed = startChangeFeed({
    db: database.db,
    // LISTEN needs a session of its own: the primary itself, not a transaction pooler (DATABASE_DIRECT_URL).
    pool: database.directPool,
    events,
    changes,
    retentionMs: config.changeFeedRetentionHours * 3_600_000,
    onError: (error) =>
      logger.warn({ err: error }, 'change feed: connection lost or read failed; reading on from where it was'),
  });
  const scheduler = startPublicationScheduler({
    db: database.db,
    events,
    changes,
    intervalMs: config.schedulerIntervalMs,
    log,
  });
  let stopWebhooks = async () => {};
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  const drained = (timeoutMs: number) =>
    inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, timeoutMs).unref();
        });
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (signal: string) =>
    (shuttingDown ??= (async () => {
      log(`${signal}: finishing in-flight requests`);
      // Stop accepting; idle keep-alive sockets close now, busy ones once their response is out.
      // Open SSE subscriptions would hold close() forever: end them once the rest is drained.
      // WebSockets are told first (1001 Going away): graphql-ws clients reconnect elsewhere.
      await app.websocket.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 5000).unref();
      await closed;
      clearInterval(idle);
      // A client that hung up leaves its request still running here; let it finish before the pool goes.
      await drained(10_000);
      await stopWebhooks();
      await scheduler.stop();
      await feed.close();
      stopNotingWrites();
      await app.dispose();
      await events.close();
      await runtime.close();
      await database.shutdown();
      log('stopped');
    })());

  // These handlers own the order of shutdown: stop accepting, drain, close the pool, then stop the
  // embedded database (src/db/embedded.ts removes the package's own exit hooks).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }

  const imagesWarning = imagesStartupWarning(config.images, config.nodeEnv);
  if (imagesWarning) logger.warn(imagesWarning);

  if (config.seedDemo) {
    const report = await seedDemoContent(database.db, createMediaStorage(config.images.storage), changes);
    log(`demo content: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`);
  }
  const app = createApp({
    db: database.db,
    events,
    changes,
    httpPlugins: runtime.httpPlugins,
    compiledReads: config.compiledReads,
    searchRankWindow: config.searchRankWindow,
    summaryModel: config.summaryModel,
    feeds: config.feeds,
    webhooksAllowPrivateNetworks: config.webhooks.allowPrivateNetworks,
    images: config.images,
    editorial: { publishMaxDaysAhead: config.publishMaxDaysAhead, defaultLanguage: config.defaultLanguage },
    siteUrl: config.feeds.publicSiteUrl,
  });
  // Webhooks: every instance delivers, each event once (src/webhooks/worker.ts). A change this
  // process hears of (its own writes, and others' through the feed) wakes it before its next poll.
  if (config.webhooks.pollIntervalMs > 0) {
    const { metrics } = app.ops;
    const webhooks = startWebhookWorker({
      db: database.db,
      config: config.webhooks,
      logger,
      onAttempt: (outcome) => metrics.webhookAttempts.inc({ outcome }),
    });
    const stopWaking = changes.subscribe(() => webhooks.wake());
    stopWebhooks = async () => {
      stopWaking();
      await webhooks.stop();
    };
  }
  // Read once: the app is yoga's server adapter, a Proxy, and every property read goes through its trap.
  const handleHttp = app.handleHttp;
  const server = createHttpServer(
    config.http,
    (request, response) => {
      inFlight += 1;
      Promise.resolve(handleHttp(request, response)).finally(() => {
        inFlight -= 1;
        if (inFlight === 0) for (const resolve of waiters.splice(0)) resolve();
      });
    },
    app.handleUpgrade,
    app.ops.metrics,
  );
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log(
      `GraphQL API${app.ops.open ? ' and GraphiQL' : ''} at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`,
    );
  });
  server.on('error', async (error) => {
    logger.fatal(listenErrorMessage(error, config.host, config.port));
    await stopWebhooks();
    await scheduler.stop();
    await feed.close();
    stopNotingWrites();
    await events.close();
    await runtime.close();
    await database.shutdown();
    process.exit(1);
  });
}

main().catch((error) => {
  const known = error instanceof ConfigError ? error.message : startupMessage(error);
  if (known) console.error(`[broadsheet] ${known}`);
  else console.error('[broadsheet] failed to start:', error);
  process.exit(1);
});
