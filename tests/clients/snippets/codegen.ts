import type { CodegenConfig } from '@graphql-codegen/cli';

// codegen.ts for `npx graphql-codegen`: typed documents for the operations written with
// `graphql(...)` in src/, against Broadsheet's committed SDL.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['src/**/*.{ts,tsx}'],
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        // Broadsheet sends DateTime as an ISO 8601 string ("2026-03-19T10:00:00.000Z").
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
