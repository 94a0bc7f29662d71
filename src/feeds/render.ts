import type { FeedsConfig } from '../config.js';
import type { FeedImage, FeedItem } from './items.js';
import type { ResolvedScope } from './scopes.js';
import { element, feedSafe, isoDate, rfc822Date, XML_DECLARATION, xmlText } from './xml.js';

/** A feed as every format needs it: its subject, its own address, its items newest first. */
export interface FeedDocument {
  scope: ResolvedScope;
  /** The absolute URL of this representation (PUBLIC_API_URL + path). */
  selfUrl: string;
  items: readonly FeedItem[];
  config: FeedsConfig;
}

export interface FeedFormat {
  /** The file name the route ends in. */
  file: string;
  contentType: string;
  render(feed: FeedDocument): string;
}

/** The newest change of the feed: its newest item's (the epoch for an empty feed, so the text stays the same). */
function feedUpdated(items: readonly FeedItem[]): Date {
  let newest = 0;
  for (const item of items) newest = Math.max(newest, item.updatedAt.getTime(), item.publishedAt.getTime());
  return new Date(newest);
}

const GENERATOR = 'Broadsheet';

function imageMediaType(image: FeedImage): string | undefined {
  return image.type && /^image\/[\w.+-]+$/.test(image.type) ? image.type : undefined;
}

function rssItem(item: FeedItem): string {
  const parts = [
    element('title', item.title),
    element('link', item.url),
    element('guid', item.id, { isPermaLink: 'false' }),
    element('pubDate', rfc822Date(item.publishedAt)),
  ];
  if (item.summary) parts.push(element('description', item.summary));
  // RSS's own <author> must be an e-mail address; Dublin Core's creator is the byline readers expect.
  for (const author of item.authors) parts.push(element('dc:creator', author.name));
  for (const category of item.categories) parts.push(element('category', category.label, { domain: category.url }));
  if (item.image) {
    const type = imageMediaType(item.image);
    // An enclosure must name its type (RSS 2.0): without one known, media:content alone describes the image.
    if (type) parts.push(element('enclosure', undefined, { url: item.image.url, length: item.image.bytes ?? 0, type }));
    const description = item.image.alt ? element('media:description', item.image.alt, { type: 'plain' }) : '';
    parts.push(
      `<media:content${attributes({ url: item.image.url, medium: 'image', type, width: item.image.width, height: item.image.height, fileSize: item.image.bytes })}>${description}</media:content>`,
    );
  }
  return `<item>${parts.join('')}</item>`;
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${xmlText(String(value))}"`)
    .join('');
}

export const RSS: FeedFormat = {
  file: 'rss.xml',
  contentType: 'application/rss+xml; charset=utf-8',
  render({ scope, selfUrl, items, config }) {
    const head = [
      element('title', scope.title),
      element('link', scope.link),
      element('description', scope.description),
      element('language', config.siteLanguage),
      element('lastBuildDate', rfc822Date(feedUpdated(items))),
      element('generator', GENERATOR),
      element('atom:link', undefined, { href: selfUrl, rel: 'self', type: 'application/rss+xml' }),
    ];
    return (
      XML_DECLARATION +
      '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">' +
      `<channel>${head.join('')}${items.map(rssItem).join('')}</channel></rss>\n`
    );
  },
};

function atomEntry(item: FeedItem): string {
  const parts = [
    element('id', item.id),
    element('title', item.title, { type: 'text' }),
    element('link', undefined, { rel: 'alternate', type: 'text/html', href: item.url }),
    element('published', isoDate(item.publishedAt)),
    element('updated', isoDate(item.updatedAt)),
  ];
  for (const author of item.authors)
    parts.push(`<author>${element('name', author.name)}${author.url ? element('uri', author.url) : ''}</author>`);
  for (const category of item.categories)
    parts.push(element('category', undefined, { term: category.term, label: category.label, scheme: category.url }));
  if (item.summary) parts.push(element('summary', item.summary, { type: 'text' }));
  if (item.image)
    parts.push(
      element('link', undefined, {
        rel: 'enclosure',
        href: item.image.url,
        type: imageMediaType(item.image),
        length: item.image.bytes,
      }),
    );
  return `<entry>${parts.join('')}</entry>`;
}

export const ATOM: FeedFormat = {
  file: 'atom.xml',
  contentType: 'application/atom+xml; charset=utf-8',
  render({ scope, selfUrl, items, config }) {
    const head = [
      // The feed's permanent id: its own canonical address (RFC 4287 4.2.6).
      element('id', selfUrl),
      element('title', scope.title, { type: 'text' }),
      element('subtitle', scope.description, { type: 'text' }),
      element('updated', isoDate(feedUpdated(items))),
      element('link', undefined, { rel: 'alternate', type: 'text/html', href: scope.link }),
      element('link', undefined, { rel: 'self', type: 'application/atom+xml', href: selfUrl }),
      // Entries without a byline take the feed's author (RFC 4287 4.1.1): the publication.
      `<author>${element('name', config.siteTitle)}${element('uri', config.publicSiteUrl)}</author>`,
      element('generator', GENERATOR),
    ];
    return (
      XML_DECLARATION +
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlText(config.siteLanguage)}">${head.join('')}${items.map(atomEntry).join('')}</feed>\n`
    );
  },
};

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
export const JSON_FEED: FeedFormat = {
  file: 'feed.json',
  contentType: 'application/feed+json; charset=utf-8',
  render({ scope, selfUrl, items, config }) {
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: scope.title,
      home_page_url: scope.link,
      feed_url: selfUrl,
      description: scope.description,
      language: config.siteLanguage,
      authors: [{ name: config.siteTitle, url: config.publicSiteUrl }],
      items: items.map((item) => ({
        id: item.id,
        url: item.url,
        title: item.title,
        // The spec asks for content_text or content_html on every item: the summary, else the title.
        content_text: item.summary ?? item.title,
        ...(item.summary ? { summary: item.summary } : {}),
        ...(item.image ? { image: item.image.url } : {}),
        date_published: isoDate(item.publishedAt),
        date_modified: isoDate(item.updatedAt),
        ...(item.authors.length > 0
          ? { authors: item.authors.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) })) }
          : {}),
        tags: item.categories.map((category) => category.label),
      })),
    };
    // Every string without the characters the XML formats drop (feedSafe): the same text in all three.
    return `${JSON.stringify(feed, (_key, value: unknown) => (typeof value === 'string' ? feedSafe(value) : value))}\n`;
  },
};

export const FEED_FORMATS: readonly FeedFormat[] = [RSS, ATOM, JSON_FEED];
