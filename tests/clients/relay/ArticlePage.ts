import { graphql } from 'relay-runtime';

// Input of relay-compiler (tests/clients/snippets/relay.config.json), which writes the artifacts
// in __generated__/ that the tests import (Babel's Relay plugin would put them in place of the
// tags; nothing imports this module at run time).

graphql`
  query ArticlePageQuery($slug: String!) {
    article(slug: $slug) {
      id
      ...ArticlePage_headline
      publishedAt
      section { name }
      entities { entity { id name kind slug } mentionCount }
      previousArticle { id title slug }
      nextArticle { id title slug }
    }
  }
`;

// @refetchable on a Node type makes relay-compiler write ArticleHeadlineRefetchQuery, which
// fetches the article again through `node(id:)`.
graphql`
  fragment ArticlePage_headline on Article @refetchable(queryName: "ArticleHeadlineRefetchQuery") {
    title
    version
  }
`;

graphql`
  query ArticlePageListQuery($count: Int!, $cursor: String) {
    ...ArticlePage_list @arguments(count: $count, cursor: $cursor)
  }
`;

graphql`
  fragment ArticlePage_list on Query
  @argumentDefinitions(count: { type: "Int!" }, cursor: { type: "String" })
  @refetchable(queryName: "ArticleListPaginationQuery") {
    articles(first: $count, after: $cursor) @connection(key: "ArticlePage_articles") {
      edges { node { id slug title } }
    }
  }
`;

graphql`
  mutation ArticlePageCreateMutation($input: CreateArticleInput!) {
    createArticle(input: $input) {
      __typename
      ... on CreateArticleSuccess { article { id slug title status version } }
      ... on MutationError { code field message }
      ... on ValidationError { reason }
    }
  }
`;

graphql`
  mutation ArticlePageUpdateMutation($input: UpdateArticleInput!) {
    updateArticle(input: $input) {
      __typename
      ... on UpdateArticleSuccess { article { id ...ArticlePage_headline } }
      ... on MutationError { code field message }
    }
  }
`;
