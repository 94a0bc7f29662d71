import type { EntityKind } from '../db/tables.js';

export interface EntityMention {
  name: string;
  kind: EntityKind;
  aliases: string[];
  mentionCount: number;
  firstOffset: number;
  salience: number;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Locates entities named explicitly (by an import or an editor) in the text: every occurrence of
 * the full name, and for people of the surname alone, on word boundaries.
 */
export function locateNamedEntities(text: string, entities: { name: string; kind: EntityKind }[]): EntityMention[] {
  return entities.map(({ name, kind }) => {
    const forms = [name];
    const parts = name.split(/\s+/);
    if (kind === 'PERSON' && parts.length > 1) forms.push(parts.at(-1)!);
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
    const offsets = [...text.matchAll(pattern)].map((m) => m.index!);
    const mentionCount = offsets.length;
    const firstOffset = offsets[0] ?? 0;
    // Frequent and early mentions matter most; a named entity that is not in the text still counts a little.
    const salience = mentionCount === 0 ? 0.1 : Math.min(1, 0.15 * mentionCount + 0.5 * (1 - firstOffset / Math.max(1, text.length)));
    return { name, kind, aliases: [], mentionCount, firstOffset, salience: Math.round(salience * 1000) / 1000 };
  });
}
