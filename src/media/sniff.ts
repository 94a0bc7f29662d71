import { imageSize } from 'image-size';

/** What an upload's bytes say it is; the name and the declared type are not trusted. */
export interface SniffedImage {
  mimeType: string;
  width: number;
  height: number;
}

const MIME_OF: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

/** The image's type and dimensions from its content, or undefined when it is not one we take. */
export function sniffImage(bytes: Uint8Array): SniffedImage | undefined {
  let result: ReturnType<typeof imageSize>;
  try {
    result = imageSize(bytes);
  } catch {
    return undefined;
  }
  const mimeType = result.type ? MIME_OF[result.type] : undefined;
  if (!mimeType || !result.width || !result.height) return undefined;
  // EXIF orientations 5 to 8 turn the picture a quarter: what readers see is height × width.
  const turned = result.orientation !== undefined && result.orientation >= 5;
  return { mimeType, width: turned ? result.height : result.width, height: turned ? result.width : result.height };
}

const ascii = (bytes: Uint8Array, start: number, text: string) =>
  text.split('').every((c, i) => bytes[start + i] === c.charCodeAt(0));

/**
 * The image type of a stored original from its signature (its first 12 bytes), for serving it:
 * the dimensions were read when it was stored. Undefined for anything else.
 */
export function sniffImageType(head: Uint8Array): string | undefined {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head[0] === 0x89 && ascii(head, 1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'image/gif';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'image/webp';
  if (ascii(head, 4, 'ftypavif') || ascii(head, 4, 'ftypavis')) return 'image/avif';
  return undefined;
}
