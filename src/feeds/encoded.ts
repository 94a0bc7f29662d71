import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { constants, createGunzip, createGzip } from 'node:zlib';

/*
 * Feeds and sitemaps are kept gzipped (a child sitemap compresses 15 to 40 times): a page of 10,000
 * URLs is 30 to 100 kB kept instead of 2.2 MB of JS string, so whole children fit the bounded cache.
 * They are made chunk by chunk (never one giant string) and served gzipped to clients that accept
 * it, gunzipped as a stream to the others.
 */

/** A representation's bytes, gzipped, with the strong entity tags of both of its encodings. */
export interface Encoded {
  gzip: Buffer<ArrayBuffer>;
  /** Bytes of the identity (uncompressed) body. */
  bytes: number;
  /** The entity tag of the identity body, and of its gzip encoding (a different one, as RFC 9110 8.8.3 asks). */
  etag: string;
  gzipEtag: string;
}

const WRITE_AHEAD_BYTES = 1024 * 1024;

const tagOf = (hash: ReturnType<typeof createHash>) => `"${hash.digest('base64url').slice(0, 32)}"`;

/**
 * Gzips `chunks` as they come, hashing the text for the entity tags (the same tag entityTagOf
 * gives the whole text). zlib works on its thread pool; the loop yields between chunks, so one
 * large sitemap never holds the event loop for its whole making.
 */
export async function encode(chunks: Iterable<string> | AsyncIterable<string>, contentType: string): Promise<Encoded> {
  const identity = createHash('sha256').update(contentType).update('\0').update('').update('\0');
  const gzipped = createHash('sha256').update(contentType).update('\0').update('gzip').update('\0');
  const gzip = createGzip({ level: constants.Z_DEFAULT_COMPRESSION, chunkSize: 64 * 1024 });
  const output: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => output.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  let bytes = 0;
  for await (const chunk of chunks) {
    const buffer = Buffer.from(chunk);
    bytes += buffer.length;
    identity.update(buffer);
    gzipped.update(buffer);
    gzip.write(buffer);
    // Waiting for every write to drain costs a round trip per 16 kB (seconds for a large child on a
    // busy machine): up to WRITE_AHEAD_BYTES of text may wait for zlib.
    if (gzip.writableLength > WRITE_AHEAD_BYTES) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return { gzip: Buffer.concat(output), bytes, etag: tagOf(identity), gzipEtag: tagOf(gzipped) };
}

/** The identity body of a kept representation, as a stream (never one buffer of its full size). */
export function gunzipStream(gzip: Buffer): ReadableStream<Uint8Array> {
  return Readable.toWeb(
    Readable.from([gzip]).pipe(createGunzip({ chunkSize: 256 * 1024 })),
  ) as ReadableStream<Uint8Array>;
}

/** The longest Accept-Encoding read; a longer one is ignored (identity is sent). */
const MAX_ACCEPT_ENCODING_LENGTH = 1024;

/** Whether Accept-Encoding accepts gzip (RFC 9110 12.5.3): `gzip` or `*` with a non-zero weight. */
export function acceptsGzip(field: string | null): boolean {
  if (!field || field.length > MAX_ACCEPT_ENCODING_LENGTH) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of field.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const coding = name.trim();
    if (coding === 'gzip' || coding === 'x-gzip') gzip = Number.isFinite(weight) ? weight : 0;
    else if (coding === '*') any = Number.isFinite(weight) ? weight : 0;
  }
  return (gzip ?? any ?? 0) > 0;
}

/**
 * At most `running` makings at once and `waiting` more queued; beyond that `run` refuses at once
 * (BusyError: the route answers 503 with Retry-After), so large makings cannot take every
 * connection of the pool or the whole heap from GraphQL.
 */
export class BusyError extends Error {
  constructor() {
    super('too many sitemaps are being made');
  }
}

export function createBuildLimit(running: number, waiting: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (active >= running) {
        if (queue.length >= waiting) throw new BusyError();
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        active += 1;
      }
      try {
        return await work();
      } finally {
        const next = queue.shift();
        // A queued making takes the slot over; active stays the same.
        if (next) next();
        else active -= 1;
      }
    },
    get active() {
      return active;
    },
  };
}
