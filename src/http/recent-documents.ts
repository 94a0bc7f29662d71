import type { DocumentNode } from 'graphql';
import { RECENT_DOCUMENTS_BYTES } from '../config.js';
import { documentBytes, type TextKeyedCache } from './bounded.js';

/**
 * yoga looks every request's document up by its text. The bounded cache behind keys by the text's
 * SHA-256, since an outsider chooses the text's length; hashing the article page's document on
 * every request cost more than the rest of the lookup. The documents found most recently are kept
 * here by their own source text, the string the document holds anyway, so each costs a Map slot:
 * a request for one of them is found by V8's string hash and a compare, the bounded cache only
 * asked on a miss. They are dropped first in, first out, within `maxBytes` of documents (which
 * the bounded cache may have let go meanwhile).
 */
export function withRecentDocuments(
  cache: TextKeyedCache<DocumentNode>,
  maxBytes = RECENT_DOCUMENTS_BYTES,
): TextKeyedCache<DocumentNode> {
  const recent = new Map<string, { document: DocumentNode; bytes: number }>();
  let bytes = 0;
  const remember = (text: string, document: DocumentNode) => {
    // Keyed by the document's own string (equal to the request's, not the same object).
    const own = document.loc?.source.body;
    if (own !== text || recent.has(own)) return;
    const size = documentBytes(document);
    if (size > maxBytes / 8) return;
    recent.set(own, { document, bytes: size });
    bytes += size;
    while (bytes > maxBytes) {
      const [oldest, entry] = recent.entries().next().value!;
      recent.delete(oldest);
      bytes -= entry.bytes;
    }
  };
  return {
    get(text) {
      const kept = recent.get(text);
      if (kept) return kept.document;
      const document = cache.get(text);
      if (document) remember(text, document);
      return document;
    },
    set(text, document) {
      cache.set(text, document);
      remember(text, document);
    },
  };
}
