import { createServer } from 'node:net';
import type { Config } from '../config.js';
import { checkSessionSettings, createDatabase, type DatabaseHandle } from './database.js';
import { type EmbeddedDatabase, EmbeddedDatabaseError, startEmbeddedPostgres } from './embedded.js';
import { migrateToLatest } from './migrator.js';

export interface OpenedDatabase extends DatabaseHandle {
  embedded: EmbeddedDatabase | undefined;
  url: string;
  /** Closes the pool, then stops the embedded PostgreSQL if this process started it. */
  shutdown(): Promise<void>;
}

export interface OpenOptions {
  /**
   * 'own' for the server: it starts the embedded PostgreSQL and refuses one another process runs.
   * 'share' for the CLIs: they use the one a running server started, and leave it running.
   */
  mode?: 'own' | 'share';
}

/** DATABASE_URL when set, otherwise the embedded PostgreSQL; migrated to the newest schema. */
export async function openDatabase(
  config: Config,
  log: (message: string) => void = () => {},
  options: OpenOptions = {},
): Promise<OpenedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    log(`starting embedded PostgreSQL in ${config.embeddedDataDir} on port ${config.embeddedPort || 'any free one'}`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.embeddedDataDir,
      port: config.embeddedPort,
      log,
      mode: options.mode ?? 'own',
    });
    url = embedded.url;
  }
  const handle = createDatabase(url, {
    poolMax: config.dbPoolMax,
    statementTimeoutMs: config.statementTimeoutMs,
    preparedStatements: { max: config.preparedStatementsMax, maxBytes: config.preparedStatementsMaxBytes },
    transactionPooler: config.pgbouncer,
    directUrl: config.databaseDirectUrl,
    replicaUrls: config.replicaUrls,
    replicaPreparedStatements: { max: config.replicaPreparedStatementsMax },
    replicaMaxLagMs: config.replicaMaxLagMs,
  });
  try {
    if (config.pgbouncer) {
      const { refused, warnings } = await checkSessionSettings(handle.pool, config.statementTimeoutMs);
      if (refused) throw new StartupError(refused);
      for (const warning of warnings) log(`DATABASE_PGBOUNCER: ${warning}`);
    }
    const results = await migrateToLatest(handle.directDb);
    for (const result of results) log(`migration ${result.migrationName}: ${result.status}`);
  } catch (error) {
    await handle.close();
    await embedded?.stop();
    throw error;
  }
  return {
    ...handle,
    embedded,
    url,
    async shutdown() {
      await handle.close();
      await embedded?.stop();
    },
  };
}

/** A reason not to start that the message fully explains: printed without a stack. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** The message of an error that says what to do, or undefined for an unexpected one (print its stack). */
export function startupMessage(error: unknown): string | undefined {
  return error instanceof StartupError || error instanceof EmbeddedDatabaseError ? error.message : undefined;
}

/** What a failed listen() means for whoever started the server. */
export function listenErrorMessage(error: NodeJS.ErrnoException, host: string, port: number): string {
  if (error.code === 'EADDRINUSE') return `port ${port} is in use; set PORT to a free port (0 picks one)`;
  if (error.code === 'EACCES')
    return `port ${port} needs privileges this process does not have; set PORT to 1024 or above`;
  if (error.code === 'EADDRNOTAVAIL') return `cannot listen on ${host}: no such address on this machine; set HOST`;
  return `cannot listen on ${host}:${port}: ${error.message}`;
}

/**
 * Fails fast, before the database starts, when the HTTP port is taken (by another server, often
 * a second `npm start`). listen() still reports a port taken in between.
 */
export async function checkListenPort(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (error) =>
      reject(new StartupError(listenErrorMessage(error as NodeJS.ErrnoException, host, port))),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
