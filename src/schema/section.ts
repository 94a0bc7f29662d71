import { sql } from 'kysely';
import { builder } from '../builder.js';
import { listSections, publicSectionSql, sectionIdBySlugSql, sectionTreeSql } from '../db/queries/sections.js';
import type { SectionRow } from '../db/tables.js';
import { badInput } from '../errors.js';
import { parentArticlesField } from './article.js';
import { byIdOrSlug, parseGlobalId, parseNumericKey } from './ids.js';
import { column, globalId, lookupById, lookupBySlug, many, one, reads } from './read.js';
import { readThrough } from './read-through.js';
import { SectionRef } from './refs.js';

builder.node(SectionRef, {
  description: 'A section of the site, such as World or Sport; a section may sit under another (one level).',
  id: { resolve: (section) => section.id, parse: parseNumericKey, extensions: reads(globalId('Section')) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.section.load(id))),
  extensions: {
    ...lookupById(
      (key, s, scope) =>
        sql`sections ${s} where ${s}.id = ${key} and ${sql.raw(scope.visibility.includeHidden ? 'true' : publicSectionSql(s.name))}`,
    ),
    ...lookupBySlug((slug) => sectionIdBySlugSql(slug)),
  },
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description:
        'Unique name for URLs, e.g. "world". Look the section up with `section(slug:)`; slugs it had before a rename still resolve.',
      extensions: reads(column('slug')),
    }),
    name: t.exposeString('name', { description: 'The name to show, e.g. "World".', extensions: reads(column('name')) }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'A short text about the section; null when it has none.',
      extensions: reads(column('description')),
    }),
    position: t.exposeInt('position', {
      description: 'Where the section comes among its siblings in navigation, lowest first (ties by name).',
      extensions: reads(column('position')),
    }),
    parent: t.field({
      type: SectionRef,
      nullable: true,
      description: 'The section this one sits under; null for a top-level section.',
      // Public whenever the child is: the child's visible articles are the parent's too.
      extensions: reads(one((s, p) => sql`sections ${p} where ${p}.id = ${s}.parent_id`)),
      resolve: (section, _args, ctx) => (section.parentId === null ? null : ctx.loaders.section.load(section.parentId)),
    }),
    subsections: t.field({
      type: [SectionRef],
      description:
        'The sections under this one, by position then name: those with a visible article (editors with `read:drafts` see every one).',
      extensions: reads(
        many((s, c, scope) => ({
          from: sql`sections ${c} where ${c}.parent_id = ${s}.id and ${scope.visibility.includeHidden ? sql`true` : sql.raw(publicSectionSql(c.name))}`,
          order: sql`${c}.position, ${c}.name, ${c}.id`,
        })),
      ),
      resolve: (section, _args, ctx) => ctx.loaders.subsections.load(section.id),
    }),
    articles: parentArticlesField(
      t,
      'The section front: visible articles in the section and its subsections, newest first by default.',
      {
        where: (s, x) => sql`${x}.section_id in ${sql.raw(sectionTreeSql(`${s.name}.id`))}`,
      },
    ),
  }),
});

builder.queryFields((t) => ({
  section: t.field({
    type: SectionRef,
    nullable: true,
    description:
      'A section by global id or by slug (exactly one): the section front. A slug it had before a rename resolves to it. Null when no section has it.',
    args: {
      id: t.arg.id({
        required: false,
        description: 'Global id of the section (`Section.id`); a malformed one is INVALID_ID.',
      }),
      slug: t.arg.string({ required: false, description: 'Slug of the section (`Section.slug`), current or former.' }),
    },
    extensions: reads(
      one(
        (_root, s, scope) =>
          sql`sections ${s} where ${byIdOrSlug(
            scope,
            'Section',
            (id) => sql`${s}.id = ${id}`,
            (slug) => sql`${s}.id = ${sectionIdBySlugSql(slug)}`,
          )}
            and ${scope.visibility.includeHidden ? sql`true` : sql.raw(publicSectionSql(s.name))}`,
      ),
    ),
    resolve: async (_root, { id, slug }, ctx, info) => {
      // The section front (the section, its subsections and its first page of articles) in one statement.
      const read = await readThrough(ctx, info);
      if (read) return read.value as SectionRow | null;
      if ((id == null) === (slug == null)) throw badInput('Pass exactly one of `id` or `slug`');
      return id != null
        ? ctx.loaders.section.load(parseGlobalId(String(id), 'Section'))
        : ctx.loaders.sectionBySlug.load(slug!);
    },
  }),
  sections: t.field({
    type: [SectionRef],
    description:
      'All sections in navigation order: top-level sections by position then name, each followed by its subsections (see `parent`) by position then name. Only those with a visible article (editors with `read:drafts` see every one).',
    // listSections' rule: each subsection after its parent, parents by position then name.
    extensions: reads(
      many((_root, s, scope) => {
        const up = scope.alias('u');
        return {
          from: sql`sections ${s} left join sections ${up} on ${up}.id = ${s}.parent_id
            where ${scope.visibility.includeHidden ? sql`true` : sql.raw(publicSectionSql(s.name))}`,
          order: sql`coalesce(${up}.position, ${s}.position), coalesce(${up}.name, ${s}.name), coalesce(${up}.id, ${s}.id),
            ${s}.parent_id is not null, ${s}.position, ${s}.name, ${s}.id`,
        };
      }),
    ),
    resolve: async (_root, _args, ctx, info) => {
      // The sections and everything selected under them (their fronts too) in one statement.
      const read = await readThrough(ctx, info);
      if (read) return read.value as SectionRow[];
      const rows = await listSections(ctx.db, ctx.visibility);
      for (const row of rows) ctx.loaders.section.prime(row.id, row);
      return rows;
    },
  }),
}));
