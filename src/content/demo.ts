import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.js';
import { type ImportReport, importNdjson } from './importer.js';

export const demoContentPath = fileURLToPath(new URL('../../demo/articles.ndjson', import.meta.url));

/**
 * Loads the project's own demo articles that are missing. It runs on every start of the embedded
 * database, so it never touches an article that exists (an editor may have changed it) nor brings
 * back one an editor deleted.
 */
export function seedDemoContent(db: Db): Promise<ImportReport> {
  return importNdjson(db, createReadStream(demoContentPath), { createOnly: true, actorName: 'demo content' });
}
