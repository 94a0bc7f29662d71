import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { findPreviewLinkByHash } from '../db/queries/preview-links.js';
import { BroadsheetError, ErrorCode } from '../errors.js';
import { hashToken } from './tokens.js';

/** The request header a front end passes a preview link's token in. */
export const PREVIEW_HEADER = 'broadsheet-preview';

const PREVIEW_PREFIX = 'bsp_';
/** 32 random bytes in base64url: 43 characters, as API tokens (a different prefix, never interchangeable). */
const PREVIEW_PATTERN = /^bsp_[A-Za-z0-9_-]{43}$/;

/** A link's token: shown once to the editor who creates it; only its hash is stored. */
export function generatePreviewToken(): string {
  return `${PREVIEW_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Shortest and longest life of a preview link, in seconds (a minute; thirty days). */
export const PREVIEW_MIN_SECONDS = 60;
export const PREVIEW_MAX_SECONDS = 30 * 24 * 3600;

/** What a valid preview token lets a request read: that one article. */
export interface Preview {
  linkId: number;
  articleId: number;
}

function refused(code: ErrorCode, message: string): BroadsheetError {
  return new BroadsheetError(code, message, { http: { status: 403 } });
}

/**
 * The preview a request's Broadsheet-Preview header grants, or a typed refusal: a token that is
 * malformed or names no link (tampered, made up) is PREVIEW_LINK_INVALID; a real one that has
 * expired or been revoked says so, since whoever holds it was given it.
 */
export async function resolvePreview(db: Db, token: string): Promise<Preview> {
  const trimmed = token.trim();
  if (!PREVIEW_PATTERN.test(trimmed))
    throw refused(ErrorCode.PREVIEW_LINK_INVALID, 'The Broadsheet-Preview header does not hold a preview link token');
  const link = await findPreviewLinkByHash(db, hashToken(trimmed));
  if (!link) throw refused(ErrorCode.PREVIEW_LINK_INVALID, 'This preview link is not valid');
  if (link.revokedAt) throw refused(ErrorCode.PREVIEW_LINK_REVOKED, 'This preview link was revoked');
  if (link.expired)
    throw refused(ErrorCode.PREVIEW_LINK_EXPIRED, `This preview link expired at ${link.expiresAt.toISOString()}`);
  return { linkId: link.id, articleId: link.articleId };
}
