import type { EntityKind } from '../db/tables.js';

export interface EntityMention {
  name: string;
  kind: EntityKind;
  aliases: string[];
  mentionCount: number;
  firstOffset: number;
  salience: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms an entity goes by in running text: its name, and for a person the surname alone. */
export function nameForms(name: string, kind: string): string[] {
  const parts = name.split(/\s+/);
  return kind === 'PERSON' && parts.length > 1 ? [name, parts.at(-1)!] : [name];
}

/** Matches any of the forms as a whole word (no letter or digit on either side). */
export function wholeWordPattern(forms: readonly string[], flags = 'gu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${forms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, flags);
}

/**
 * Locates entities named explicitly (by an import or an editor) in the text: every occurrence of
 * the full name, and for people of the surname alone, on word boundaries.
 */
export function locateNamedEntities(text: string, entities: { name: string; kind: EntityKind }[]): EntityMention[] {
  return entities.map(({ name, kind }) => {
    const offsets = [...text.matchAll(wholeWordPattern(nameForms(name, kind)))].map((m) => m.index!);
    const mentionCount = offsets.length;
    const firstOffset = offsets[0] ?? 0;
    // Frequent and early mentions matter most; a named entity that is not in the text still counts a little.
    const salience =
      mentionCount === 0 ? 0.1 : Math.min(1, 0.15 * mentionCount + 0.5 * (1 - firstOffset / Math.max(1, text.length)));
    return { name, kind, aliases: [], mentionCount, firstOffset, salience: Math.round(salience * 1000) / 1000 };
  });
}
