import type { Config } from '../config.js';
import { createDatabase, type DatabaseHandle } from './database.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded.js';
import { migrateToLatest } from './migrator.js';

export interface OpenedDatabase extends DatabaseHandle {
  embedded: EmbeddedDatabase | undefined;
  url: string;
  /** Closes the pool, then stops the embedded PostgreSQL if this process started it. */
  shutdown(): Promise<void>;
}

/** DATABASE_URL when set, otherwise the embedded PostgreSQL; migrated to the newest schema. */
export async function openDatabase(config: Config, log: (message: string) => void = () => {}): Promise<OpenedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    log(`starting embedded PostgreSQL in ${config.embeddedDataDir} on port ${config.embeddedPort}`);
    embedded = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort, log });
    url = embedded.url;
  }
  const handle = createDatabase(url, { poolMax: config.dbPoolMax, statementTimeoutMs: config.statementTimeoutMs });
  try {
    const results = await migrateToLatest(handle.db);
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
