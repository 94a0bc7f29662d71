import type { Db } from '../db/database.js';
import { findProtectedEntities, type MentionValues, replaceMentions } from '../db/queries/article-entities.js';
import { addEntityAliases, resolveEntities } from '../db/queries/entities.js';
import { isEnrichedLanguage } from '../languages.js';
import type { ExtractedEntity } from '../text/entities.js';
import { entitySlug } from '../text/text.js';
import { nameForms, wholeWordPattern } from './mentions.js';

// The extractor pulls in an NLP lexicon of some 40 MB: load it on the first write, not at start,
// so that instances that only serve reads never carry it.
const loadExtractor = () => import('../text/entities.js');

function namesOf(entity: { name: string; kind: string; aliases: string[] }): string[] {
  return [...nameForms(entity.name, entity.kind), ...entity.aliases].map((n) => n.toLowerCase());
}

/** Where the given names occur in the text (case-insensitive, on word boundaries). */
function spansOf(text: string, names: string[]): [number, number][] {
  const unique = [...new Set(names.filter(Boolean))];
  if (unique.length === 0) return [];
  return [...text.matchAll(wholeWordPattern(unique, 'giu'))].map((m) => [m.index!, m.index! + m[0].length]);
}

/**
 * Finds the people, organisations and places in an article's text and links them to canonical
 * entities shared across articles. Entities given by an import or an editor, and entities an
 * editor removed, win over extraction. Runs whenever the title or body is written; writes nothing
 * when the result is unchanged. Returns the number of rows written.
 */
export async function extractArticleEntities(
  db: Db,
  article: { id: number; title: string; body: string; language: string },
): Promise<number> {
  // The extractor knows English only: an article in another language keeps the entities editors
  // and imports gave it, and none extracted (a change of language drops what was).
  if (!isEnrichedLanguage(article.language)) return replaceMentions(db, article.id, [], ['EXTRACTED']);
  const { extractEntities } = await loadExtractor();
  const extracted = extractEntities(article.title, article.body);
  const protectedEntities = await findProtectedEntities(db, article.id);
  const protectedIds = new Set(protectedEntities.map((p) => p.entityId));
  const protectedNames = new Set(protectedEntities.flatMap(namesOf));
  const taken = spansOf(`${article.title}\n\n${article.body}`, protectedEntities.flatMap(namesOf));
  const overlapsTaken = (e: ExtractedEntity) =>
    e.mentions.some((m) => taken.some(([start, end]) => m.start < end && start < m.end));
  const candidates = extracted.filter(
    (e) => entitySlug(e.name) && !namesOf(e).some((n) => protectedNames.has(n)) && !overlapsTaken(e),
  );
  const resolved = await resolveEntities(
    db,
    candidates.map((c) => ({ slug: entitySlug(c.name), name: c.name, kind: c.kind })),
  );

  const mentions = new Map<number, MentionValues>();
  let written = 0;
  for (const candidate of candidates) {
    const entity = resolved.get(entitySlug(candidate.name));
    if (!entity || protectedIds.has(entity.id)) continue;
    const used = [candidate.name, ...candidate.aliases];
    const newAliases = used.filter((a) => a !== entity.name && !entity.aliases.includes(a));
    if (newAliases.length > 0) written += await addEntityAliases(db, entity.id, newAliases);
    const previous = mentions.get(entity.id);
    mentions.set(entity.id, {
      entityId: entity.id,
      // The forms this article used, the name too: an alias, or the name, is public only when a
      // visible article used it (src/db/queries/entities.ts).
      aliases: [...new Set([...(previous?.aliases ?? []), ...used])].sort(),
      mentionCount: (previous?.mentionCount ?? 0) + candidate.mentionCount,
      firstOffset: Math.min(previous?.firstOffset ?? Number.POSITIVE_INFINITY, candidate.firstOffset),
      salience: Math.max(previous?.salience ?? 0, candidate.salience),
      source: 'EXTRACTED',
    });
  }
  return written + (await replaceMentions(db, article.id, [...mentions.values()], ['EXTRACTED']));
}
