import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ContentChanges } from '../changes.js';
import type { Db } from '../db/database.js';
import type { MediaStorage } from '../media/storage.js';
import { type ImportReport, importNdjson } from './importer.js';

export const demoContentPath = fileURLToPath(new URL('../../demo/articles.ndjson', import.meta.url));
/** The demo's images, stored under `demo/<file name>` (the keys demo/articles.ndjson names). */
export const demoMediaPath = fileURLToPath(new URL('../../demo/media/', import.meta.url));

/**
 * Loads the project's own demo articles that are missing. It runs on every start of the embedded
 * database, so it never touches an article that exists (an editor may have changed it) nor brings
 * back one an editor deleted. With a media store, the demo's images go into it first when missing.
 */
export async function seedDemoContent(db: Db, media?: MediaStorage, changes?: ContentChanges): Promise<ImportReport> {
  if (media) await seedDemoMedia(media);
  // `changes`: the server's port, told of the seed at once (Last-Modified, replicas' noteWrite, the
  // scheduler's entity refresh) rather than only if the change feed was already reading.
  return importNdjson(db, createReadStream(demoContentPath), {
    createOnly: true,
    actorName: 'demo content',
    changes,
  });
}

export async function seedDemoMedia(media: MediaStorage): Promise<number> {
  let stored = 0;
  for (const name of await readdir(demoMediaPath)) {
    const key = `demo/${name}`;
    if (await media.get(key)) continue;
    await media.put(key, await readFile(`${demoMediaPath}${name}`), name.endsWith('.png') ? 'image/png' : 'image/jpeg');
    stored += 1;
  }
  return stored;
}
