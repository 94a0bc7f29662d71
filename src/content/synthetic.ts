import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEMO_FILE = fileURLToPath(new URL('../../demo/articles.ndjson', import.meta.url));

/**
 * `count` NDJSON lines of realistic articles for load and fault tests: the demo articles, each
 * reissued under its own id, slug, date and paragraph order, with the demo's sections and entities.
 */
export function syntheticArticleLines(count: number, prefix = 'synthetic'): string[] {
  const demo = readFileSync(DEMO_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const lines: string[] = [];
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i += 1) {
    const base = demo[i % demo.length]!;
    const paragraphs = String(base.body).split(/\n\s*\n/);
    const shift = i % paragraphs.length;
    const body = [...paragraphs.slice(shift), ...paragraphs.slice(0, shift)].join('\n\n');
    lines.push(
      JSON.stringify({
        ...base,
        externalId: `${prefix}-${i}`,
        slug: `${String(base.slug).slice(0, 100)}-${i}`,
        title: `${base.title} (${i})`,
        body,
        publishedAt: new Date(start + i * 37 * 60_000).toISOString(),
        status: 'PUBLISHED',
      }),
    );
  }
  return lines;
}
