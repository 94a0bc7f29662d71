import { createApp } from '../../src/app.js';
import { createToken } from '../helpers/auth.js';
import { createTestDatabase } from '../helpers/db.js';
import { createArticle, globalId } from '../helpers/factories.js';
import { listenHttp } from '../helpers/http.js';
import { quietLogger } from '../helpers/logger.js';

/** The articles every client test reads, newest first, as `articles` lists them. */
export const SEEDED = [
  { slug: 'tide-turns', title: 'Tide turns at the harbour', publishedAt: '2026-03-05T08:00:00.000Z' },
  { slug: 'ferry-returns', title: 'Ferry returns to Port Vale', publishedAt: '2026-03-04T08:00:00.000Z' },
  { slug: 'harbour-reopens', title: 'Harbour reopens after storm', publishedAt: '2026-03-03T08:00:00.000Z' },
  { slug: 'crews-thanked', title: 'Crews thanked by the mayor', publishedAt: '2026-03-02T08:00:00.000Z' },
  { slug: 'storm-warning', title: 'Storm warning for the coast', publishedAt: '2026-03-01T08:00:00.000Z' },
] as const;

export interface LiveBroadsheet {
  /** The /graphql URL of a real HTTP server on an ephemeral loopback port. */
  url: string;
  /** An editor's API token (`read:drafts`, `write:articles`). */
  token: string;
  /** Global ids of the seeded articles, by slug. */
  ids: Record<string, string>;
}

/**
 * Broadsheet as a front end meets it: `app.handleHttp` behind the server `npm start` makes, on a
 * database of this test file's own with five published articles (the middle one, the article
 * page, mentions two entities) and an editor's token. Closed when the file is done.
 */
export async function startBroadsheet(): Promise<LiveBroadsheet> {
  const database = await createTestDatabase();
  const ids: Record<string, string> = {};
  for (const article of [...SEEDED].reverse()) {
    const entities =
      article.slug === 'harbour-reopens'
        ? [
            { name: 'Ada Quill', kind: 'PERSON' as const },
            { name: 'Port Vale', kind: 'PLACE' as const },
          ]
        : undefined;
    const body =
      article.slug === 'harbour-reopens'
        ? 'The harbour at Port Vale reopened on Monday.\n\nMayor Ada Quill thanked the crews.'
        : undefined;
    const { id } = await createArticle(database.db, { ...article, section: 'World', body, entities });
    ids[article.slug] = globalId('Article', id);
  }
  const { token } = await createToken(database.db, 'Client tests', ['read:drafts', 'write:articles']);
  const url = await listenHttp(createApp({ db: database.db, httpPlugins: { logger: quietLogger } }));
  return { url, token, ids };
}
