import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.js';
import { type ImportReport, importNdjson } from './importer.js';

export const demoContentPath = fileURLToPath(new URL('../../demo/articles.ndjson', import.meta.url));

/** Loads the project's own demo articles; idempotent, so running it on every start is harmless. */
export function seedDemoContent(db: Db): Promise<ImportReport> {
  return importNdjson(db, createReadStream(demoContentPath));
}
