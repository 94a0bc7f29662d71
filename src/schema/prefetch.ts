import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { ArticlePage, PageIncludes } from '../db/queries/article-pages.js';
import type { NavigationDirection, NavigationScope } from '../db/queries/articles.js';
import { Lookahead } from './lookahead.js';

/**
 * Selection-aware prefetch for the article page and article lists: the root resolvers read what
 * the query selects on Article, fetch it with the article rows in one statement
 * (src/db/queries/article-pages.ts) and prime the per-request loaders, so the field resolvers of
 * src/schema/article.ts stay as they are and simply find the loaders' answers cached.
 */

// Fields of Article that read the body: a list fetches it only when one of them is selected.
const BODY_READERS = ['body', 'paragraphs', 'summary'];

/** What the selection under an Article needs prefetched. */
export function articleIncludes(article: Lookahead, info: GraphQLResolveInfo): PageIncludes {
  const type = info.schema.getType('Article') as GraphQLObjectType;
  const adjacent = new Map<string, { direction: NavigationDirection; scope: NavigationScope }>();
  for (const [field, direction] of [
    ['previousArticle', 'PREVIOUS'],
    ['nextArticle', 'NEXT'],
  ] as const) {
    for (const args of article.argumentsOf(type, field)) {
      const scope = args.scope as NavigationScope;
      adjacent.set(`${direction}:${scope}`, { direction, scope });
    }
  }
  return {
    section: article.has('section'),
    summaries: article.has('summary'),
    mentions: article.has('entities'),
    adjacent: [...adjacent.values()],
    body: article.hasAny(BODY_READERS),
  };
}

/** The selection on the nodes of an article connection. */
export function connectionNodeSelection(info: GraphQLResolveInfo): Lookahead {
  return Lookahead.of(info).child('edges').child('node');
}

/**
 * Primes the loaders with prefetched pages. DataLoader.prime never overwrites an entry, so
 * something loaded earlier in the request wins, as it would have without prefetch. Rows without
 * their body go only to the resolvers whose selection was inspected, never into the shared
 * article loader, where another field of the same request might read the body.
 */
export function primeArticlePages(ctx: Context, pages: readonly ArticlePage[], includes: PageIncludes): void {
  const { loaders } = ctx;
  for (const page of pages) {
    const { article } = page;
    if (includes.body) loaders.primeArticles([article]);
    if (page.section) loaders.section.prime(page.section.id, page.section);
    if (page.summaries) loaders.summaries.prime(article.id, page.summaries);
    if (page.mentions) {
      loaders.mentions.prime(article.id, page.mentions);
      for (const mention of page.mentions) loaders.entity.prime(mention.entity.id, mention.entity);
    }
    for (const { request, article: neighbour } of page.adjacent) {
      loaders.adjacent.prime(request, neighbour);
      if (neighbour) loaders.primeArticles([neighbour]);
    }
  }
}
