// Article languages: BCP 47 tags (RFC 5646), checked and put in canonical case by the runtime's
// Intl (en-gb becomes en-GB, a malformed tag is refused). Pure text: no database or GraphQL here.

/** The longest tag stored (the column's check, migration 20261203303000). */
export const LANGUAGE_TAG_MAX = 35;

/**
 * The languages Broadsheet's enrichment understands: entity extraction (an English NLP lexicon)
 * and generated summaries (sentence splitting and scoring tuned on English news) run only for
 * these; articles in other languages get the summaries and entities editors or imports give.
 */
export const ENRICHED_LANGUAGES = ['en'] as const;

/** The canonical form of a BCP 47 tag, or undefined when it is not one. */
export function canonicalLanguage(value: string): string | undefined {
  const tag = value.trim();
  if (tag.length < 2 || tag.length > LANGUAGE_TAG_MAX) return undefined;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical && canonical.length <= LANGUAGE_TAG_MAX ? canonical : undefined;
  } catch {
    return undefined;
  }
}

/** The primary language subtag: "en" of "en-GB". */
export const primaryLanguage = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** Whether extraction and generated summaries run for articles in this language. */
export function isEnrichedLanguage(tag: string): boolean {
  return (ENRICHED_LANGUAGES as readonly string[]).includes(primaryLanguage(tag));
}
