import { builder } from '../builder.js';

export const ArticleStatusEnum = builder.enumType('ArticleStatus', {
  description: 'Where an article is in its life. SCHEDULED articles become visible at publishedAt.',
  values: ['DRAFT', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED'] as const,
});

export const EntityKindEnum = builder.enumType('EntityKind', {
  values: ['PERSON', 'ORGANIZATION', 'PLACE'] as const,
});

export const SummaryLengthEnum = builder.enumType('SummaryLength', {
  values: {
    SHORT: { description: 'About one sentence.' },
    MEDIUM: { description: 'About three sentences.' },
    LONG: { description: 'About five sentences.' },
  } as const,
});

export const SummaryMethodEnum = builder.enumType('SummaryMethod', {
  values: {
    EDITORIAL: { description: 'Written by an editor; always preferred.' },
    EXTRACTIVE: { description: 'Generated from sentences of the article.' },
  } as const,
});

export const MentionSourceEnum = builder.enumType('MentionSource', {
  values: {
    EXTRACTED: { description: 'Found in the text automatically.' },
    IMPORTED: { description: 'Given explicitly when the article was imported.' },
    EDITORIAL: { description: 'Set or corrected by an editor.' },
  } as const,
});

export const NavigationScopeEnum = builder.enumType('NavigationScope', {
  values: {
    ALL: { description: 'Across all sections.' },
    SECTION: { description: 'Within the article’s own section.' },
  } as const,
});

export const ArticleOrderEnum = builder.enumType('ArticleOrder', {
  values: {
    PUBLISHED_AT_DESC: { description: 'Newest first; ties broken by id.' },
    PUBLISHED_AT_ASC: { description: 'Oldest first; ties broken by id.' },
    UPDATED_AT_DESC: { description: 'Most recently updated first.' },
  } as const,
});
