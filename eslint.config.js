import graphql from '@graphql-eslint/eslint-plugin';

// `npm run lint`: the printed schema (the API contract, schema/schema.graphql) against
// @graphql-eslint's recommended schema rules and its Relay rules.
export default [
  {
    files: ['schema/schema.graphql'],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema: 'schema/schema.graphql' } } },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      ...graphql.configs['flat/schema-relay'].rules,
      // Stricter than recommended: every type, field, argument, input field and enum value says
      // what it is for. Apollo Federation's own names (_Any, _Entity, _Service, _entities,
      // _service and its `representations`) are the federation spec's, not ours to describe.
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          DirectiveDefinition: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          ignoredSelectors: ['[name.value=/^_/]', 'InputValueDefinition[parent.name.value=_entities]'],
        },
      ],
      // The federation spec names its types and fields with a leading underscore, and the rule
      // flags every reference to them too (`[_Any!]!`), which a per-kind ignorePattern cannot
      // except. So leading underscores are allowed here, and tests/schema.test.ts checks that no
      // name of ours starts with one.
      '@graphql-eslint/naming-convention': [
        'error',
        {
          ...graphql.configs['flat/schema-recommended'].rules['@graphql-eslint/naming-convention'][1],
          allowLeadingUnderscore: true,
        },
      ],
      // Objects without an identity of their own: values of the object that holds them, which is
      // how client caches (Apollo, urql graphcache, Relay) store them. The Connection and Edge
      // types, PageInfo, the mutations' Success and Error types, an article's entity mentions and bylines,
      // revisions and their parts, a summary, a search hit, and federation's _Service.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          exceptions: {
            suffixes: ['Connection', 'Edge', 'Success', 'Error'],
            types: [
              'PageInfo',
              'ArticleEntity',
              'ArticleImage',
              'Byline',
              'ArticleRevision',
              'ArticleSnapshot',
              'FieldChange',
              'Summary',
              'SearchResult',
              '_Service',
            ],
          },
        },
      ],
      // Small bounded lists (an article's paragraphs and entities, sections, related articles) are
      // plain lists on purpose: only lists that grow without bound are connections. A search hit
      // is a node of its connection without being a Node: it has no identity to refetch by.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false, shouldImplementNode: false }],
      // `search` and `entities` page forwards only (first/after): their orders cannot be read
      // backwards, and a client is not offered arguments that would only be refused.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
    },
  },
];
