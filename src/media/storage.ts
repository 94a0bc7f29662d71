import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { MediaStorageConfig } from '../config.js';

/** Where image originals are kept: a folder by default, an S3-compatible bucket when configured. */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The original's bytes, or undefined when no object has the key. */
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string | undefined } | undefined>;
  /**
   * The original as a stream (what /media serves: never the whole file in memory), its size and
   * its first bytes (HEAD_BYTES at most, for its type); undefined when no object has the key.
   * The caller reads or destroys the stream.
   */
  open(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
}

export interface StoredObject {
  size: number;
  head: Uint8Array;
  body: Readable;
}

/** Bytes read ahead of a stored object's stream: enough for every image type's signature. */
export const HEAD_BYTES = 32;

/** Keys are made here, never from a client's file name: `yyyy/mm/<32 hex>.<ext>`. */
export const STORAGE_KEY_PATTERN = /^[0-9]{4}\/[0-9]{2}\/[0-9a-f]{32}\.(jpg|png|webp|avif|gif)$/;
/** Keys the importer and the demo seed may name: the same safe alphabet, no dot segments. */
export const IMPORTED_KEY_PATTERN = /^(?!.*(^|\/)\.{1,2}(\/|$))[a-z0-9][a-z0-9._/-]{0,199}$/;

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
};

export function newStorageKey(mimeType: string, now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${now.getUTCFullYear()}/${month}/${randomBytes(16).toString('hex')}.${EXTENSIONS[mimeType] ?? 'bin'}`;
}

export function isSafeKey(key: string): boolean {
  return IMPORTED_KEY_PATTERN.test(key);
}

/** The local folder: keys are checked, and resolved paths must stay inside the folder. */
export function createLocalStorage(dir: string): MediaStorage {
  const root = path.resolve(dir);
  const fileOf = (key: string) => {
    if (!isSafeKey(key)) return undefined;
    const file = path.resolve(root, key);
    return file.startsWith(root + path.sep) ? file : undefined;
  };
  return {
    kind: 'local',
    async put(key, bytes) {
      const file = fileOf(key);
      if (!file) throw new Error(`unsafe storage key ${JSON.stringify(key)}`);
      await mkdir(path.dirname(file), { recursive: true });
      // Written under another name and renamed: a reader never sees half a file.
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, file);
    },
    async get(key) {
      const file = fileOf(key);
      if (!file) return undefined;
      try {
        if (!(await stat(file)).isFile()) return undefined;
        return { bytes: await readFile(file), contentType: undefined };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async open(key) {
      const file = fileOf(key);
      if (!file) return undefined;
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(file, 'r');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
        throw error;
      }
      try {
        const info = await handle.stat();
        if (!info.isFile()) {
          await handle.close();
          return undefined;
        }
        const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
        await handle.read(head, 0, head.length, 0);
        // The stream owns the handle from here, and closes it when it ends or is destroyed.
        return {
          size: info.size,
          head,
          body: createReadStream(file, { fd: handle, autoClose: true, start: 0, end: Math.max(0, info.size - 1) }),
        };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
    async delete(key) {
      const file = fileOf(key);
      if (file) await rm(file, { force: true });
    },
  };
}

export function createS3Storage(config: Extract<MediaStorageConfig, { kind: 's3' }>): MediaStorage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
  });
  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          Body: bytes,
          ContentType: contentType,
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      );
    },
    async get(key) {
      if (!isSafeKey(key)) return undefined;
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
        return { bytes: await object.Body!.transformToByteArray(), contentType: object.ContentType };
      } catch (error) {
        if (
          (error as { name?: string }).name === 'NoSuchKey' ||
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
        )
          return undefined;
        throw error;
      }
    },
    async open(key) {
      if (!isSafeKey(key)) return undefined;
      let object: GetObjectCommandOutput;
      try {
        object = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
      } catch (error) {
        if (
          (error as { name?: string }).name === 'NoSuchKey' ||
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
        )
          return undefined;
        throw error;
      }
      const body = object.Body as unknown as Readable | undefined;
      if (!body || typeof (body as Readable).read !== 'function') return undefined;
      const { head, rest } = await peek(body, HEAD_BYTES);
      return { size: object.ContentLength ?? head.byteLength, head, body: rest };
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }));
    },
  };
}

export function createMediaStorage(config: MediaStorageConfig): MediaStorage {
  return config.kind === 's3' ? createS3Storage(config) : createLocalStorage(config.dir);
}

/** The first `bytes` of a stream, and a stream of the whole (those bytes again, then the rest). */
async function peek(stream: Readable, bytes: number): Promise<{ head: Uint8Array; rest: Readable }> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const step = await iterator.next();
    if (step.done) break;
    const chunk = Buffer.from(step.value as Uint8Array);
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const head = Buffer.concat(chunks).subarray(0, bytes);
  async function* replay() {
    yield* chunks;
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value as Buffer;
  }
  const rest = Readable.from(replay(), { objectMode: false });
  rest.on('close', () => void iterator.return?.());
  return { head, rest };
}
