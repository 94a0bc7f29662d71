import { imageSize } from 'image-size';

/** What an upload's bytes say it is; the name and the declared type are not trusted. */
export interface SniffedImage {
  mimeType: string;
  width: number;
  height: number;
}

const MIME_OF: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' };

/** The image's type and dimensions from its content, or undefined when it is not one we take. */
export function sniffImage(bytes: Uint8Array): SniffedImage | undefined {
  let result;
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
