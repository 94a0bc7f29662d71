import type pg from 'pg';
import type { ClientShape, WireRequest } from './clients.js';

/**
 * The four pages the benchmark loads, each as Broadsheet's query (which the floor server also
 * answers, dispatching on operationName) and as PostGraphile's equivalent, plus a normaliser that
 * maps any of the three responses to one comparable shape, so the run can check that the servers
 * return the same content before it times them.
 */

export type ServerKind = 'broadsheet' | 'peer' | 'floor' | 'yoga-floor';
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
    previous: previousList { title slug }
    next: nextList { title slug }
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
    name kind aliases: publicAliases
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
/** The list's entities as a set: the peer cannot order them by the entity's name as a tie-break. */
const entitySet = (list: { slug: string }[]) => slugs(list).sort();

export const scenarios: Scenario[] = [
  {
    name: 'article',
    label: 'article page',
    bodies: (kind, inputs) =>
      inputs.articleSlugs.map((slug) => body(queries(kind).ArticlePage, 'ArticlePage', { slug })),
    normalise: (kind, response) => wholeArticle(kind, response),
  },
  {
    name: 'list',
    label: 'list of 50',
    bodies: (kind) => [body(queries(kind).ArticleList, 'ArticleList')],
    normalise(kind, response) {
      const nodes =
        kind === 'peer' ? response.data?.allArticles?.nodes : response.data?.articles?.edges.map((e: any) => e.node);
      if (!nodes) return null;
      return nodes.map((n: any) => ({
        slug: n.slug,
        publishedAt: instant(n.publishedAt),
        section: (kind === 'peer' ? n.sectionBySectionId : n.section)?.slug,
        entities: entitySet(
          kind === 'peer'
            ? n.articleEntitiesByArticleId.nodes.map((m: any) => m.entityByEntityId)
            : n.entities.map((m: any) => m.entity),
        ),
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
      const nodes =
        kind === 'peer'
          ? response.data?.searchArticles?.nodes
          : response.data?.search?.edges.map((e: any) => e.node.article);
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

/** One request on the wire: method, path with its query string, headers and body. */
export type { WireRequest } from './clients.js';

/**
 * A scenario as the load sends it: requests with their headers (a client's real shape), the
 * requests a client sends first (APQ registration), and the servers it runs on.
 */
export interface LoadScenario {
  name: string;
  label: string;
  /** Servers this scenario runs on (all when absent). */
  servers?: ServerKind[];
  requests(kind: ServerKind, inputs: Inputs): WireRequest[];
  setup?(kind: ServerKind, inputs: Inputs): WireRequest[];
  normalise(kind: ServerKind, response: any): unknown;
}

const ENDPOINT = '/graphql';
const plainPost = (body: string): WireRequest => ({
  method: 'POST',
  path: ENDPOINT,
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body,
});

/** The four pages as plain POSTs (what the bench sent before client shapes existed). */
export const coreScenarios: LoadScenario[] = scenarios.map((s) => ({
  name: s.name,
  label: s.label,
  requests: (kind, inputs) => s.bodies(kind, inputs).map(plainPost),
  normalise: (kind, response) => s.normalise(kind, response),
}));

/** The README's "Example queries" article page, verbatim (Broadsheet only: it asks for fields the others do not serve). */
export function readmeArticlePage(readme: string): string {
  const section = readme.slice(readme.indexOf('## Example queries'));
  const match = /```graphql\n(query ArticlePage[\s\S]*?)```/.exec(section);
  if (!match) throw new Error("README.md has no ArticlePage query under 'Example queries'");
  return match[1]!;
}

/** Entities in one order on every server: salience, mentions, then name and slug (Broadsheet and the floor tie on the
 * entity's id, which the peer's answer does not carry, so the comparison ties on what every answer holds). */
const byMentionOrder = (a: any, b: any) =>
  b.salience - a.salience ||
  b.mentionCount - a.mentionCount ||
  (a.entity.name < b.entity.name ? -1 : a.entity.name > b.entity.name ? 1 : 0) ||
  (a.entity.slug < b.entity.slug ? -1 : 1);

/** The article page's whole content, in one shape whatever the server or client. */
function wholeArticle(kind: ServerKind, response: any): unknown {
  const a = kind === 'peer' ? response.data?.articleBySlug : response.data?.article;
  if (a === undefined) return { errors: response.errors ?? 'no data' };
  if (a === null) return null;
  const peer = kind === 'peer';
  const entities = (
    peer
      ? a.articleEntitiesByArticleId.nodes.map((n: any) => ({
          entity: n.entityByEntityId,
          mentionCount: n.mentionCount,
          salience: n.salience,
        }))
      : a.entities
  ).map((m: any) => ({
    entity: { name: m.entity.name, slug: m.entity.slug, kind: m.entity.kind },
    mentionCount: m.mentionCount,
    salience: m.salience,
  }));
  // The peer's previous/next are lists of at most one (setof functions, which PostgreSQL inlines).
  const link = (x: any) => {
    const one = Array.isArray(x) ? (x[0] ?? null) : x;
    return one ? { title: one.title, slug: one.slug } : null;
  };
  const section = peer ? a.sectionBySectionId : a.section;
  return {
    title: a.title,
    standfirst: a.standfirst,
    publishedAt: instant(a.publishedAt),
    body: a.body,
    section: section ? { name: section.name, slug: section.slug } : null,
    summary: peer ? (a.summariesByArticleId.nodes[0]?.text ?? null) : (a.summary?.text ?? null),
    entities: entities.sort(byMentionOrder),
    previous: link(peer ? a.previous : a.previousArticle),
    next: link(peer ? a.next : a.nextArticle),
  };
}

/**
 * The article page as each common client sends it (bench/clients.ts) to Broadsheet; the peer and
 * the floor get their own article page request with the same headers where it is a POST (neither
 * takes APQ or GET queries), so the comparison is the same page.
 */
export function clientScenarios(shapes: ClientShape[], relayQuery: string): LoadScenario[] {
  const operation = (slug: string, relay: boolean) =>
    relay
      ? { query: relayQuery, operationName: 'ArticlePageQuery', variables: { slug } }
      : { query: BROADSHEET_QUERIES.ArticlePage, operationName: 'ArticlePage', variables: { slug } };
  return shapes.map((shape) => ({
    name: `article-${shape.name}`,
    label: `article page, ${shape.label}`,
    requests(kind, inputs) {
      if (kind === 'broadsheet')
        return inputs.articleSlugs.map((slug) => shape.request(operation(slug, shape.name === 'relay'), ENDPOINT));
      return inputs.articleSlugs.map((slug) => {
        const body = JSON.stringify({
          query: queries(kind).ArticlePage,
          operationName: 'ArticlePage',
          variables: { slug },
        });
        const sample = shape.request(operation(slug, false), ENDPOINT);
        return sample.method === 'POST' ? { ...sample, body } : plainPost(body);
      });
    },
    setup: (kind, inputs) =>
      kind === 'broadsheet' && shape.setup && inputs.articleSlugs[0]
        ? shape.setup(operation(inputs.articleSlugs[0], false), ENDPOINT)
        : [],
    normalise: wholeArticle,
  }));
}

export function readmeScenario(query: string): LoadScenario {
  return {
    name: 'article-readme',
    label: "article page, the README's query verbatim",
    servers: ['broadsheet'],
    requests: (_kind, inputs) =>
      inputs.articleSlugs.map((slug) => ({
        method: 'POST',
        path: ENDPOINT,
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json,application/json;q=0.9',
        },
        body: JSON.stringify({ query, operationName: 'ArticlePage', variables: { slug } }),
      })),
    normalise: (_kind, response) => response,
  };
}
