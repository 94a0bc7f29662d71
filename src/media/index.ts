import { type ImagesConfig, loadImagesConfig } from '../config.js';
import { createMediaStorage, type MediaStorage } from './storage.js';

/** What image writes and reads need: the settings and the store of originals. */
export interface Media {
  readonly config: ImagesConfig;
  readonly storage: MediaStorage;
}

export function createMedia(config: ImagesConfig): Media {
  return { config, storage: createMediaStorage(config.storage) };
}

let fallback: Media | undefined;

/** The media of a context built without them (scripts, tests of other domains): the defaults. */
export function mediaOf(ctx: { media?: Media }): Media {
  return ctx.media ?? (fallback ??= createMedia(loadImagesConfig({})));
}

/**
 * What the server should warn of at start about its images: in production, rendition URLs without
 * a signing key (`insecure`) let anyone have the image service resize any source at any size.
 * A warning, not a refusal: a site may run an image service that is private or checks otherwise.
 */
export function imagesStartupWarning(config: ImagesConfig, nodeEnv: string): string | undefined {
  if (nodeEnv !== 'production' || (config.renditions.key && config.renditions.salt)) return undefined;
  return 'images: IMAGE_PROXY_KEY and IMAGE_PROXY_SALT are unset, so rendition URLs are unsigned ("insecure"): anyone can ask the image service for any size of any source. Set them to imgproxy\'s IMGPROXY_KEY and IMGPROXY_SALT.';
}
