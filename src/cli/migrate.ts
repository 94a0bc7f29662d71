import { loadConfig } from '../config.js';
import { openDatabase } from '../db/bootstrap.js';
import { migrateDown } from '../db/migrator.js';

// `npm run db:migrate` brings the database up to date; `npm run db:migrate -- down` undoes the last migration.
const config = loadConfig();
const database = await openDatabase(config, (m) => console.log(m), { mode: 'share' });
try {
  if (process.argv[2] === 'down') {
    for (const r of await migrateDown(database.db)) console.log(`migration ${r.migrationName}: ${r.status} (down)`);
  } else {
    console.log('database is up to date');
  }
} finally {
  await database.shutdown();
}
