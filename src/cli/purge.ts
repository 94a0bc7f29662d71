import { loadConfig } from '../config.js';
import { openDatabase } from '../db/bootstrap.js';
import { purgeTrashedArticles } from '../db/queries/articles.js';

// `npm run purge` removes the articles deleted (moved to the trash) more than TRASH_RETENTION_DAYS
// ago, with their mentions, summaries, corrections, old slugs and revisions; a PURGE revision
// with the slug and external id stays (src/db/queries/articles.ts purgeTrashedArticles). Run it from cron; safe to run
// from several hosts at once (rows another purge holds are skipped). Reads never see trashed
// articles, so nothing cached changes.
const BATCH = 200;

const config = loadConfig();
const cutoff = new Date(Date.now() - config.trashRetentionDays * 86_400_000);
const database = await openDatabase(config, (m) => console.log(m), { mode: 'share' });
let purged = 0;
try {
  for (;;) {
    // One transaction per batch: a long purge holds no lock for long and keeps what it did.
    const ids = await database.db.transaction().execute((trx) => purgeTrashedArticles(trx, cutoff, BATCH));
    purged += ids.length;
    if (ids.length < BATCH) break;
  }
  console.log(
    `purged ${purged} article(s) deleted before ${cutoff.toISOString()} (TRASH_RETENTION_DAYS=${config.trashRetentionDays})`,
  );
} finally {
  await database.shutdown();
}
