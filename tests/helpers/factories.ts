import { validateRecord, writeRecord } from '../../src/content/importer.js';
import type { Db } from '../../src/db/database.js';

let sequence = 0;

export interface ArticleInput {
  externalId?: string;
  slug?: string;
  title?: string;
  standfirst?: string;
  body?: string;
  section?: string | null;
  publishedAt?: string | null;
  status?: 'DRAFT' | 'SCHEDULED' | 'PUBLISHED' | 'ARCHIVED';
  summary?: string;
  entities?: { name: string; kind: 'PERSON' | 'ORGANIZATION' | 'PLACE' }[];
  /** As the importer takes them: author names, {id}, {slug} or {credit}. */
  bylines?: unknown[];
  tags?: string[];
}

/** Writes an article through the same path as the importer; returns its database id. */
export async function createArticle(db: Db, input: ArticleInput = {}): Promise<{ id: number; slug: string }> {
  sequence += 1;
  const record = validateRecord({
    externalId: input.externalId ?? `factory-${sequence}-${Math.random().toString(36).slice(2, 8)}`,
    title: input.title ?? `Factory article ${sequence}`,
    body: input.body ?? `The first paragraph of article ${sequence}.\n\nThe second paragraph adds detail.`,
    section: input.section === undefined ? 'World' : input.section,
    publishedAt:
      input.publishedAt === undefined ? new Date(Date.UTC(2026, 0, 1, 0, sequence)).toISOString() : input.publishedAt,
    ...(input.slug ? { slug: input.slug } : {}),
    ...(input.standfirst ? { standfirst: input.standfirst } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.summary ? { summary: input.summary } : {}),
    ...(input.entities ? { entities: input.entities } : {}),
    ...(input.bylines ? { bylines: input.bylines } : {}),
    ...(input.tags ? { tags: input.tags } : {}),
  });
  await writeRecord(db, record);
  const row = await db
    .selectFrom('articles')
    .select(['id', 'slug'])
    .where('externalId', '=', record.externalId!)
    .executeTakeFirstOrThrow();
  return row;
}

export function globalId(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}
