import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.js';
import { applyChange, validSlug, validVersion } from '../content/editorial.js';
import { validName, validText } from '../content/taxonomy.js';
import { ConflictError, NotFoundError, ValidationError } from '../content/write-errors.js';
import type { Db } from '../db/database.js';
import { articleIdsInSection, lockArticle, moveTrashedArticles } from '../db/queries/articles.js';
import {
  deleteSectionById,
  hasSubsections,
  insertSection,
  isSectionSlugTaken,
  lockSection,
  moveSubsections,
  type SectionValues,
  updateSection,
} from '../db/queries/sections.js';
import { quoteInput } from '../errors.js';
import { slugify } from '../text/text.js';
import { WRITE_TAXONOMY } from './author-mutations.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { column, reads } from './read.js';
import { SectionRef } from './refs.js';
import { runMutation } from './write-effects.js';

const MAX_POSITION = 10_000;

async function sectionSlug(
  trx: Db,
  given: string | null | undefined,
  name: string,
  field: string,
  exceptId?: number,
): Promise<string> {
  const slug = given != null ? validSlug(given, field) : slugify(name);
  if (await isSectionSlugTaken(trx, slug, exceptId)) {
    throw new ValidationError(
      field,
      'TAKEN',
      `Another section has (or had) the slug ${quoteInput(slug)}${given == null ? ': give another `slug`' : ''}`,
    );
  }
  return slug;
}

function validPosition(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_POSITION)
    throw new ValidationError(field, 'OUT_OF_RANGE', `A position is a whole number from 0 to ${MAX_POSITION}`);
  return value;
}

/** A parent must be a top-level section (one level of nesting), and not the section itself. */
async function validParent(trx: Db, id: string | number, field: string, childId?: number): Promise<number> {
  const parentId = parseIdForWrite(id, 'Section', field);
  if (parentId === childId) throw new ValidationError(field, 'NOT_ALLOWED', 'A section cannot sit under itself');
  const parent = await lockSection(trx, parentId);
  if (!parent) throw new NotFoundError(field, 'No section has this id');
  if (parent.parentId !== null)
    throw new ValidationError(field, 'NOT_ALLOWED', `"${parent.name}" is itself a subsection: sections nest one level`);
  if (childId !== undefined && (await hasSubsections(trx, childId))) {
    throw new ValidationError(field, 'NOT_ALLOWED', 'This section has subsections of its own: sections nest one level');
  }
  return parentId;
}

const CreateSectionInput = builder.inputType('CreateSectionInput', {
  description: 'A new section. It is public once a visible article is in it (or in one of its subsections).',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'The name to show: 1 to 200 characters after spaces are collapsed.',
    }),
    slug: t.string({
      required: false,
      description:
        'Lower-case words joined by hyphens, at most 120 characters, unique among current and former section slugs (TAKEN); made from the name when left out.',
    }),
    description: t.string({ required: false, description: 'At most 2000 characters.' }),
    parentId: t.id({
      required: false,
      description: 'Global id of a top-level section to put this one under (NOT_ALLOWED for a subsection: one level).',
    }),
    position: t.int({
      required: false,
      description: 'Place among its siblings, lowest first: 0 to 10000 (0 when left out).',
    }),
  }),
});

const UpdateSectionInput = builder.inputType('UpdateSectionInput', {
  description:
    'Only the fields given change; `description: null` clears it, `parentId: null` makes the section top-level. A new slug leaves the old one resolving.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Global id of the section (`Section.id`).' }),
    expectedVersion: t.int({
      required: true,
      description: 'The `version` the client last read; a stale one gets a ConflictError.',
    }),
    name: t.string({ required: false, description: 'The new name: 1 to 200 characters.' }),
    slug: t.string({
      required: false,
      description: 'A new slug (TAKEN when another section has or had it); the old one keeps resolving.',
    }),
    description: t.string({ required: false, description: 'At most 2000 characters; null removes it.' }),
    parentId: t.id({
      required: false,
      description: 'Global id of a top-level section to move this one under; null makes it top-level.',
    }),
    position: t.int({ required: false, description: 'Place among its siblings, lowest first: 0 to 10000.' }),
  }),
});

builder.objectFields(SectionRef, (t) => ({
  version: t.exposeInt('version', {
    description: 'Raised by every change; send it back as `expectedVersion` to updateSection.',
    extensions: reads(column('version')),
  }),
}));

builder.mutationFields((t) => ({
  createSection: t.field({
    type: SectionRef,
    description: 'Creates a section. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('createSection', 'section', [ValidationError, NotFoundError]),
    args: { input: t.arg({ type: CreateSectionInput, required: true, description: 'The new section.' }) },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const name = validName(input.name, 'input.name');
        const description = validText(input.description, 'input.description', 2000);
        const position = input.position != null ? validPosition(input.position, 'input.position') : 0;
        const slug = await sectionSlug(trx, input.slug, name, 'input.slug');
        const parentId = input.parentId != null ? await validParent(trx, input.parentId, 'input.parentId') : null;
        effects.everything = true;
        return insertSection(trx, { name, slug, description, parentId, position });
      }),
  }),

  updateSection: t.field({
    type: SectionRef,
    description:
      'Renames, moves or reorders a section; a new slug leaves the old one resolving to it. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('updateSection', 'section', [ValidationError, NotFoundError, ConflictError]),
    args: {
      input: t.arg({
        type: UpdateSectionInput,
        required: true,
        description: 'The section, its expected version and the fields to change.',
      }),
    },
    resolve: (_root, { input }, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(input.id, 'Section', 'input.id');
        const expectedVersion = validVersion(input.expectedVersion, 'input.expectedVersion')!;
        const values: SectionValues = {};
        if (input.name != null) values.name = validName(input.name, 'input.name');
        if (input.description !== undefined)
          values.description = validText(input.description, 'input.description', 2000);
        if (input.position != null) values.position = validPosition(input.position, 'input.position');
        const before = await lockSection(trx, id);
        if (!before) throw new NotFoundError('input.id', 'No section has this id');
        if (before.version !== expectedVersion) throw new ConflictError(expectedVersion, before.version, 'section');
        if (input.slug != null && input.slug !== before.slug)
          values.slug = await sectionSlug(trx, input.slug, before.name, 'input.slug', id);
        if (input.parentId !== undefined)
          values.parentId =
            input.parentId === null ? null : await validParent(trx, input.parentId, 'input.parentId', id);
        effects.everything = true;
        return updateSection(trx, before, values);
      }),
  }),

  deleteSection: t.field({
    type: 'ID',
    description:
      'Deletes a section; its slugs, current and former, stop resolving. A section that has articles (in the trash too) or subsections is refused (NOT_ALLOWED) unless `moveArticlesTo` names another section: its articles move there (each at its next version, with an UPDATE revision; those in the trash keep their history) and its subsections move under it. Returns its id. Needs `write:taxonomy`.',
    authScopes: WRITE_TAXONOMY,
    errors: resultNames('deleteSection', 'deletedSectionId', [ValidationError, NotFoundError, ConflictError]),
    args: {
      id: t.arg.id({ required: true, description: 'Global id of the section (`Section.id`).' }),
      moveArticlesTo: t.arg.id({
        required: false,
        description:
          'Global id of the section that takes its articles (and its subsections, which then need it to be top-level: NOT_ALLOWED otherwise); not the section itself or one of its subsections.',
      }),
      expectedVersion: t.arg.int({
        required: false,
        description: 'When given, the write fails with a ConflictError if the section is at another version.',
      }),
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, async (trx, effects) => {
        const id = parseIdForWrite(args.id, 'Section', 'id');
        const expectedVersion = validVersion(args.expectedVersion);
        const targetId =
          args.moveArticlesTo == null ? null : parseIdForWrite(args.moveArticlesTo, 'Section', 'moveArticlesTo');
        const before = await lockSection(trx, id);
        if (!before) throw new NotFoundError('id', 'No section has this id');
        if (expectedVersion !== undefined && before.version !== expectedVersion)
          throw new ConflictError(expectedVersion, before.version, 'section');
        const articleIds = await articleIdsInSection(trx, id);
        const withSubsections = await hasSubsections(trx, id);
        if (targetId === null) {
          if (articleIds.length > 0 || withSubsections) {
            const what = [
              articleIds.length > 0 ? `${articleIds.length} article(s)` : '',
              withSubsections ? 'subsections' : '',
            ]
              .filter(Boolean)
              .join(' and ');
            throw new ValidationError(
              'id',
              'NOT_ALLOWED',
              `The section has ${what}: name a section to move them to (moveArticlesTo)`,
            );
          }
        } else {
          if (targetId === id)
            throw new ValidationError('moveArticlesTo', 'NOT_ALLOWED', 'A section cannot take its own articles');
          const target = await lockSection(trx, targetId);
          if (!target) throw new NotFoundError('moveArticlesTo', 'No section has this id');
          if (target.parentId === id)
            throw new ValidationError(
              'moveArticlesTo',
              'NOT_ALLOWED',
              'That section is a subsection of the one being deleted',
            );
          if (withSubsections && target.parentId !== null) {
            throw new ValidationError(
              'moveArticlesTo',
              'NOT_ALLOWED',
              `"${target.name}" is itself a subsection: it cannot take subsections (sections nest one level)`,
            );
          }
          await moveSubsections(trx, id, targetId);
          for (const articleId of articleIds) {
            const article = await lockArticle(trx, articleId);
            if (article) await applyChange(trx, ctx.viewer.actor, effects, article, 'UPDATE', { sectionId: targetId });
          }
          await moveTrashedArticles(trx, id, targetId);
        }
        await deleteSectionById(trx, id);
        effects.everything = true;
        return encodeGlobalID('Section', id);
      }),
  }),
}));
