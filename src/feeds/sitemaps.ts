import type { FeedsConfig } from '../config.js';
import type { SitemapArticleRow, SitemapPageRow } from '../db/queries/feeds.js';
import { articleUrl } from './items.js';
import { element, isoDate, XML_DECLARATION } from './xml.js';

/** The sitemap protocol's caps (sitemaps.org): per file, 50,000 URLs and 50 MB uncompressed. */
export const SITEMAP_MAX_URLS = 50_000;
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
/** Google's news sitemaps: articles of the last two days, at most 1,000 of them. */
export const NEWS_SITEMAP_WINDOW_MS = 2 * 24 * 3600 * 1000;
export const NEWS_SITEMAP_MAX_URLS = 1000;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** The path of child sitemap `page` (1-based). */
export const sitemapPagePath = (page: number) => `/sitemaps/articles-${page}.xml`;

/**
 * The published schemas require at least one entry in a urlset and in a sitemapindex. So child 1 is
 * always named and always answers, and a urlset with nothing else to list lists the site's home
 * page: a URL of the site that always exists, listed without news metadata (which Google documents
 * as how a URL stays in a news sitemap once it is no longer news).
 */
const homePage = (config: FeedsConfig) => `<url>${element('loc', `${config.publicSiteUrl}/`)}</url>`;

/**
 * The sitemap index: one child per non-empty id range, dated by its newest change, and always
 * child 1 (undated when none of its range is visible, see homePage).
 */
export function renderSitemapIndex(config: FeedsConfig, pages: readonly SitemapPageRow[]): string {
  const children: { page: number; lastModified?: Date }[] =
    pages[0]?.page === 1 ? [...pages] : [{ page: 1 }, ...pages].slice(0, SITEMAP_MAX_URLS);
  const entries = children.map(
    (child) =>
      `<sitemap>${element('loc', config.publicApiUrl + sitemapPagePath(child.page))}${child.lastModified ? element('lastmod', isoDate(child.lastModified)) : ''}</sitemap>`,
  );
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">${entries.join('\n')}</sitemapindex>\n`;
}

/** URLs written between two yields of sitemapChunks: about 150 kB of text. */
const SITEMAP_CHUNK_URLS = 1000;

/**
 * A child sitemap, as chunks of text (encode() gzips them as they come: the whole text is never one
 * string). Its URL count is bounded by the page size (at most SITEMAP_MAX_URLS) and each entry by
 * the configured URL lengths (a few hundred bytes), far below SITEMAP_MAX_BYTES; the bytes are
 * still counted, so a mistake shows as an error, never as a sitemap crawlers refuse.
 */
export function* sitemapChunks(config: FeedsConfig, articles: readonly SitemapArticleRow[]): Generator<string> {
  if (articles.length > SITEMAP_MAX_URLS)
    throw new Error(`a child sitemap of ${articles.length} URLs is over the protocol's cap`);
  let bytes = 0;
  const counted = (text: string) => {
    bytes += Buffer.byteLength(text);
    if (bytes > SITEMAP_MAX_BYTES)
      throw new Error(`a child sitemap of ${articles.length} URLs is over the protocol's ${SITEMAP_MAX_BYTES} bytes`);
    return text;
  };
  yield counted(`${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">`);
  // Nothing to list (child 1 of an empty site): the home page, as an empty urlset is invalid.
  if (articles.length === 0) yield counted(homePage(config));
  for (let start = 0; start < articles.length; start += SITEMAP_CHUNK_URLS) {
    const entries = articles
      .slice(start, start + SITEMAP_CHUNK_URLS)
      .map((a) => `<url>${element('loc', articleUrl(config, a))}${element('lastmod', isoDate(a.updatedAt))}</url>`);
    yield counted((start > 0 ? '\n' : '') + entries.join('\n'));
  }
  yield counted('</urlset>\n');
}

/**
 * The news sitemap: publication name and language, publication date and title of each article.
 * With none in the window it stays a valid document (homePage): Google documents that a news
 * sitemap may go empty when nothing was published in the last two days, without harm.
 */
export function renderNewsSitemap(config: FeedsConfig, articles: readonly SitemapArticleRow[]): string {
  const publication = `<news:publication>${element('news:name', config.siteTitle)}${element('news:language', config.siteLanguage)}</news:publication>`;
  const entries =
    articles.length === 0
      ? [homePage(config)]
      : articles.map(
          (a) =>
            `<url>${element('loc', articleUrl(config, a))}<news:news>${publication}${element('news:publication_date', isoDate(a.publishedAt))}${element('news:title', a.title)}</news:news></url>`,
        );
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">${entries.join('\n')}</urlset>\n`;
}
