import { encodeGlobalID } from '@pothos/plugin-relay';
import { generatePreviewToken, PREVIEW_MAX_SECONDS, PREVIEW_MIN_SECONDS } from '../auth/preview.js';
import { hashToken } from '../auth/tokens.js';
import { builder } from '../builder.js';
import { DEFAULT_EDITOR_LIST_SIZE, MAX_PAGE_SIZE } from '../config.js';
import { NotFoundError, ValidationError } from '../content/write-errors.js';
import type { Context } from '../context.js';
import { insertPreviewLink, listPreviewLinks, revokePreviewLink } from '../db/queries/preview-links.js';
import type { PreviewLinkRow } from '../db/tables.js';
import { badInput } from '../errors.js';
import { lockReadable, WRITE_ARTICLES } from './article-mutations.js';
import { parseGlobalId } from './ids.js';
import { parseIdForWrite, resultNames } from './mutation-errors.js';
import { executorOnly, reads } from './read.js';
import { ArticleRef } from './refs.js';

// Preview links: an editor (write:articles) shares one article, a draft or a scheduled one, with
// someone who has no token (a lawyer, the subject of a story) through a front end. The link's token
// goes in the Broadsheet-Preview header; with it, `article` answers that article and nothing else
// changes (src/auth/preview.ts, src/app.ts). Creating, listing and revoking links needs
// write:articles: a link lets anyone who holds it read the article, which is an editor's decision,
// not a reader's (read:drafts tokens, such as a front end's, cannot mint them).

const TYPENAME = 'PreviewLink';
const EDITORS_ONLY = 'editors only (write:articles): the fast path serves anonymous requests only';

export const PreviewLinkStateEnum = builder.enumType('PreviewLinkState', {
  description: 'Whether a preview link still opens its article.',
  values: {
    ACTIVE: { description: 'It opens the article until `expiresAt`.' },
    EXPIRED: { description: 'Its time ran out (PREVIEW_LINK_EXPIRED for whoever uses it).' },
    REVOKED: { description: 'An editor revoked it (PREVIEW_LINK_REVOKED for whoever uses it).' },
  } as const,
});

const stateOf = (link: PreviewLinkRow) =>
  link.revokedAt ? 'REVOKED' : link.expiresAt.getTime() <= Date.now() ? 'EXPIRED' : 'ACTIVE';

export const PreviewLinkRef = builder.objectRef<PreviewLinkRow>(TYPENAME).implement({
  description:
    'A signed, expiring, read-only link to one article. Its token is shown once, when it is created; only its hash is kept.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id: give it to revokePreviewLink.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: (link) => encodeGlobalID(TYPENAME, link.id),
    }),
    articleId: t.id({
      description: 'Global id of the article it opens (`Article.id`).',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: (link) => encodeGlobalID('Article', link.articleId),
    }),
    article: t.field({
      type: ArticleRef,
      nullable: true,
      description:
        'The article it opens; null when you may not read it (a draft, for a token without `read:drafts` that did not create it).',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: (link, _args, ctx) => ctx.loaders.article.load(link.articleId),
    }),
    state: t.field({
      type: PreviewLinkStateEnum,
      description: 'Whether it still opens the article.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: stateOf,
    }),
    createdBy: t.exposeString('createdBy', {
      description: 'Name of the API token that created it.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: (link) => link.createdAt,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description: 'When it stops opening the article.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: (link) => link.expiresAt,
    }),
    revokedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null while it is not.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: (link) => link.revokedAt,
    }),
  }),
});

interface NewLink {
  link: PreviewLinkRow;
  token: string;
  url: string | null;
}

const NewPreviewLinkRef = builder.objectRef<NewLink>('NewPreviewLink').implement({
  description: 'A preview link just created, with its token: shown this once, never again.',
  fields: (t) => ({
    id: t.id({
      description: 'Global id of the link (`PreviewLink.id`).',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: (created) => encodeGlobalID(TYPENAME, created.link.id),
    }),
    token: t.exposeString('token', {
      description:
        'The secret a front end sends in the `Broadsheet-Preview` header to read the article. Store it now: only its hash is kept.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
    }),
    url: t.exposeString('url', {
      nullable: true,
      description:
        'The link to share, `<PUBLIC_SITE_URL>/preview/<slug>?token=<token>`; null when the app was built without a site URL.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
    }),
    link: t.field({
      type: PreviewLinkRef,
      description: 'The link as stored.',
      extensions: reads(executorOnly(EDITORS_ONLY)),
      resolve: (created) => created.link,
    }),
  }),
});

/** The link to share: the site's preview route for the article's slug, with the token. */
function previewUrl(siteUrl: string | undefined, slug: string, token: string): string | null {
  if (!siteUrl) return null;
  const url = new URL(`preview/${encodeURIComponent(slug)}`, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`);
  url.searchParams.set('token', token);
  return url.toString();
}

function validExpiresIn(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < PREVIEW_MIN_SECONDS || seconds > PREVIEW_MAX_SECONDS) {
    throw new ValidationError(
      'expiresIn',
      'OUT_OF_RANGE',
      `expiresIn must be from ${PREVIEW_MIN_SECONDS} to ${PREVIEW_MAX_SECONDS} seconds (30 days)`,
    );
  }
  return seconds;
}

builder.queryFields((t) => ({
  previewLinks: t.field({
    type: [PreviewLinkRef],
    description:
      'The preview links of an article, newest first: live ones only unless `includeInactive`. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    extensions: reads(executorOnly(EDITORS_ONLY)),
    args: {
      articleId: t.arg.id({
        required: true,
        description: 'Global id of the article (`Article.id`); a malformed one is INVALID_ID.',
      }),
      includeInactive: t.arg.boolean({
        required: true,
        defaultValue: false,
        description: 'Expired and revoked links too.',
      }),
      first: t.arg.int({
        required: true,
        defaultValue: DEFAULT_EDITOR_LIST_SIZE,
        description: `1 to ${MAX_PAGE_SIZE}.`,
      }),
    },
    resolve: (_root, { articleId, includeInactive, first }, ctx) => {
      if (first < 1 || first > MAX_PAGE_SIZE) throw badInput(`\`first\` must be from 1 to ${MAX_PAGE_SIZE}`, 'first');
      return listPreviewLinks(ctx.db, parseGlobalId(String(articleId), 'Article'), {
        all: includeInactive,
        limit: first,
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  createPreviewLink: t.field({
    type: NewPreviewLinkRef,
    description:
      'Creates a read-only link to one article (a draft or a scheduled one, usually) that expires after `expiresIn` seconds: whoever holds its token reads that article, and nothing else that is not public. The token is in the answer once. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('createPreviewLink', 'previewLink', [ValidationError, NotFoundError]),
    args: {
      articleId: t.arg.id({ required: true, description: 'Global id of the article (`Article.id`).' }),
      expiresIn: t.arg.int({
        required: true,
        description: `Seconds the link opens the article for: ${PREVIEW_MIN_SECONDS} to ${PREVIEW_MAX_SECONDS} (30 days).`,
      }),
    },
    resolve: async (_root, args, ctx: Context) => {
      const articleId = parseIdForWrite(args.articleId, 'Article', 'articleId');
      const expiresInSeconds = validExpiresIn(args.expiresIn);
      const token = generatePreviewToken();
      const { link, slug } = await ctx.db.transaction().execute(async (trx) => {
        // The article as a write sees it: a draft another token created stays NotFound without read:drafts.
        const article = await lockReadable(trx, ctx, articleId, undefined, 'articleId');
        const actor = ctx.viewer.actor;
        const inserted = await insertPreviewLink(trx, {
          articleId,
          secretHash: hashToken(token),
          createdByTokenId: actor?.tokenId ?? null,
          createdBy: actor?.name ?? 'unknown',
          expiresInSeconds,
        });
        return { link: inserted, slug: article.slug };
      });
      return { link, token, url: previewUrl(ctx.siteUrl, slug, token) };
    },
  }),

  revokePreviewLink: t.field({
    type: PreviewLinkRef,
    description:
      'Revokes a preview link at once: its token gets PREVIEW_LINK_REVOKED from then on. Revoking a revoked link changes nothing. Needs `write:articles`.',
    authScopes: WRITE_ARTICLES,
    errors: resultNames('revokePreviewLink', 'previewLink', [ValidationError, NotFoundError]),
    args: { id: t.arg.id({ required: true, description: 'Global id of the link (`PreviewLink.id`).' }) },
    resolve: async (_root, args, ctx) => {
      const id = parseIdForWrite(args.id, TYPENAME, 'id');
      const link = await revokePreviewLink(ctx.db, id);
      if (!link) throw new NotFoundError('id', 'No preview link has this id');
      return link;
    },
  }),
}));
