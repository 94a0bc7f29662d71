import { sql } from 'kysely';
import { builder } from '../builder.js';
import { visibleMentionCountSql } from '../db/queries/article-entities.js';
import { ARTICLE_PAGE_INDEXES, articleFilterSql } from '../db/queries/articles.js';
import {
  countEntities,
  entityFilterSql,
  entityIdBySlugSql,
  entityNamePattern,
  entitySeenSql,
  listEntities,
  type PublicField,
  publicViewJoinSql,
  visibleEntityRows,
} from '../db/queries/entities.js';
import type { EntityRow } from '../db/tables.js';
import { badInput } from '../errors.js';
import { counts, countsList } from '../field-cost.js';
import { forwardPageSize, parentArticlesField } from './article.js';
import { cursorSql } from './codecs.js';
import { EntityKindEnum } from './enums.js';
import { byIdOrSlug, parseGlobalId, parseNumericKey } from './ids.js';
import {
  connectionFromPage,
  decodeCursor,
  encodeCursor,
  forwardConnectionArgs,
  planPage,
  toPage,
} from './pagination.js';
import {
  type Alias,
  type ArgumentValues,
  column,
  connection,
  connectionCount,
  globalId,
  lookupById,
  lookupBySlug,
  NotThisRequest,
  one,
  type ReadScope,
  reads,
  value,
} from './read.js';
import { readThrough } from './read-through.js';
import { EntityRef } from './refs.js';

/** The `joins` name of the public view joined to an entity row (joinPublicView). */
const PUBLIC_VIEW = 'publicView';

/**
 * For a declaration that reads one entity row `e`: joins its public view (publicViewJoinSql: the
 * guard of the kept answer, worked out once for the row), written right after the FROM item of `e`;
 * nothing for editors. The fields of `e` (seenField) then read it.
 */
function joinPublicView(e: Alias, scope: ReadScope) {
  if (scope.visibility.includeHidden) return sql.raw('');
  const view = scope.alias('v');
  e.joins = { ...e.joins, [PUBLIC_VIEW]: view };
  return sql.raw(publicViewJoinSql(e.name, view.name, scope.visibility));
}

/** The `field` of the entity row `e` as the viewer sees it, by the view joined to `e` if any (src/db/queries/entities.ts). */
const seenField = (e: Alias, field: PublicField, scope: ReadScope) =>
  sql.raw(entitySeenSql(e.name, field, scope.visibility, e.joins?.[PUBLIC_VIEW]?.name));

builder.node(EntityRef, {
  description: 'A person, organisation or place that articles mention; each has its own page.',
  id: { resolve: (entity) => entity.id, parse: parseNumericKey, extensions: reads(globalId('Entity')) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.entity.load(id))),
  // Only entities a visible article mentions exist for the public (Query.entity's rule).
  extensions: {
    ...lookupById(
      (key, e, scope) =>
        sql`entities ${e} ${joinPublicView(e, scope)} where ${e}.id = ${key} and ${seenField(e, 'shown', scope)}`,
    ),
    ...lookupBySlug((slug, scope) => entityIdBySlugSql(slug, scope.visibility)),
  },
  fields: (t) => ({
    // The public sees the name, and the slug made from it, only when a visible article used it
    // (src/db/queries/entities.ts).
    slug: t.exposeString('slug', {
      description:
        'Unique name for URLs, made from the name. Look the entity up with `entity(slug:)`; slugs it had before a rename or merge still resolve.',
      extensions: reads(value((e, scope) => seenField(e, 'slug', scope))),
    }),
    name: t.exposeString('name', {
      description: 'The name to show, as articles write it.',
      extensions: reads(value((e, scope) => seenField(e, 'name', scope))),
    }),
    kind: t.field({
      type: EntityKindEnum,
      description: 'Person, organisation or place.',
      extensions: reads(column('kind')),
      resolve: (entity) => entity.kind,
    }),
    aliases: t.exposeStringList('aliases', {
      description: 'Other names the entity goes by in the text of visible articles.',
      extensions: reads(value((e, scope) => seenField(e, 'aliases', scope))),
    }),
    articleCount: t.int({
      description: 'Number of visible articles that mention the entity.',
      // A scalar subquery over the entity's mentions (index-only, article_entities_entity_page_idx), in the page's statement.
      extensions: { ...reads(value((e) => visibleMentionCountSql(sql`${e}.id`))), ...counts() },
      resolve: (entity, _args, ctx) => ctx.loaders.entityArticleCount.load(entity.id),
    }),
    // Through the entity's page index where it serves (the public's lists by publication time).
    articles: parentArticlesField(t, 'Visible articles that mention the entity, newest first by default.', {
      index: ARTICLE_PAGE_INDEXES.entity,
      where: (e, x) => articleFilterSql.mentions(x, sql`array[${e}.id]::int[]`),
    }),
  }),
});

const EntityConnection = builder.connectionObject(
  {
    type: EntityRef,
    name: 'EntityConnection',
    description: 'A page of a list of entities (a Relay connection).',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Number of entities in the whole list, not just this page.',
        extensions: { ...reads(connectionCount()), ...countsList() },
        resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
      }),
    }),
  },
  { name: 'EntityEdge', description: 'An entity in a page, with its cursor.' },
);

/** The entities of `entities(kind:, nameStartsWith:)` over the visible row `v`. */
const entitiesListed = (v: Alias, scope: ReadScope) => {
  const kind = scope.param((args) => args.kind ?? null, 'text');
  const pattern = scope.param(
    (args) => (args.nameStartsWith == null ? null : entityNamePattern(String(args.nameStartsWith))),
    'text',
  );
  return sql`(${kind} is null or ${entityFilterSql.kind(v, kind)}) and (${pattern} is null or ${entityFilterSql.nameLike(v, pattern)})`;
};

/** The `after` cursor of `entities`: its name and id, null without one; a cursor the executor refuses hands over. */
function afterEntity(scope: ReadScope) {
  const position = (args: ArgumentValues) => {
    if (args.after == null) return null;
    try {
      return decodeCursor(String(args.after), 'entity', ['string', 'id']) as [string, number];
    } catch {
      throw new NotThisRequest('cursor');
    }
  };
  return {
    name: scope.param((args) => position(args)?.[0] ?? null, 'text'),
    id: scope.param((args) => position(args)?.[1] ?? null, 'int'),
  };
}

builder.queryFields((t) => ({
  entity: t.field({
    type: EntityRef,
    nullable: true,
    description:
      'An entity by global id or by slug (exactly one); a slug it was renamed or merged away from resolves to it. Null when no visible article mentions it.',
    args: {
      id: t.arg.id({
        required: false,
        description: 'Global id of the entity (`Entity.id`); a malformed one is INVALID_ID.',
      }),
      slug: t.arg.string({ required: false, description: 'Slug of the entity, current or former.' }),
    },
    extensions: reads(
      // Only entities a visible article mentions exist for the public (src/db/queries/entities.ts).
      one(
        (_root, e, scope) =>
          sql`entities ${e} ${joinPublicView(e, scope)} where ${byIdOrSlug(
            scope,
            'Entity',
            (id) => sql`${e}.id = ${id}`,
            (slug) => sql`${e}.id = ${entityIdBySlugSql(slug, scope.visibility)}`,
          )}
            and ${seenField(e, 'shown', scope)}`,
      ),
    ),
    resolve: async (_root, { id, slug }, ctx, info) => {
      // The entity page, with its first page of articles, in one statement from the declarations.
      const read = await readThrough(ctx, info);
      if (read) return read.value as EntityRow | null;
      // What the declaration leaves to this resolver: the errors of its arguments.
      if ((id == null) === (slug == null)) throw badInput('Pass exactly one of `id` or `slug`');
      return id != null
        ? ctx.loaders.entity.load(parseGlobalId(String(id), 'Entity'))
        : ctx.loaders.entityBySlug.load(slug!);
    },
  }),
  // Forward only (first/after), like search: the name index is read in one direction.
  entities: t.field({
    type: EntityConnection,
    description:
      'Entities that visible articles mention, in alphabetical order. Pages forwards only (`first`/`after`).',
    // The page's rows are the entities' own (their fields' declarations read them), in the order
    // of the name the viewer sees (visibleEntityRows), which the cursor carries.
    extensions: reads(
      connection({
        size: (args) => forwardPageSize(args, { after: true }),
        page: (_root, page, { limit }, scope) => {
          // The page's keys (`k`: id, visible name), joined to the entities' rows, which stay
          // their table's row type for the fields that read them (entity_public_live).
          const v = scope.alias('v');
          const k = scope.alias('k');
          const after = afterEntity(scope);
          return {
            rows: sql`(select ${v}.id, ${v}.name
              from ${visibleEntityRows(scope.visibility)} ${v}
              where ${entitiesListed(v, scope)} and (${after.name} is null or ${entityFilterSql.past(v, after.name, after.id)})
              order by ${v}.name, ${v}.id limit ${limit}) ${k} join entities ${page} on ${page}.id = ${k}.id`,
            order: sql`${k}.name, ${k}.id`,
            cursor: () => cursorSql(sql`'["entity",' || to_json(${k}.name)::text || ',' || ${k}.id || ']'`),
            hasPrevious: sql`${after.name} is not null`,
          };
        },
        count: (_root, scope) => {
          const v = scope.alias('v');
          return sql`(select count(*)::int from ${visibleEntityRows(scope.visibility)} ${v} where ${entitiesListed(v, scope)})`;
        },
      }),
    ),
    args: {
      ...forwardConnectionArgs(t.arg.connectionArgs()),
      kind: t.arg({ type: EntityKindEnum, required: false, description: 'Only entities of this kind.' }),
      nameStartsWith: t.arg.string({ required: false, description: 'Case-insensitive prefix of the name.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      // A page the declaration serves (a forward page, with its totalCount): one statement.
      const read = await readThrough(ctx, info);
      if (read) return read.value as never;
      const plan = planPage(args);
      const filter = { kind: args.kind ?? undefined, nameStartsWith: args.nameStartsWith ?? undefined };
      const after = plan.from ? (decodeCursor(plan.from, 'entity', ['string', 'id']) as [string, number]) : undefined;
      const rows =
        plan.size === 0
          ? []
          : await listEntities(
              ctx.db,
              { ...filter, after: after && { name: after[0], id: after[1] }, limit: plan.size + 1 },
              ctx.visibility,
            );
      for (const row of rows) ctx.loaders.entity.prime(row.id, row);
      let total: Promise<number> | undefined;
      return connectionFromPage(toPage(plan, rows), (row) => encodeCursor('entity', [row.name, row.id]), {
        totalCount: () => (total ??= countEntities(ctx.db, filter, ctx.visibility)),
      }) as never;
    },
  }),
}));
