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
