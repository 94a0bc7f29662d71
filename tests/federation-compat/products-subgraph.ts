import { useApolloInlineTrace } from '@graphql-yoga/plugin-apollo-inline-trace';
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DirectiveLocation, GraphQLDirective } from 'graphql';
import { createYoga } from 'graphql-yoga';

// The `products` subgraph of Apollo's subgraph compatibility suite (its products.graphql and data
// set), written with Broadsheet's builder setup: the same Pothos plugins in the same order
// (Relay, Directives, Federation) and the same graphql-yoga server, so the suite checks the
// federation machinery Broadsheet itself serves with.

interface Product {
  id: string;
  sku: string;
  package: string;
  variation: string;
}
interface CaseStudy {
  caseNumber: string;
  description: string;
}
interface ProductResearch {
  study: CaseStudy;
  outcome?: string | null;
}
interface DeprecatedProduct {
  sku: string;
  package: string;
  reason: string | null;
}
interface UserKey {
  email: string;
  totalProductsCreated?: number | null;
  yearsOfEmployment?: number;
}

const products: Product[] = [
  { id: 'apollo-federation', sku: 'federation', package: '@apollo/federation', variation: 'OSS' },
  { id: 'apollo-studio', sku: 'studio', package: '', variation: 'platform' },
];
const research: ProductResearch[] = [
  { study: { caseNumber: '1234', description: 'Federation Study' }, outcome: null },
  { study: { caseNumber: '1235', description: 'Studio Study' }, outcome: null },
];
const deprecatedProduct: DeprecatedProduct = {
  sku: 'apollo-federation-v1',
  package: '@apollo/federation-v1',
  reason: 'Migrate to Federation V2',
};
const user = {
  email: 'support@apollographql.com',
  name: 'Jane Smith',
  totalProductsCreated: 1337,
  yearsOfEmployment: 10,
};
const dimension = { size: 'small', weight: 1, unit: 'kg' };

export function buildProductsSchema() {
  const builder = new SchemaBuilder<{
    DefaultFieldNullability: true;
    Directives: { custom: { locations: 'OBJECT' } };
  }>({
    // The same plugins, in the same order, as Broadsheet's own builder (src/builder.ts).
    plugins: [ScopeAuthPlugin, RelayPlugin, ErrorsPlugin, DirectivesPlugin, FederationPlugin],
    relay: { clientMutationId: 'omit', cursorType: 'String' },
    scopeAuth: { authScopes: () => ({}) },
  });

  const User = builder
    .externalRef('User', builder.selection<{ email: string }>('email'), (key: UserKey) => key)
    .implement({
      externalFields: (t) => ({
        email: t.id({ nullable: false }),
        totalProductsCreated: t.int(),
        yearsOfEmployment: t.int({ nullable: false }),
      }),
      fields: (t) => ({
        name: t.string({ override: { from: 'users' }, resolve: () => user.name }),
        averageProductsCreatedPerYear: t.int({
          requires: builder.selection<{ totalProductsCreated?: number | null; yearsOfEmployment: number }>(
            'totalProductsCreated yearsOfEmployment',
          ),
          resolve: (u) => (u.totalProductsCreated ? Math.round(u.totalProductsCreated / u.yearsOfEmployment) : null),
        }),
      }),
    });

  const CaseStudyRef = builder.objectRef<CaseStudy>('CaseStudy').implement({
    fields: (t) => ({
      caseNumber: t.exposeID('caseNumber', { nullable: false }),
      description: t.exposeString('description'),
    }),
  });

  const ProductResearchRef = builder.objectRef<ProductResearch>('ProductResearch').implement({
    fields: (t) => ({
      study: t.expose('study', { type: CaseStudyRef, nullable: false }),
      outcome: t.exposeString('outcome'),
    }),
  });
  builder.asEntity(ProductResearchRef, {
    key: builder.selection<{ study: { caseNumber: string } }>('study { caseNumber }'),
    resolveReference: async (ref) => research.find((r) => r.study.caseNumber === ref.study.caseNumber) ?? null,
  });

  const DeprecatedProductRef = builder.objectRef<DeprecatedProduct>('DeprecatedProduct').implement({
    fields: (t) => ({
      sku: t.exposeString('sku', { nullable: false }),
      package: t.exposeString('package', { nullable: false }),
      reason: t.exposeString('reason'),
      createdBy: t.field({
        type: User,
        resolve: () => ({ email: user.email, totalProductsCreated: user.totalProductsCreated }),
      }),
    }),
  });
  builder.asEntity(DeprecatedProductRef, {
    key: builder.selection<{ sku: string; package: string }>('sku package'),
    resolveReference: async (ref) =>
      ref.sku === deprecatedProduct.sku && ref.package === deprecatedProduct.package ? deprecatedProduct : null,
  });

  const ProductVariationRef = builder.objectRef<{ id: string }>('ProductVariation').implement({
    fields: (t) => ({ id: t.exposeID('id', { nullable: false }) }),
  });

  const ProductDimensionRef = builder.objectRef<typeof dimension>('ProductDimension').implement({
    shareable: true,
    fields: (t) => ({
      size: t.exposeString('size'),
      weight: t.exposeFloat('weight'),
      unit: t.exposeString('unit', { inaccessible: true }),
    }),
  });

  const ProductRef = builder.objectRef<Product>('Product').implement({
    directives: { custom: {} },
    fields: (t) => ({
      id: t.exposeID('id', { nullable: false }),
      sku: t.exposeString('sku'),
      package: t.exposeString('package'),
      variation: t.field({ type: ProductVariationRef, resolve: (p) => ({ id: p.variation }) }),
      dimensions: t.field({ type: ProductDimensionRef, resolve: () => dimension }),
      createdBy: t.field({
        type: User.provides<{ totalProductsCreated: number }>('totalProductsCreated'),
        resolve: () => ({ email: user.email, totalProductsCreated: user.totalProductsCreated }),
      }),
      notes: t.string({ tag: 'internal', resolve: () => null }),
      research: t.field({
        type: [ProductResearchRef],
        nullable: false,
        resolve: (p) => research.filter((r) => r.study.caseNumber === (p.id === 'apollo-federation' ? '1234' : '1235')),
      }),
    }),
  });
  builder.asEntity(ProductRef, {
    key: [
      builder.selection<{ id: string }>('id'),
      builder.selection<{ sku: string; package: string }>('sku package'),
      builder.selection<{ sku: string; variation: { id: string } }>('sku variation { id }'),
    ],
    resolveReference: async (ref) => {
      if ('id' in ref) return products.find((p) => p.id === ref.id) ?? null;
      if ('variation' in ref)
        return products.find((p) => p.sku === ref.sku && p.variation === ref.variation.id) ?? null;
      return products.find((p) => p.sku === ref.sku && p.package === ref.package) ?? null;
    },
  });

  const InventoryRef = builder.objectRef<{ id: string }>('Inventory').implement({
    fields: (t) => ({
      id: t.exposeID('id', { nullable: false }),
      deprecatedProducts: t.field({
        type: [DeprecatedProductRef],
        nullable: false,
        resolve: () => [deprecatedProduct],
      }),
    }),
  });
  builder.asEntity(InventoryRef, {
    key: builder.selection<{ id: string }>('id'),
    interfaceObject: true,
    resolveReference: async (ref) => ({ id: ref.id }),
  });

  builder.queryType({
    fields: (t) => ({
      product: t.field({
        type: ProductRef,
        args: { id: t.arg.id({ required: true }) },
        resolve: (_root, { id }) => products.find((p) => p.id === String(id)) ?? null,
      }),
      deprecatedProduct: t.field({
        type: DeprecatedProductRef,
        deprecationReason: 'Use product query instead',
        args: { sku: t.arg.string({ required: true }), package: t.arg.string({ required: true }) },
        resolve: (_root, args) =>
          args.sku === deprecatedProduct.sku && args.package === deprecatedProduct.package ? deprecatedProduct : null,
      }),
    }),
  });

  return builder.toSubGraphSchema({
    linkUrl: 'https://specs.apollo.dev/federation/v2.3',
    composeDirectives: ['@custom'],
    schemaDirectives: { link: { url: 'https://myspecs.dev/myCustomDirective/v1.0', import: ['@custom'] } },
    directives: [new GraphQLDirective({ name: 'custom', locations: [DirectiveLocation.OBJECT] })],
  });
}

export function createProductsApp() {
  return createYoga({
    schema: buildProductsSchema(),
    graphqlEndpoint: '/',
    logging: false,
    plugins: [useApolloInlineTrace()],
  });
}
