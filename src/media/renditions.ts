import { createHash, createHmac } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { RenditionConfig } from '../config.js';

/**
 * Rendition URLs of an imgproxy-style image service: `${baseUrl}/${signature}/${path}`, where the
 * path comes from the configured template and the signature is base64url (unpadded) of
 * HMAC-SHA256(key, salt + "/" + path), as imgproxy checks it (IMGPROXY_KEY, IMGPROXY_SALT). Without
 * a key the signature is "insecure", which imgproxy accepts when it has no key either.
 *
 * The same URL is written two ways that must agree: `renditionUrl` in JavaScript (images that
 * mutations return) and `renditionUrlSql` inside the read model's statement (the article page in
 * one statement, src/schema/image.ts). PostgreSQL has sha256() but no HMAC without pgcrypto, so the
 * SQL builds HMAC from its definition: sha256((K ^ opad) || sha256((K ^ ipad) || message)), with
 * the two padded keys computed here once. tests/images.test.ts checks both against node:crypto.
 */

export const IMAGE_FORMATS = ['JPEG', 'PNG', 'WEBP', 'AVIF', 'GIF'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** The mime types an upload may have, and the format each renders as by default. */
export const MIME_FORMATS: Record<string, ImageFormat> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WEBP',
  'image/avif': 'AVIF',
  'image/gif': 'GIF',
};

/** The source the image service reads: an external URL as it is, a stored original by prefix + key. */
export interface RenditionSource {
  storageKey: string | null;
  externalUrl: string | null;
  mimeType: string;
  focalX: number;
  focalY: number;
}

export interface RenditionRequest {
  width: number;
  /** 0 keeps the aspect ratio. */
  height: number;
  format: ImageFormat | null;
}

const BLOCK = 64;

function paddedKeys(keyHex: string): { inner: Buffer; outer: Buffer } {
  let key = Buffer.from(keyHex, 'hex');
  if (key.length > BLOCK) key = createHash('sha256').update(key).digest();
  const padded = Buffer.concat([key, Buffer.alloc(BLOCK - key.length)]);
  return { inner: Buffer.from(padded.map((b) => b ^ 0x36)), outer: Buffer.from(padded.map((b) => b ^ 0x5c)) };
}

const focal = (value: number) => (Math.round(value * 1000) / 1000).toString();

function fill(template: string, parts: Record<string, string>): string {
  return template.replace(
    /\{(width|height|format|focalX|focalY|sourceBase64|source)\}/g,
    (_, name: string) => parts[name]!,
  );
}

const formatText = (format: ImageFormat) => (format === 'JPEG' ? 'jpg' : format.toLowerCase());

export function sourceOf(config: RenditionConfig, image: Pick<RenditionSource, 'storageKey' | 'externalUrl'>): string {
  return image.externalUrl ?? `${config.sourcePrefix}${image.storageKey}`;
}

export function renditionPath(config: RenditionConfig, image: RenditionSource, request: RenditionRequest): string {
  const format = request.format ?? MIME_FORMATS[image.mimeType] ?? 'JPEG';
  return fill(config.pathTemplate, {
    width: String(request.width),
    height: String(request.height),
    format: formatText(format),
    focalX: focal(image.focalX),
    focalY: focal(image.focalY),
    source: sourceOf(config, image),
    sourceBase64: Buffer.from(sourceOf(config, image), 'utf8').toString('base64url'),
  });
}

export function signPath(config: RenditionConfig, path: string): string {
  if (!config.key || !config.salt) return 'insecure';
  return createHmac('sha256', Buffer.from(config.key, 'hex'))
    .update(Buffer.concat([Buffer.from(config.salt, 'hex'), Buffer.from(`/${path}`, 'utf8')]))
    .digest('base64url');
}

export function renditionUrl(config: RenditionConfig, image: RenditionSource, request: RenditionRequest): string {
  const path = renditionPath(config, image, request);
  return `${config.baseUrl}/${signPath(config, path)}/${path}`;
}

export function srcset(
  config: RenditionConfig,
  image: RenditionSource,
  widths: readonly number[],
  format: ImageFormat | null,
): string {
  return widths.map((width) => `${renditionUrl(config, image, { width, height: 0, format })} ${width}w`).join(', ');
}

const bytea = (bytes: Buffer) => sql.raw(`'\\x${bytes.toString('hex')}'::bytea`);
const text = (value: string) => sql.lit(value);

/**
 * The same URL as a SQL expression over an `images` row (alias `i`); `width`, `height` and
 * `format` are SQL values (parameters or literals), format null for the original's.
 */
export function renditionUrlSql(
  config: RenditionConfig,
  i: RawBuilder<unknown>,
  width: RawBuilder<unknown>,
  height: RawBuilder<unknown>,
  format: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const formats = Object.entries(MIME_FORMATS)
    .map(([mime, f]) => `when '${mime}' then '${formatText(f)}'`)
    .join(' ');
  const parts: Record<string, RawBuilder<unknown>> = {
    width: sql`(${width})::text`,
    height: sql`(${height})::text`,
    // The chosen format, else the original's (as MIME_FORMATS), else jpg.
    format: sql`coalesce(case ${format} when 'JPEG' then 'jpg' else lower(${format}) end, case ${i}.mime_type ${sql.raw(formats)} else 'jpg' end)`,
    focalX: sql`trim_scale(round(${i}.focal_x::numeric, 3))::text`,
    focalY: sql`trim_scale(round(${i}.focal_y::numeric, 3))::text`,
    source: sql`coalesce(${i}.external_url, ${text(config.sourcePrefix)} || ${i}.storage_key)`,
    // base64url without padding; encode() breaks lines every 76 characters, which go too.
    sourceBase64: sql`rtrim(translate(encode(convert_to(coalesce(${i}.external_url, ${text(config.sourcePrefix)} || ${i}.storage_key), 'UTF8'), 'base64'), ${text('+/\n')}, '-_'), '=')`,
  };
  // The template split at its placeholders: literal text and values, concatenated.
  const pieces: RawBuilder<unknown>[] = [];
  let last = 0;
  for (const match of config.pathTemplate.matchAll(/\{(width|height|format|focalX|focalY|sourceBase64|source)\}/g)) {
    if (match.index > last) pieces.push(text(config.pathTemplate.slice(last, match.index)));
    pieces.push(parts[match[1]!]!);
    last = match.index + match[0].length;
  }
  if (last < config.pathTemplate.length) pieces.push(text(config.pathTemplate.slice(last)));
  const path = sql`(${sql.join(pieces, sql` || `)})`;
  if (!config.key || !config.salt) return sql`${text(`${config.baseUrl}/insecure/`)} || ${path}`;
  const { inner, outer } = paddedKeys(config.key);
  const message = sql`${bytea(Buffer.from(config.salt, 'hex'))} || convert_to('/' || ${path}, 'UTF8')`;
  const signature = sql`rtrim(translate(encode(sha256(${bytea(outer)} || sha256(${bytea(inner)} || ${message})), 'base64'), '+/', '-_'), '=')`;
  return sql`${text(`${config.baseUrl}/`)} || ${signature} || '/' || ${path}`;
}
