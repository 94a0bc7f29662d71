import type pg from 'pg';

/**
 * The four pages the benchmark loads, each as Broadsheet's query (which the floor server also
 * answers, dispatching on operationName) and as PostGraphile's equivalent, plus a normaliser that
 * maps any of the three responses to one comparable shape, so the run can check that the servers
 * return the same content before it times them.
 */

export type ServerKind = 'broadsheet' | 'peer' | 'floor';
export type ScenarioName = 'article' | 'list' | 'entity' | 'search';

export interface Inputs {
  articleSlugs: string[];
  entitySlugs: string[];
  searchTerms: string[];
}

export interface Scenario {
  name: ScenarioName;
  label: string;
  /** Request bodies (JSON) for a server: one per sampled input, cycled through by the load. */
  bodies(kind: ServerKind, inputs: Inputs): string[];
  /** The response's content in one shape whatever the server. */
  normalise(kind: ServerKind, response: any): unknown;
}

const body = (query: string, operationName: string, variables?: Record<string, unknown>) =>
  JSON.stringify(variables ? { query, operationName, variables } : { query, operationName });

export const BROADSHEET_QUERIES = {
  ArticlePage: `query ArticlePage($slug: String!) {
  article(slug: $slug) {
    title standfirst publishedAt body
    section { name slug }
    summary(length: SHORT) { text }
    entities { entity { name slug kind } mentionCount salience }
    previousArticle { title slug }
    nextArticle { title slug }
  }
}`,
  ArticleList: `query ArticleList {
  articles(first: 50) {
    edges { node { title slug standfirst publishedAt section { name slug } entities { entity { name slug kind } } } }
  }
}`,
  EntityPage: `query EntityPage($slug: String!) {
  entity(slug: $slug) {
    name kind aliases
    articles(first: 20) { edges { node { title slug standfirst publishedAt } } }
  }
}`,
  Search: `query Search($query: String!) {
  search(query: $query, first: 10) { edges { node { rank article { title slug } } } }
}`,
};

export const PEER_QUERIES = {
  ArticlePage: `query ArticlePage($slug: String!) {
  articleBySlug(slug: $slug) {
    title standfirst publishedAt body
    sectionBySectionId { name slug }
    summariesByArticleId(condition: { length: SHORT }) { nodes { text } }
    articleEntitiesByArticleId(orderBy: [SALIENCE_DESC, MENTION_COUNT_DESC]) { nodes { entityByEntityId { name slug kind } mentionCount salience } }
    previous { title slug }
    next { title slug }
  }
}`,
  ArticleList: `query ArticleList {
  allArticles(first: 50, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC], condition: { status: PUBLISHED }) {
    nodes {
      title slug standfirst publishedAt sectionBySectionId { name slug }
      articleEntitiesByArticleId(orderBy: [SALIENCE_DESC, MENTION_COUNT_DESC]) { nodes { entityByEntityId { name slug kind } } }
    }
  }
}`,
  EntityPage: `query EntityPage($slug: String!) {
  entityBySlug(slug: $slug) {
    name kind aliases
    recentArticles(first: 20) { nodes { title slug standfirst publishedAt } }
  }
}`,
  Search: `query Search($query: String!) {
  searchArticles(query: $query, first: 10) { nodes { title slug } }
}`,
};

const queries = (kind: ServerKind) => (kind === 'peer' ? PEER_QUERIES : BROADSHEET_QUERIES);
const instant = (value: string | null | undefined) => (value == null ? null : new Date(value).toISOString());
const slugs = (list: { slug: string }[]) => list.map((x) => x.slug);
/** Ties in salience order differently across servers; the set of entities is what must match. */
const entitySet = (list: { slug: string }[]) => slugs(list).sort();

export const scenarios: Scenario[] = [
  {
    name: 'article',
    label: 'article page',
    bodies: (kind, inputs) => inputs.articleSlugs.map((slug) => body(queries(kind).ArticlePage, 'ArticlePage', { slug })),
    normalise(kind, response) {
      const a = kind === 'peer' ? response.data?.articleBySlug : response.data?.article;
      if (!a) return null;
      const peer = kind === 'peer';
      return {
        title: a.title,
        standfirst: a.standfirst,
        publishedAt: instant(a.publishedAt),
        bodyLength: a.body.length,
        section: peer ? a.sectionBySectionId?.slug : a.section?.slug,
        summary: peer ? (a.summariesByArticleId.nodes[0]?.text ?? null) : (a.summary?.text ?? null),
        entities: entitySet(peer ? a.articleEntitiesByArticleId.nodes.map((n: any) => n.entityByEntityId) : a.entities.map((m: any) => m.entity)),
        previous: (peer ? a.previous : a.previousArticle)?.slug ?? null,
        next: (peer ? a.next : a.nextArticle)?.slug ?? null,
      };
    },
  },
  {
    name: 'list',
    label: 'list of 50',
    bodies: (kind) => [body(queries(kind).ArticleList, 'ArticleList')],
    normalise(kind, response) {
      const nodes = kind === 'peer' ? response.data?.allArticles?.nodes : response.data?.articles?.edges.map((e: any) => e.node);
      if (!nodes) return null;
      return nodes.map((n: any) => ({
        slug: n.slug,
        publishedAt: instant(n.publishedAt),
        section: (kind === 'peer' ? n.sectionBySectionId : n.section)?.slug,
        entities: entitySet(kind === 'peer' ? n.articleEntitiesByArticleId.nodes.map((m: any) => m.entityByEntityId) : n.entities.map((m: any) => m.entity)),
      }));
    },
  },
  {
    name: 'entity',
    label: 'entity page',
    bodies: (kind, inputs) => inputs.entitySlugs.map((slug) => body(queries(kind).EntityPage, 'EntityPage', { slug })),
    normalise(kind, response) {
      const e = kind === 'peer' ? response.data?.entityBySlug : response.data?.entity;
      if (!e) return null;
      const articles = kind === 'peer' ? e.recentArticles.nodes : e.articles.edges.map((x: any) => x.node);
      return { name: e.name, kind: e.kind, aliases: e.aliases, articles: slugs(articles) };
    },
  },
  {
    name: 'search',
    label: 'search',
    bodies: (kind, inputs) => inputs.searchTerms.map((query) => body(queries(kind).Search, 'Search', { query })),
    normalise(kind, response) {
      const nodes = kind === 'peer' ? response.data?.searchArticles?.nodes : response.data?.search?.edges.map((e: any) => e.node.article);
      // Equal ranks may come in any order; the page's articles are what must match.
      return nodes ? slugs(nodes).sort() : null;
    },
  },
];

/**
 * Inputs drawn from the data: article slugs uniformly, entity slugs in proportion to how often
 * they are mentioned (popular entities get the traffic), search terms among lexemes that occur in
 * a fair number of documents.
 */
export async function sampleInputs(pool: pg.Pool, count: number, seed: number): Promise<Inputs> {
  await pool.query('select setseed($1)', [((seed % 1000) + 1) / 1001]);
  const articles = await pool.query<{ slug: string }>(
    `select slug from articles where status in ('PUBLISHED', 'SCHEDULED') and published_at <= now() order by random() limit $1`,
    [count],
  );
  const entities = await pool.query<{ slug: string }>(
    `select e.slug from (select entity_id from article_entities order by random() limit $1) m join entities e on e.id = m.entity_id`,
    [count],
  );
  const terms = await pool.query<{ word: string }>(
    `select word from ts_stat($$select search from articles where id % 97 = 0$$)
      where length(word) >= 5 and word ~ '^[a-z]+$' and ndoc >= 3 order by random() limit 200`,
  );
  const searchTerms = terms.rows.map((r) => r.word);
  if (searchTerms.length === 0) searchTerms.push('government');
  return { articleSlugs: articles.rows.map((r) => r.slug), entitySlugs: entities.rows.map((r) => r.slug), searchTerms };
}
