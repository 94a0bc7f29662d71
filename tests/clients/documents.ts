// The operations a news front end sends, shared by the client tests (Relay's are compiled from
// tests/clients/relay/, codegen's are typed in the codegen test).

export const ARTICLE_PAGE = /* GraphQL */ `
  query ArticlePage($slug: String!) {
    article(slug: $slug) {
      id
      title
      publishedAt
      section { id name }
      entities { entity { id name kind slug } mentionCount }
      previousArticle { id title slug }
      nextArticle { id title slug }
    }
  }
`;

export const ARTICLE_LIST = /* GraphQL */ `
  query ArticleList($first: Int!, $after: String) {
    articles(first: $first, after: $after) {
      edges { cursor node { id slug title } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const NODE = /* GraphQL */ `
  query Node($id: ID!) {
    node(id: $id) { __typename id ... on Article { slug title } }
  }
`;

export const CREATE_ARTICLE = /* GraphQL */ `
  mutation CreateArticle($input: CreateArticleInput!) {
    createArticle(input: $input) {
      __typename
      ... on CreateArticleSuccess { article { id slug title status version } }
      ... on MutationError { code field message }
      ... on ValidationError { reason }
    }
  }
`;

export const UPDATE_ARTICLE = /* GraphQL */ `
  mutation UpdateArticle($input: UpdateArticleInput!) {
    updateArticle(input: $input) {
      __typename
      ... on UpdateArticleSuccess { article { id title version } }
      ... on MutationError { code field message }
      ... on ConflictError { currentVersion }
    }
  }
`;

/** The article page as every client should read it, whatever it adds (such as __typename). */
export const HARBOUR_PAGE = {
  title: 'Harbour reopens after storm',
  publishedAt: '2026-03-03T08:00:00.000Z',
  section: { name: 'World' },
  entities: [
    { entity: { name: 'Port Vale', kind: 'PLACE', slug: 'port-vale' }, mentionCount: 1 },
    { entity: { name: 'Ada Quill', kind: 'PERSON', slug: 'ada-quill' }, mentionCount: 1 },
  ],
  previousArticle: { title: 'Crews thanked by the mayor', slug: 'crews-thanked' },
  nextArticle: { title: 'Ferry returns to Port Vale', slug: 'ferry-returns' },
};
