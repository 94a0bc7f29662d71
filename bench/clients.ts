import { createHash } from 'node:crypto';
import { type ASTNode, Kind, parse, print, type SelectionSetNode, visit } from 'graphql';

/**
 * The requests common GraphQL clients send for one operation: their headers and bodies as they
 * put them on the wire (from each client's source: Apollo Client 4's HttpLink and
 * PersistedQueryLink, urql's fetch exchange and document formatting, graphql-request 7, Relay's
 * documented fetch function). The benchmark loads Broadsheet with each, and tests/fast-path.test.ts
 * checks that each is answered by compiled reads, byte for byte as the executor answers it.
 */

export interface Operation {
  query: string;
  operationName: string;
  variables?: Record<string, unknown>;
}

export interface WireRequest {
  method: 'GET' | 'POST';
  /** Path and query string, from the endpoint's own path (`/graphql?…`). */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ClientShape {
  name: string;
  label: string;
  /** The request a client sends once the operation is known to the server (APQ: hash only). */
  request(operation: Operation, endpoint: string): WireRequest;
  /** Requests a client sends first (APQ registration); answered before load. */
  setup?(operation: Operation, endpoint: string): WireRequest[];
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const json = (value: unknown) => JSON.stringify(value);
const withVariables = (operation: Operation) => (operation.variables ? { variables: operation.variables } : {});

/** urql adds `__typename` to every selection set below the root (formatDocument) before printing. */
export function withTypenames(query: string): string {
  const document = parse(query);
  const formatted = visit(document, {
    SelectionSet(node: SelectionSetNode, _key, parent: ASTNode | readonly ASTNode[] | undefined) {
      if (parent && !Array.isArray(parent) && (parent as ASTNode).kind === Kind.OPERATION_DEFINITION) return undefined;
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias))
        return undefined;
      return {
        ...node,
        selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }],
      };
    },
  });
  return print(formatted);
}

const APOLLO_ACCEPT = 'application/graphql-response+json,application/json;q=0.9';
const APOLLO_EXTENSIONS = { clientLibrary: { name: '@apollo/client', version: '4.0.7' } };

export const clientShapes: ClientShape[] = [
  {
    name: 'fetch',
    label: 'plain fetch POST',
    // fetch() with only a content type: Accept is */*.
    request: (o, endpoint) => ({
      method: 'POST',
      path: endpoint,
      headers: { 'content-type': 'application/json', accept: '*/*' },
      body: json({ query: o.query, operationName: o.operationName, ...withVariables(o) }),
    }),
  },
  {
    name: 'apollo',
    label: 'Apollo Client 4',
    // HttpLink: operationName, variables, extensions (clientLibrary), then query.
    request: (o, endpoint) => ({
      method: 'POST',
      path: endpoint,
      headers: { 'content-type': 'application/json', accept: APOLLO_ACCEPT },
      body: json({
        operationName: o.operationName,
        variables: o.variables ?? {},
        extensions: APOLLO_EXTENSIONS,
        query: o.query,
      }),
    }),
  },
  {
    name: 'urql',
    label: 'urql',
    request: (o, endpoint) => ({
      method: 'POST',
      path: endpoint,
      headers: {
        'content-type': 'application/json',
        accept:
          'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
      },
      body: json({ operationName: o.operationName, query: withTypenames(o.query), ...withVariables(o) }),
    }),
  },
  {
    name: 'graphql-request',
    label: 'graphql-request 7',
    request: (o, endpoint) => ({
      method: 'POST',
      path: endpoint,
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: json({ query: o.query, ...withVariables(o), operationName: o.operationName }),
    }),
  },
  {
    name: 'relay',
    label: 'Relay (documented fetchFn)',
    request: (o, endpoint) => ({
      method: 'POST',
      path: endpoint,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: json({ query: o.query, variables: o.variables ?? {} }),
    }),
  },
  {
    name: 'apq-post',
    label: 'Apollo APQ, hash over POST',
    setup: (o, endpoint) => [apqRegistration(o, endpoint)],
    request: (o, endpoint) => ({
      method: 'POST',
      path: endpoint,
      headers: { 'content-type': 'application/json', accept: APOLLO_ACCEPT },
      body: json({
        operationName: o.operationName,
        variables: o.variables ?? {},
        extensions: { ...APOLLO_EXTENSIONS, persistedQuery: { version: 1, sha256Hash: sha256(o.query) } },
      }),
    }),
  },
  {
    name: 'apq-get',
    label: 'Apollo APQ, hash over GET',
    setup: (o, endpoint) => [apqRegistration(o, endpoint)],
    // PersistedQueryLink with useGETForHashedQueries: operationName, variables, extensions in the URL.
    request: (o, endpoint) => ({
      method: 'GET',
      path: `${endpoint}?${new URLSearchParams({
        operationName: o.operationName,
        variables: json(o.variables ?? {}),
        extensions: json({ ...APOLLO_EXTENSIONS, persistedQuery: { version: 1, sha256Hash: sha256(o.query) } }),
      })}`,
      headers: { accept: APOLLO_ACCEPT },
    }),
  },
  {
    name: 'get',
    label: 'plain GET query',
    request: (o, endpoint) => ({
      method: 'GET',
      path: `${endpoint}?${new URLSearchParams({ query: o.query, operationName: o.operationName, ...(o.variables ? { variables: json(o.variables) } : {}) })}`,
      headers: { accept: 'application/graphql-response+json' },
    }),
  },
];

/** Hash and document together: what an APQ client sends after the server's PersistedQueryNotFound. */
function apqRegistration(o: Operation, endpoint: string): WireRequest {
  return {
    method: 'POST',
    path: endpoint,
    headers: { 'content-type': 'application/json', accept: APOLLO_ACCEPT },
    body: json({
      operationName: o.operationName,
      variables: o.variables ?? {},
      extensions: { ...APOLLO_EXTENSIONS, persistedQuery: { version: 1, sha256Hash: sha256(o.query) } },
      query: o.query,
    }),
  };
}

/** The trusted-documents request of an operation whose manifest id is `id`. */
export function trustedDocumentRequest(id: string, o: Operation, endpoint: string): WireRequest {
  return {
    method: 'POST',
    path: endpoint,
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: json({ documentId: `sha256:${id}`, operationName: o.operationName, ...withVariables(o) }),
  };
}

/**
 * The Relay compiler's form of a query: the page's fields in a named fragment, and `id` selected
 * on every type that has one (Relay's normalised store keys records by it).
 */
export const RELAY_ARTICLE_PAGE = `query ArticlePageQuery($slug: String!) {
  article(slug: $slug) {
    ...ArticlePage_article
    id
  }
}

fragment ArticlePage_article on Article {
  title
  standfirst
  publishedAt
  body
  section {
    name
    slug
    id
  }
  summary(length: SHORT) {
    text
  }
  entities {
    entity {
      name
      slug
      kind
      id
    }
    mentionCount
    salience
  }
  previousArticle {
    title
    slug
    id
  }
  nextArticle {
    title
    slug
    id
  }
}`;
