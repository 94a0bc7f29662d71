import { builder } from '../builder.js';
import { column, reads } from './read.js';
import { ArticleRef } from './refs.js';

// Search and sharing fields of an article (issue #19): what a page's <head> needs beside the
// headline. Written by createArticle/updateArticle and the importer (src/content/seo.ts checks them).
builder.objectFields(ArticleRef, (t) => ({
  metaTitle: t.exposeString('metaTitle', {
    nullable: true,
    description: 'Title for search results and shares (<title>, og:title); null: use the headline.',
    extensions: reads(column('meta_title')),
  }),
  metaDescription: t.exposeString('metaDescription', {
    nullable: true,
    description:
      'Description for search results and shares (meta description, og:description); null: use the standfirst.',
    extensions: reads(column('meta_description')),
  }),
  canonicalUrl: t.exposeString('canonicalUrl', {
    nullable: true,
    description:
      'Absolute URL of the canonical copy (rel=canonical), for syndicated articles; null: this article is canonical.',
    extensions: reads(column('canonical_url')),
  }),
  noindex: t.exposeBoolean('noindex', {
    description: 'Whether search engines are asked not to index the article (robots noindex).',
    extensions: reads(column('noindex')),
  }),
}));
