import { loadConfig } from '../config.js';
import { seedDemoContent } from '../content/demo.js';
import { openDatabase } from '../db/bootstrap.js';
import { createMediaStorage } from '../media/storage.js';

const database = await openDatabase(loadConfig(), (m) => console.log(m), { mode: 'share' });
try {
  const config = loadConfig();
  const report = await seedDemoContent(database.db, createMediaStorage(config.images.storage));
  console.log(
    `demo content: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} skipped`,
  );
} finally {
  await database.shutdown();
}
