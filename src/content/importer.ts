import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { ContentChange, ContentChanges } from '../changes.js';
import { DEFAULT_IMPORT_BATCH_SIZE, DEFAULT_LANGUAGE } from '../config.js';
import type { Db } from '../db/database.js';
import { replaceMentions } from '../db/queries/article-entities.js';
import {
  externalIdDeletedInEditor,
  findSnapshotLists,
  insertRevision,
  wasCreatedInEditor,
} from '../db/queries/article-revisions.js';
import {
  findArticleByExternalId,
  findArticleBySlugForWrite,
  firstFreeSlug,
  insertArticle,
  isArticleSlugTaken,
  joinTranslationGroup,
  markSubstantiveChange,
  updateArticleVersioned,
} from '../db/queries/articles.js';
import {
  findAuthorsByIds,
  findAuthorsBySlugs,
  replaceBylines,
  updateAuthor,
  upsertAuthor,
} from '../db/queries/authors.js';
import { findCorrectionsByArticleIds, insertCorrection } from '../db/queries/corrections.js';
import { addEntityAliases, upsertEntity } from '../db/queries/entities.js';
import { type NewImage, upsertImportedImage } from '../db/queries/images.js';
import { upsertSection } from '../db/queries/sections.js';
import { upsertSummary } from '../db/queries/summaries.js';
import { replaceArticleTags, upsertTag } from '../db/queries/tags.js';
import type { ArticleCorrectionKind, ArticleRow, ArticleStatus, AuthorRow, EntityKind } from '../db/tables.js';
import {
  ARTICLE_CORRECTION_KINDS,
  ARTICLE_STATUSES,
  CORRECTION_MAX_CHARS,
  CORRECTIONS_PER_ARTICLE,
  ENTITY_KINDS,
  isOneOf,
  MAX_BYLINES,
} from '../domain.js';
import type { ArticleEvent } from '../events.js';
import { canonicalLanguage } from '../languages.js';
import { isSafeKey } from '../media/storage.js';
import { SUMMARY_MAX_CHARS } from '../text/summarize.js';
import { bodyHash, countWords, entitySlug, normaliseBody, SLUG_PATTERN, slugify } from '../text/text.js';
import { recordContentChange } from './after-write.js';
import { DateParseError, parsePublicationDate } from './dates.js';
import {
  diffSnapshots,
  isPubliclyVisible,
  listChanges,
  revisionSnapshot,
  type SnapshotLists,
  snapshotOf,
} from './editorial.js';
import { extractArticleEntities } from './enrich.js';
import { locateNamedEntities } from './mentions.js';
import { validCanonicalUrl, validExternalUrl, validMetaDescription, validMetaTitle } from './seo.js';
import { MAX_TAGS } from './taxonomy.js';
import { ValidationError } from './write-errors.js';

export interface ImportRecord {
  externalId: string | null;
  slug: string | null;
  title: string;
  standfirst: string | null;
  body: string;
  section: string | null;
  publishedAt: Date | null;
  status: ArticleStatus;
  summary: string | null;
  entities: { name: string; kind: EntityKind }[];
  /** The byline in order; absent when the line has no "bylines" (the article's stays as it is). */
  bylines?: ImportByline[];
  /** Tag names in order; absent when the line has no "tags". */
  tags?: string[];
  /** Sharing fields and images: left out, they are cleared (an import line is the whole article). */
  metaTitle?: string | null;
  metaDescription?: string | null;
  canonicalUrl?: string | null;
  noindex?: boolean;
  leadImage?: ImportedImage | null;
  socialImage?: ImportedImage | null;
  /** Appended when the article does not have the same note yet (corrections are append-only). */
  corrections?: { kind: ArticleCorrectionKind; text: string; at: Date | null }[];
  /** BCP 47; the article's own (or WriteOptions.defaultLanguage for a new one) when left out. */
  language?: string;
  /** The externalId of an article this one is a translation of: they join one translation group. */
  translationOf?: string;
}

/** An image as a line gives it: metadata and a storage key or an external URL; nothing is fetched. */
export interface ImportedImage extends NewImage {
  externalId: string;
}

/** An author by name (found by its slug, or created), by global id or slug (must exist), or free text. */
export type ImportByline =
  | (({ name: string } | { id: number } | { slug: string }) & { image?: ImportedImage })
  | { credit: string };

export class ImportLineError extends Error {}

/** `publishedAt`: the API's DateTime rules (src/content/dates.ts), plus a bare date for midnight UTC. */
function importedDate(value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  try {
    return parsePublicationDate(value, { fullDate: true });
  } catch (error) {
    if (!(error instanceof DateParseError)) throw error;
    throw new ImportLineError(
      `"publishedAt" must be an ISO 8601 date or date-time, e.g. "2026-03-19T10:00:00Z": ${error.message}`,
    );
  }
}

function optionalString(record: Record<string, unknown>, field: string, max: number): string | null {
  const value = record[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ImportLineError(`"${field}" must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > max) throw new ImportLineError(`"${field}" is longer than ${max} characters`);
  return trimmed === '' ? null : trimmed;
}

/** Validates one parsed line; every problem is an ImportLineError naming the field. */
export function validateRecord(value: unknown): ImportRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ImportLineError('a line must be a JSON object');
  const record = value as Record<string, unknown>;
  const title = optionalString(record, 'title', 500);
  if (!title) throw new ImportLineError('"title" is required');
  const rawBody = record.body;
  if (typeof rawBody !== 'string') throw new ImportLineError('"body" is required and must be a string');
  const body = normaliseBody(rawBody);
  if (!body) throw new ImportLineError('"body" is empty');
  if (body.length > 500_000) throw new ImportLineError('"body" is longer than 500000 characters');
  const slug = optionalString(record, 'slug', 120);
  if (slug !== null && !SLUG_PATTERN.test(slug))
    throw new ImportLineError(`"slug" must be lower-case words joined by hyphens, got "${slug}"`);
  const publishedAt = importedDate(record.publishedAt);
  const rawStatus = record.status ?? (publishedAt ? 'PUBLISHED' : 'DRAFT');
  if (!isOneOf(ARTICLE_STATUSES, rawStatus))
    throw new ImportLineError(`"status" must be one of ${ARTICLE_STATUSES.join(', ')}`);
  const status = rawStatus as ArticleStatus;
  if ((status === 'PUBLISHED' || status === 'SCHEDULED') && !publishedAt) {
    throw new ImportLineError(`status ${status} needs "publishedAt"`);
  }
  const rawEntities = record.entities ?? [];
  if (!Array.isArray(rawEntities)) throw new ImportLineError('"entities" must be an array');
  const entities = rawEntities.map((entity, i) => {
    const e = entity as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string' || !e.name.trim()) {
      throw new ImportLineError(`entities[${i}] needs a "name"`);
    }
    if (!isOneOf(ENTITY_KINDS, e.kind))
      throw new ImportLineError(`entities[${i}].kind must be one of ${ENTITY_KINDS.join(', ')}`);
    if (!slugify(e.name)) throw new ImportLineError(`entities[${i}].name has no letters or digits`);
    return { name: e.name.trim().replace(/\s+/g, ' '), kind: e.kind as EntityKind };
  });
  const rawCorrections = record.corrections ?? [];
  if (!Array.isArray(rawCorrections)) throw new ImportLineError('"corrections" must be an array');
  if (rawCorrections.length > CORRECTIONS_PER_ARTICLE)
    throw new ImportLineError(`"corrections" holds at most ${CORRECTIONS_PER_ARTICLE} notes`);
  const corrections = rawCorrections.map((entry, i) => {
    const c = entry as Record<string, unknown>;
    if (typeof c !== 'object' || c === null) throw new ImportLineError(`corrections[${i}] must be an object`);
    if (!isOneOf(ARTICLE_CORRECTION_KINDS, c.kind))
      throw new ImportLineError(`corrections[${i}].kind must be one of ${ARTICLE_CORRECTION_KINDS.join(', ')}`);
    const text =
      typeof c.text === 'string'
        ? c.text
            .trim()
            .replace(/[ \t]+/g, ' ')
            .replace(/\s*\n\s*/g, '\n')
        : '';
    if (!text) throw new ImportLineError(`corrections[${i}] needs a "text"`);
    if (text.length > CORRECTION_MAX_CHARS)
      throw new ImportLineError(`corrections[${i}].text is longer than ${CORRECTION_MAX_CHARS} characters`);
    let at: Date | null;
    try {
      at = importedDate(c.at);
    } catch {
      throw new ImportLineError(`corrections[${i}].at must be an ISO 8601 date or date-time`);
    }
    return { kind: c.kind as ArticleCorrectionKind, text, at };
  });
  const rawLanguage = optionalString(record, 'language', 100);
  const language = rawLanguage === null ? undefined : canonicalLanguage(rawLanguage);
  if (language === undefined && rawLanguage !== null)
    throw new ImportLineError(`"language" must be a BCP 47 language tag such as en, en-GB or fr, got "${rawLanguage}"`);
  const translationOf = optionalString(record, 'translationOf', 200);
  const section = optionalString(record, 'section', 100);
  if (section !== null && !slugify(section)) throw new ImportLineError('"section" has no letters or digits');
  const generated = slug ?? slugify(title);
  if (!generated) throw new ImportLineError('cannot make a slug from the title; give "slug"');
  return {
    externalId: optionalString(record, 'externalId', 200),
    slug,
    title,
    standfirst: optionalString(record, 'standfirst', 1000),
    body,
    section,
    publishedAt,
    status,
    summary: optionalString(record, 'summary', SUMMARY_MAX_CHARS),
    entities,
    ...optional('bylines', importedBylines(record.bylines)),
    ...optional('tags', importedTags(record.tags)),
    ...importedSeo(record),
    leadImage: importedImage(record.leadImage, 'leadImage'),
    socialImage: importedImage(record.socialImage, 'socialImage'),
    ...(corrections.length > 0 ? { corrections } : {}),
    ...(language ? { language } : {}),
    ...(translationOf ? { translationOf } : {}),
  };
}

function importedSeo(record: Record<string, unknown>) {
  try {
    if (record.noindex !== undefined && record.noindex !== null && typeof record.noindex !== 'boolean')
      throw new ImportLineError('"noindex" must be true or false');
    return {
      metaTitle: validMetaTitle(optionalString(record, 'metaTitle', 10_000), 'metaTitle'),
      metaDescription: validMetaDescription(optionalString(record, 'metaDescription', 10_000), 'metaDescription'),
      canonicalUrl: validCanonicalUrl(optionalString(record, 'canonicalUrl', 10_000), 'canonicalUrl'),
      noindex: record.noindex === true,
    };
  } catch (error) {
    if (error instanceof ValidationError) throw new ImportLineError(`"${error.field}": ${error.message}`);
    throw error;
  }
}

const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'];

function importedImage(value: unknown, field: string): ImportedImage | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ImportLineError(`"${field}" must be an object`);
  const image = value as Record<string, unknown>;
  const storageKey = optionalString(image, 'storageKey', 200);
  const rawUrl = optionalString(image, 'url', 2000);
  if ((storageKey === null) === (rawUrl === null))
    throw new ImportLineError(`"${field}" needs exactly one of "storageKey" or "url"`);
  if (storageKey !== null && !isSafeKey(storageKey))
    throw new ImportLineError(
      `"${field}.storageKey" must be a relative key of lower-case letters, digits, . _ - and /`,
    );
  let externalUrl: string | null = null;
  try {
    externalUrl = rawUrl === null ? null : validExternalUrl(rawUrl, `${field}.url`);
  } catch {
    throw new ImportLineError(`"${field}.url" must be an http(s) URL without spaces or quotes`);
  }
  const dimension = (name: 'width' | 'height') => {
    const n = image[name];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100_000)
      throw new ImportLineError(`"${field}.${name}" must be an integer from 1 to 100000`);
    return n;
  };
  const mimeType = image.mimeType;
  if (typeof mimeType !== 'string' || !IMAGE_MIME_TYPES.includes(mimeType))
    throw new ImportLineError(`"${field}.mimeType" must be one of ${IMAGE_MIME_TYPES.join(', ')}`);
  const focal = (name: 'focalX' | 'focalY') => {
    const n = image[name];
    if (n === undefined || n === null) return 0.5;
    if (typeof n !== 'number' || !(n >= 0 && n <= 1))
      throw new ImportLineError(`"${field}.${name}" must be from 0 to 1`);
    return n;
  };
  return {
    // Re-running a file finds the same image: by its own id, else by where its original is.
    externalId:
      optionalString(image, 'externalId', 200) ?? (storageKey !== null ? `key:${storageKey}` : `url:${externalUrl}`),
    storageKey,
    externalUrl,
    mimeType,
    byteSize: null,
    width: dimension('width'),
    height: dimension('height'),
    alt: optionalString(image, 'alt', 1000),
    caption: optionalString(image, 'caption', 2000),
    credit: optionalString(image, 'credit', 300),
    licence: optionalString(image, 'licence', 300),
    focalX: focal('focalX'),
    focalY: focal('focalY'),
  };
}

const optional = <K extends string, V>(key: K, value: V | null) =>
  value === null ? {} : ({ [key]: value } as { [P in K]: V });

/** An author's global id as the API writes it (base64 of "Author:<key>"), or undefined. */
function authorKey(id: string): number | undefined {
  const text = Buffer.from(id, 'base64').toString('utf8');
  if (Buffer.from(text, 'utf8').toString('base64') !== id) return undefined;
  const match = /^Author:([1-9][0-9]{0,9})$/.exec(text);
  const key = match ? Number(match[1]) : undefined;
  return key !== undefined && key <= 2_147_483_647 ? key : undefined;
}

function importedName(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ImportLineError(`${where} must be a string`);
  const name = value.trim().replace(/\s+/g, ' ');
  if (!name || !slugify(name)) throw new ImportLineError(`${where} has no letters or digits`);
  if (name.length > 200) throw new ImportLineError(`${where} is longer than 200 characters`);
  return name;
}

/**
 * "bylines": in order, each a name ("Jane Doe": the author with that name's slug, created when
 * there is none), {"id": "<Author global id>"} or {"slug": "jane-doe"} (an existing author), or
 * {"credit": "Staff and agencies"} (free text). An author's entry may be an object with "name"
 * too, and carry "image" (as "leadImage" gives one): it becomes the author's portrait.
 */
function importedBylines(value: unknown): ImportByline[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new ImportLineError('"bylines" must be an array');
  if (value.length > MAX_BYLINES) throw new ImportLineError(`"bylines" has more than ${MAX_BYLINES} entries`);
  return value.map((item, i): ImportByline => {
    const where = `bylines[${i}]`;
    if (typeof item === 'string') return { name: importedName(item, where) };
    const shape = `${where} must be a name, or an object with one of "name", "id", "slug" or "credit" (a string), and for an author optionally "image"`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ImportLineError(shape);
    const entry = item as Record<string, unknown>;
    const keys = Object.keys(entry).filter((key) => key !== 'image');
    if (
      keys.length !== 1 ||
      !['name', 'id', 'slug', 'credit'].includes(keys[0]!) ||
      typeof entry[keys[0]!] !== 'string'
    )
      throw new ImportLineError(shape);
    const image = entry.image === undefined ? {} : { image: importedImage(entry.image, `${where}.image`) ?? undefined };
    if (typeof entry.credit === 'string') {
      if (entry.image !== undefined)
        throw new ImportLineError(`${where}: a credit has no image (only an author has a portrait)`);
      const credit = entry.credit.trim().replace(/\s+/g, ' ');
      if (!credit || credit.length > 200) throw new ImportLineError(`${where}.credit must be 1 to 200 characters`);
      return { credit };
    }
    if (typeof entry.name === 'string') return { name: importedName(entry.name, `${where}.name`), ...image };
    if (typeof entry.id === 'string') {
      const id = authorKey(entry.id);
      if (id === undefined) throw new ImportLineError(`${where}.id is not an Author id`);
      return { id, ...image };
    }
    const slug = entry.slug as string;
    if (!SLUG_PATTERN.test(slug)) throw new ImportLineError(`${where}.slug must be lower-case words joined by hyphens`);
    return { slug, ...image };
  });
}

/** "tags": names in order; each is the tag with that name's slug (a former slug too), created when there is none. */
function importedTags(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new ImportLineError('"tags" must be an array');
  if (value.length > MAX_TAGS) throw new ImportLineError(`"tags" has more than ${MAX_TAGS} entries`);
  return value.map((item, i) => importedName(item, `tags[${i}]`));
}

/** The line's byline as rows: authors looked up (and created by name); an unknown id or slug fails the line. */
async function bylineRows(db: Db, bylines: readonly ImportByline[]) {
  const rows: { authorId: number | null; credit: string | null }[] = [];
  let portraits = 0;
  for (const [i, byline] of bylines.entries()) {
    let authorId: number | null = null;
    if ('credit' in byline) {
      rows.push({ authorId: null, credit: byline.credit });
      continue;
    }
    let author: AuthorRow | undefined;
    if ('name' in byline) author = await upsertAuthor(db, slugify(byline.name), byline.name);
    else if ('id' in byline) author = (await findAuthorsByIds(db, [byline.id]))[0];
    else author = (await findAuthorsBySlugs(db, [byline.slug]))[0];
    if (!author) throw new ImportLineError(`bylines[${i}] names no author`);
    authorId = author.id;
    if (byline.image) {
      // The author's portrait: a new one raises the author's version, as updateAuthor does.
      const imageId = (await upsertImportedImage(db, byline.image)).id;
      if (author.imageId !== imageId) {
        await updateAuthor(db, author, { imageId });
        portraits += 1;
      }
    }
    // The same author twice keeps the first place.
    if (!rows.some((row) => row.authorId === authorId)) rows.push({ authorId, credit: null });
  }
  return { rows, portraits };
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

async function uniqueSlug(db: Db, base: string): Promise<string> {
  const free = await firstFreeSlug(db, base);
  if (!free) throw new ImportLineError(`no free slug near "${base}"`);
  return free;
}

export interface WriteOptions {
  /** Shown as the author of the revisions the import writes. */
  actorName?: string;
  /**
   * Create missing articles only: an article that exists (or that an editor deleted) is left
   * exactly as it is. The demo seed runs on every start and must never undo an editor's work.
   */
  createOnly?: boolean;
  /** The language of a new article whose line does not say (DEFAULT_LANGUAGE). */
  defaultLanguage?: string;
  /**
   * IMAGE_ALT_REQUIRED: a PUBLISHED or SCHEDULED line whose "leadImage" has no "alt" is refused,
   * as publishArticle refuses such an article. Off when left out (the demo seed).
   */
  altRequired?: boolean;
}

/**
 * Writes one article with its section, entities and summary; the caller provides the transaction.
 * A new article gets a first revision (IMPORT) to restore, and so does every import that changes it.
 */
export async function writeRecord(
  db: Db,
  record: ImportRecord,
  options: WriteOptions = {},
  events: ArticleEvent[] = [],
): Promise<WriteOutcome> {
  const actorName = options.actorName ?? 'import';
  const existing = record.externalId
    ? await findArticleByExternalId(db, record.externalId)
    : await findArticleBySlugForWrite(db, record.slug ?? slugify(record.title));
  if (
    options.createOnly &&
    (existing || (record.externalId && (await externalIdDeletedInEditor(db, record.externalId))))
  )
    return 'unchanged';
  if (
    options.altRequired &&
    (record.status === 'PUBLISHED' || record.status === 'SCHEDULED') &&
    record.leadImage &&
    !record.leadImage.alt
  ) {
    throw new ImportLineError(
      `"leadImage.alt" is required: a ${record.status} article's lead image must describe itself (IMAGE_ALT_REQUIRED)`,
    );
  }
  if (existing?.deletedAt) {
    throw new ImportLineError(
      `the article "${existing.slug}" is in the trash: restore it (restoreArticle) or let \`npm run purge\` remove it before importing it again`,
    );
  }
  // Without an externalId a line is matched by slug, which would let it overwrite an article an
  // editor wrote under the same slug: that line is refused, every time (a fresh slug instead would
  // add another copy on each re-run). An article imported earlier without an externalId is still
  // matched, so that re-running a file changes nothing.
  if (existing && !record.externalId && existing.externalId === null && (await wasCreatedInEditor(db, existing.id))) {
    throw new ImportLineError(
      `slug "${existing.slug}" belongs to an article created in the editor, which an import does not overwrite; give this line an "externalId" and another "slug"`,
    );
  }
  let slug = existing?.slug ?? record.slug ?? (await uniqueSlug(db, slugify(record.title)));
  if (record.slug && record.slug !== existing?.slug) {
    // Held by another article, or one of its old slugs (which keep resolving to it).
    if (await isArticleSlugTaken(db, record.slug, existing?.id))
      throw new ImportLineError(`slug "${record.slug}" belongs to another article`);
    slug = record.slug;
  }
  const section = record.section ? await upsertSection(db, slugify(record.section), record.section) : null;
  const values = {
    externalId: record.externalId,
    slug,
    title: record.title,
    standfirst: record.standfirst,
    body: record.body,
    status: record.status,
    publishedAt: record.publishedAt,
    sectionId: section?.id ?? null,
    wordCount: countWords(record.body),
    metaTitle: record.metaTitle ?? null,
    metaDescription: record.metaDescription ?? null,
    canonicalUrl: record.canonicalUrl ?? null,
    noindex: record.noindex ?? false,
    leadImageId: record.leadImage ? (await upsertImportedImage(db, record.leadImage)).id : null,
    socialImageId: record.socialImage ? (await upsertImportedImage(db, record.socialImage)).id : null,
    language: record.language ?? existing?.language ?? options.defaultLanguage ?? DEFAULT_LANGUAGE,
  };
  let outcome: WriteOutcome;
  let articleId: number;
  // The IMPORT revision is written once the byline and tags are in place, so its snapshot holds them.
  let revised: { before: ArticleRow | null; after: ArticleRow } | undefined;
  let listsBefore: SnapshotLists = { bylines: [], tagIds: [] };
  if (existing) {
    listsBefore = (await findSnapshotLists(db, [existing.id])).get(existing.id)!;
    // An import changes it: no token did.
    const updated = await updateArticleVersioned(
      db,
      existing.id,
      { ...values, updatedBy: null },
      { onlyIfChanged: true },
    );
    outcome = updated ? 'updated' : 'unchanged';
    articleId = existing.id;
    if (updated) revised = { before: existing, after: updated };
  } else {
    const inserted = await insertArticle(db, values);
    articleId = inserted.id;
    outcome = 'created';
    revised = { before: null, after: inserted };
  }

  let sideWrites = 0;
  const text = `${record.title}\n\n${record.body}`;
  const located = locateNamedEntities(text, record.entities);
  const mentions = [];
  for (const mention of located) {
    const entity = await upsertEntity(db, entitySlug(mention.name), mention.name, mention.kind);
    // The forms this article used (the entity may be known by another name after a merge).
    const forms = [...new Set([mention.name, ...mention.aliases])].filter((form) => form !== entity.name).sort();
    sideWrites += await addEntityAliases(db, entity.id, forms);
    mentions.push({
      entityId: entity.id,
      aliases: forms,
      mentionCount: mention.mentionCount,
      firstOffset: mention.firstOffset,
      salience: mention.salience,
      source: 'IMPORTED' as const,
    });
  }
  sideWrites += await replaceMentions(db, articleId, mentions, ['IMPORTED']);
  sideWrites += await extractArticleEntities(db, {
    id: articleId,
    title: record.title,
    body: record.body,
    language: values.language,
  });
  let listsChanged = false;
  if (record.bylines !== undefined) {
    const { rows, portraits } = await bylineRows(db, record.bylines);
    // A new portrait is a change of the author's record (the import's change report is bulk: every page goes).
    sideWrites += portraits;
    if (await replaceBylines(db, articleId, rows)) listsChanged = true;
  }
  if (record.tags !== undefined) {
    const tagIds: number[] = [];
    for (const name of record.tags) {
      const tag = await upsertTag(db, slugify(name), name);
      if (!tagIds.includes(tag.id)) tagIds.push(tag.id);
    }
    if (await replaceArticleTags(db, articleId, tagIds)) listsChanged = true;
  }
  // New notes are a change of the article, as addArticleCorrection makes them (a version, a revision, an event).
  const notes = await importCorrections(db, articleId, record.corrections ?? []);
  // A new byline, tags or notes alone make a new version too, as setArticleBylines, setArticleTags
  // and addArticleCorrection do.
  if (!revised && (listsChanged || notes.length > 0)) {
    revised = { before: existing!, after: await updateArticleVersioned(db, articleId, { updatedBy: null }) };
    outcome = 'updated';
  }
  if (revised) {
    const { before, after } = revised;
    const snapshot = await revisionSnapshot(db, after);
    const [lists] = await listChanges(db, [
      { before: listsBefore, after: { bylines: snapshot.bylines!, tagIds: snapshot.tagIds! } },
    ]);
    const noteChanges = notes.map((note) => ({ field: `corrections.${note.kind}`, from: null, to: note.text }));
    const changes = [...diffSnapshots(before && snapshotOf(before), snapshot), ...lists!, ...noteChanges];
    await insertRevision(db, {
      articleId,
      version: after.version,
      action: 'IMPORT',
      actorTokenId: null,
      actorName,
      changes,
      snapshot,
    });
    if (before) {
      events.push({
        topic: 'article:updated',
        id: articleId,
        payload: { articleId, version: after.version, action: 'IMPORT', deleted: false },
      });
      if (announcesPublication(after) && !isPubliclyVisible(before)) events.push(publishedEvent(after));
    } else if (announcesPublication(after)) {
      events.push(publishedEvent(after));
    }
  }
  if (record.translationOf) {
    const original = await findArticleByExternalId(db, record.translationOf);
    if (!original)
      throw new ImportLineError(
        `"translationOf": no article has the externalId "${record.translationOf}" (import it first)`,
      );
    if (original.deletedAt)
      throw new ImportLineError(
        `"translationOf": the article "${original.slug}" is in the trash: restore it (restoreArticle) before importing its translations`,
      );
    const problem = await joinTranslationGroup(db, articleId, original.id);
    if (problem) throw new ImportLineError(`"translationOf": ${problem}`);
  }
  if (record.summary) {
    const before = await db
      .selectFrom('summaries')
      .select(sql<number>`1`.as('one'))
      .where('articleId', '=', articleId)
      .where('length', '=', 'SHORT')
      .where('text', '=', record.summary)
      .where('method', '=', 'EDITORIAL')
      .executeTakeFirst();
    if (!before) {
      await upsertSummary(db, {
        articleId,
        length: 'SHORT',
        text: record.summary,
        method: 'EDITORIAL',
        bodyHash: bodyHash(record.body),
      });
      sideWrites += 1;
    }
  }
  if (outcome === 'unchanged' && sideWrites > 0) outcome = 'updated';
  return outcome;
}

/**
 * Appends the notes the article does not have yet (same kind and text), each at its `at` or now,
 * and moves the time readers see as updatedAt to the newest one appended. Returns those appended.
 */
async function importCorrections(
  db: Db,
  articleId: number,
  corrections: NonNullable<ImportRecord['corrections']>,
): Promise<NonNullable<ImportRecord['corrections']>> {
  if (corrections.length === 0) return [];
  const existing = await findCorrectionsByArticleIds(db, [articleId]);
  const known = new Set(existing.map((c) => `${c.kind}\n${c.text}`));
  const added = corrections.filter((c) => !known.has(`${c.kind}\n${c.text}`));
  if (existing.length + added.length > CORRECTIONS_PER_ARTICLE)
    throw new ImportLineError(`the article would have more than ${CORRECTIONS_PER_ARTICLE} notes`);
  for (const c of added)
    await insertCorrection(db, {
      articleId,
      kind: c.kind,
      text: c.text,
      createdBy: null,
      ...(c.at ? { createdAt: c.at } : {}),
    });
  if (added.length > 0) await markSubstantiveChange(db, articleId);
  return added;
}

/**
 * A PUBLISHED article the import makes visible is announced with it; a SCHEDULED one is left to the
 * scheduler, which announces it when it comes due (its claim is what makes that happen once).
 */
function announcesPublication(article: ArticleRow): boolean {
  return article.status === 'PUBLISHED' && isPubliclyVisible(article);
}

function publishedEvent(article: ArticleRow): ArticleEvent {
  return {
    topic: 'article:published',
    payload: { articleId: article.id, sectionId: article.sectionId, version: article.version },
  };
}

/** Imports do not list what they changed; every process drops what it cached (src/changes.ts). */
const IMPORTED: ContentChange = { articleIds: [], entityIds: [], bulk: true };

export interface ImportReport {
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: { line: number; error: string }[];
}

export interface ImportOptions extends WriteOptions {
  batchSize?: number;
  /**
   * The port (src/changes.ts) of an app in this process, told of each committed batch. Without one
   * (the import CLI, the demo seed), every instance hears of the batches through the change feed.
   */
  changes?: ContentChanges;
  onProgress?: (report: ImportReport) => void;
}

interface PendingLine {
  line: number;
  record: ImportRecord;
}

/**
 * Imports NDJSON: one article a line. Each batch is one transaction with a savepoint per line, so
 * a bad line is reported and skipped without leaving anything of itself behind, and a crash loses
 * at most the batch in flight, which a re-run writes again.
 */
export async function importNdjson(db: Db, input: Readable, options: ImportOptions = {}): Promise<ImportReport> {
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
  const report: ImportReport = { lines: 0, created: 0, updated: 0, unchanged: 0, skipped: [] };
  let batch: PendingLine[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    const trx = await db.startTransaction().execute();
    let written = 0;
    const events: ArticleEvent[] = [];
    try {
      for (const { line, record } of pending) {
        const savepoint = await trx.savepoint('line').execute();
        try {
          const lineEvents: ArticleEvent[] = [];
          const outcome = await writeRecord(savepoint as unknown as Db, record, options, lineEvents);
          await savepoint.releaseSavepoint('line').execute();
          events.push(...lineEvents);
          report[outcome] += 1;
          if (outcome !== 'unchanged') written += 1;
        } catch (error) {
          await savepoint.rollbackToSavepoint('line').execute();
          report.skipped.push({ line, error: error instanceof Error ? error.message : String(error) });
        }
      }
      // Nobody in this process publishes the events: every running instance fires them from the feed.
      if (written > 0)
        await recordContentChange(
          trx,
          IMPORTED,
          events,
          options.changes && { origin: options.changes.origin, scope: null },
        );
      await trx.commit().execute();
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      throw error;
    }
    if (written > 0) await options.changes?.notify(IMPORTED);
    options.onProgress?.(report);
  };

  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    if (raw.trim() === '') continue;
    report.lines += 1;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (error) {
        throw new ImportLineError(`not valid JSON (${(error as Error).message})`);
      }
      batch.push({ line: lineNumber, record: validateRecord(parsed) });
    } catch (error) {
      report.skipped.push({ line: lineNumber, error: (error as Error).message });
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  report.skipped.sort((a, b) => a.line - b.line);
  return report;
}
