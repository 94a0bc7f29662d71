/**
 * XML text for feeds and sitemaps, written by hand: each document is a few fixed elements around
 * escaped values, and a serializer dependency would add nothing but weight.
 */

/**
 * Characters XML 1.0 does not allow in a document at all (C0 controls other than tab, line feed and
 * carriage return, lone surrogates, U+FFFE and U+FFFF): escaping cannot carry them, so they go.
 * An article's title comes from an import or an editor and may hold anything.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * `value` without the characters XML cannot carry: every format (JSON Feed too) drops the same
 * ones, so a feed reader sees one text whichever format it reads.
 */
export function feedSafe(value: string): string {
  return value.replace(NOT_XML, '');
}

/** Text or an attribute value, escaped. */
export function xmlText(value: string): string {
  return feedSafe(value).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** `<name attributes>text</name>`, or `<name attributes/>` when text is undefined. */
export function element(
  name: string,
  text?: string,
  attributes: Record<string, string | number | undefined> = {},
): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${xmlText(String(value))}"`)
    .join('');
  return text === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${xmlText(text)}</${name}>`;
}

/** RFC 3339 in UTC with whole seconds (Atom, sitemaps, JSON Feed). */
export function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 822 with a four-digit year, as RSS 2.0 dates are written (Date's toUTCString is exactly that). */
export function rfc822Date(date: Date): string {
  return date.toUTCString();
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
