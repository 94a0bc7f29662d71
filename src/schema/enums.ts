import { builder } from '../builder.js';

export const ArticleStatusEnum = builder.enumType('ArticleStatus', {
  description: 'Where an article is in its life. SCHEDULED articles become visible at publishedAt.',
  values: {
    DRAFT: { description: 'Being written: hidden from the public; editors with `read:drafts` see it.' },
    SCHEDULED: {
      description: 'Published with a future `publishedAt`: hidden until then, when it reads as PUBLISHED by itself.',
    },
    PUBLISHED: { description: 'Visible to everyone.' },
    ARCHIVED: { description: 'Withdrawn from the public, kept for editors.' },
  } as const,
});

export const EntityKindEnum = builder.enumType('EntityKind', {
  description: 'What kind of thing an entity is.',
  values: {
    PERSON: { description: 'A person.' },
    ORGANIZATION: { description: 'A company, institution, party, team or other organisation.' },
    PLACE: { description: 'A country, region, city or other place.' },
  } as const,
});

export const SummaryLengthEnum = builder.enumType('SummaryLength', {
  description: 'How long a summary is.',
  values: {
    SHORT: { description: 'About one sentence.' },
    MEDIUM: { description: 'About three sentences.' },
    LONG: { description: 'About five sentences.' },
  } as const,
});

export const SummaryMethodEnum = builder.enumType('SummaryMethod', {
  description: 'Who wrote a summary.',
  values: {
    EDITORIAL: {
      description:
        'Written by an editor, or given with the article when it was imported (an edited model summary too); always preferred.',
    },
    EXTRACTIVE: {
      description:
        'Whole sentences of the article, chosen by Broadsheet: the summary when no model is configured, and the fallback when the model fails, is refused by the faithfulness guard, or waits for review.',
    },
    MODEL: {
      description:
        'Written by a language model (SUMMARY_MODEL_URL) from the article; `model` and `promptVersion` say which. It named no person, organisation, place or number absent from the article, and, under SUMMARY_REVIEW=required, an editor approved it.',
    },
  } as const,
});

export const ArticleCorrectionKindEnum = builder.enumType('ArticleCorrectionKind', {
  description: 'What a note appended to an article tells readers.',
  values: {
    CORRECTION: { description: 'Something the article said was wrong and has been corrected.' },
    UPDATE: { description: 'The story moved on and the article was updated with new information.' },
    CLARIFICATION: { description: 'Something the article said could be misread and has been made clearer.' },
  } as const,
});

export const MentionSourceEnum = builder.enumType('MentionSource', {
  description: 'How an entity came to be linked to an article.',
  values: {
    EXTRACTED: { description: 'Found in the text automatically.' },
    IMPORTED: { description: 'Given explicitly when the article was imported.' },
    EDITORIAL: { description: 'Set or corrected by an editor.' },
  } as const,
});

export const NavigationScopeEnum = builder.enumType('NavigationScope', {
  description: 'Where previousArticle and nextArticle look for the neighbouring article.',
  values: {
    ALL: { description: 'Across all sections.' },
    SECTION: { description: 'Within the article’s own section.' },
  } as const,
});

export const ArticleOrderEnum = builder.enumType('ArticleOrder', {
  description: 'The order of an article list. A cursor belongs to its order: it is INVALID_CURSOR under another.',
  values: {
    PUBLISHED_AT_DESC: { description: 'Newest first; ties broken by id.' },
    PUBLISHED_AT_ASC: { description: 'Oldest first; ties broken by id.' },
    UPDATED_AT_DESC: { description: 'Most recently modified first (`Article.modifiedAt`: any write).' },
  } as const,
});
