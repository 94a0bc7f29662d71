import type { EntityKind, ExtractedEntity } from '../../src/text/entities.js';

/** [mention text, kind, offset] for every mention of the extracted entities, in text order. */
export function mentionsAt(es: ExtractedEntity[]): [string, EntityKind, number][] {
  return es
    .flatMap((e) => e.mentions.map((m) => [m.text, e.kind, m.start] as [string, EntityKind, number]))
    .sort((a, b) => a[2] - b[2]);
}

/** [mention text, kind] for every mention of the extracted entities, in text order. */
export function spans(es: ExtractedEntity[]): [string, EntityKind][] {
  return mentionsAt(es).map(([text, kind]) => [text, kind]);
}
