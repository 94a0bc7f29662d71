import type { DocumentNode } from 'graphql';

/**
 * What a plugin derives from an operation of a document, derived once: yoga's document cache hands
 * out the same DocumentNode for the same text, so a request for a known document looks the answer
 * up instead of walking the document again. It goes when the document cache lets the document go.
 */
export function perOperation<T, Schema = undefined>(
  derive: (document: DocumentNode, operationName: string | null | undefined, schema: Schema) => T,
) {
  const known = new WeakMap<DocumentNode, Map<string, T>>();
  /** `schema`, when the value depends on it, is the one the server runs (it does not change). */
  return (document: DocumentNode, operationName: string | null | undefined, schema?: Schema): T => {
    let byName = known.get(document);
    if (!byName) known.set(document, (byName = new Map()));
    const name = operationName ?? '';
    if (byName.has(name)) return byName.get(name)!;
    const value = derive(document, operationName, schema as Schema);
    byName.set(name, value);
    return value;
  };
}

/** The same, for what depends on the document alone. */
export function perDocument<T>(derive: (document: DocumentNode) => T) {
  const known = new WeakMap<DocumentNode, T>();
  return (document: DocumentNode): T => {
    if (known.has(document)) return known.get(document)!;
    const value = derive(document);
    known.set(document, value);
    return value;
  };
}
