import { builder } from '../builder.js';
import {
  ARTICLE_CORRECTION_KINDS,
  ARTICLE_ORDERS,
  ARTICLE_STATUSES,
  ENTITY_KINDS,
  MENTION_SOURCES,
  NAVIGATION_SCOPES,
  SUMMARY_LENGTHS,
  SUMMARY_METHODS,
} from '../domain.js';

/**
 * An enum's values from its list in src/domain.ts, in that order, each with its description:
 * the Record makes a value added to the list without a description a type error.
 */
export function described<T extends string>(
  values: readonly T[],
  descriptions: Record<T, string>,
): Record<T, { description: string }> {
  return Object.fromEntries(values.map((value) => [value, { description: descriptions[value] }])) as Record<
    T,
    { description: string }
  >;
}

export const ArticleStatusEnum = builder.enumType('ArticleStatus', {
  description: 'Where an article is in its life. SCHEDULED articles become visible at publishedAt.',
  values: described(ARTICLE_STATUSES, {
    DRAFT: 'Being written: hidden from the public; editors with `read:drafts` see it.',
    SCHEDULED: 'Published with a future `publishedAt`: hidden until then, when it reads as PUBLISHED by itself.',
    PUBLISHED: 'Visible to everyone.',
    ARCHIVED: 'Withdrawn from the public, kept for editors.',
  }),
});

export const EntityKindEnum = builder.enumType('EntityKind', {
  description: 'What kind of thing an entity is.',
  values: described(ENTITY_KINDS, {
    PERSON: 'A person.',
    ORGANIZATION: 'A company, institution, party, team or other organisation.',
    PLACE: 'A country, region, city or other place.',
  }),
});

export const SummaryLengthEnum = builder.enumType('SummaryLength', {
  description: 'How long a summary is.',
  values: described(SUMMARY_LENGTHS, {
    SHORT: 'About one sentence.',
    MEDIUM: 'About three sentences.',
    LONG: 'About five sentences.',
  }),
});

export const SummaryMethodEnum = builder.enumType('SummaryMethod', {
  description: 'Who wrote a summary.',
  values: described(SUMMARY_METHODS, {
    EDITORIAL:
      'Written by an editor, or given with the article when it was imported (an edited model summary too); always preferred.',
    EXTRACTIVE:
      'Whole sentences of the article, chosen by Broadsheet: the summary when no model is configured, and the fallback when the model fails, is refused by the faithfulness guard, or waits for review.',
    MODEL:
      'Written by a language model (SUMMARY_MODEL_URL) from the article; `model` and `promptVersion` say which. It named no person, organisation, place or number absent from the article, and, under SUMMARY_REVIEW=required, an editor approved it.',
  }),
});

export const ArticleCorrectionKindEnum = builder.enumType('ArticleCorrectionKind', {
  description: 'What a note appended to an article tells readers.',
  values: described(ARTICLE_CORRECTION_KINDS, {
    CORRECTION: 'Something the article said was wrong and has been corrected.',
    UPDATE: 'The story moved on and the article was updated with new information.',
    CLARIFICATION: 'Something the article said could be misread and has been made clearer.',
  }),
});

export const MentionSourceEnum = builder.enumType('MentionSource', {
  description: 'How an entity came to be linked to an article.',
  values: described(MENTION_SOURCES, {
    EXTRACTED: 'Found in the text automatically.',
    IMPORTED: 'Given explicitly when the article was imported.',
    EDITORIAL: 'Set or corrected by an editor.',
  }),
});

export const NavigationScopeEnum = builder.enumType('NavigationScope', {
  description: 'Where previousArticle and nextArticle look for the neighbouring article.',
  values: described(NAVIGATION_SCOPES, {
    ALL: 'Across all sections.',
    SECTION: 'Within the article’s own section.',
  }),
});

export const ArticleOrderEnum = builder.enumType('ArticleOrder', {
  description: 'The order of an article list. A cursor belongs to its order: it is INVALID_CURSOR under another.',
  values: described(ARTICLE_ORDERS, {
    PUBLISHED_AT_DESC: 'Newest first; ties broken by id.',
    PUBLISHED_AT_ASC: 'Oldest first; ties broken by id.',
    UPDATED_AT_DESC: 'Most recently modified first (`Article.modifiedAt`: any write).',
  }),
});
