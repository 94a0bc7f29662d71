// Gazetteers and lexicons for entity extraction.
// Place names come from maintained data packages (world-countries, country-region-data,
// city-timezones); the word lists below are general English/news conventions, not
// answers for any particular article.
import { createRequire } from 'node:module';
import type { Countries } from 'world-countries';
import { allCountries } from 'country-region-data';
import nlp from 'compromise';

const require = createRequire(import.meta.url);
// city-timezones ships its data as JSON; read it directly so we avoid its lookup helpers.
const cityMap = require('city-timezones/data/cityMap.json') as { city: string; city_ascii: string; pop: number }[];
// world-countries is CommonJS (module.exports = array); its typings declare an ESM default export
const worldCountries = require('world-countries') as Countries;

/** compromise's built-in lexicon (lower-case word -> tag or tags). */
const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;

export function lexiconTags(word: string): string[] {
  const t = lexicon[word.toLowerCase()];
  if (!t) return [];
  return Array.isArray(t) ? t : [t];
}

const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Honorific']);
export function isKnownFirstName(word: string): boolean {
  return lexiconTags(word).some((t) => t === 'FirstName' || t === 'MaleName' || t === 'FemaleName');
}

// Small cities whose names collide with ordinary words or given names cause false places
// ("Victoria", "Mobile"), so only keep city names that are not in the general lexicon.
const MIN_CITY_POP = 20000;
const BIG_CITY_POP = 1000000;

function norm(s: string): string {
  // letters that carry no combining mark in Unicode ("Łódź", "Ærø", "Øresund") fold by hand
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[Łł]/g, 'l').replace(/[Øø]/g, 'o').replace(/Æ/g, 'Ae')
    .replace(/æ/g, 'ae').replace(/[Đđ]/g, 'd').replace(/ß/g, 'ss').toLowerCase().replace(/[’']/g, "'");
}
export { norm as normaliseName };

const places = new Set<string>();
const countries = new Set<string>();
const demonyms = new Set<string>();

function addPlace(name: string, set: Set<string> = places): void {
  const n = norm(name.trim());
  if (n.length >= 2) set.add(n);
}

for (const c of worldCountries) {
  for (const n of [c.name.common, c.name.official]) {
    addPlace(n, countries);
  }
  for (const alt of c.altSpellings) {
    // two-letter codes ("AM", "IN") collide with words; keep only multi-letter spellings
    if (alt.length > 3 && !/^[A-Z]{2,3}$/.test(alt)) addPlace(alt, countries);
  }
  for (const cap of c.capital ?? []) addPlace(cap);
  const d = c.demonyms?.eng;
  if (d) {
    for (const dem of [d.m, d.f]) {
      if (dem) {
        demonyms.add(norm(dem));
        demonyms.add(norm(dem) + 's');
      }
    }
  }
}
// Common short forms used by news copy that the data packages spell differently.
for (const n of ['U.S.', 'US', 'USA', 'U.S.A.', 'UK', 'U.K.', 'Britain', 'Great Britain', 'England', 'Scotland', 'Wales',
  'Northern Ireland', 'Russia', 'Iran', 'Syria', 'South Korea', 'North Korea', 'Vietnam', 'Laos', 'Bolivia', 'Venezuela',
  'Tanzania', 'Moldova', 'Macedonia', 'Czechia', 'Palestine', 'Taiwan', 'Hong Kong', 'Macau', 'Vatican', 'Kosovo',
  'Ivory Coast', 'Congo', 'Burma', 'Holland', 'Gaza', 'West Bank', 'Tibet', 'Kurdistan', 'Crimea']) {
  addPlace(n, countries);
}
for (const n of countries) places.add(n);

for (const [, , regions] of allCountries) {
  for (const [rname] of regions) addPlace(rname);
}
for (const c of cityMap) {
  if (c.pop < MIN_CITY_POP) continue;
  for (const n of [c.city, c.city_ascii]) {
    if (!n) continue;
    const tags = lexiconTags(n);
    // a city named like a common word ("Mobile") is too ambiguous to trust; one named like a person
    // ("Victoria") only when it is a big city ("Houston")
    if (!n.includes(' ') && tags.length && !tags.some((t) => /Place|City|Country|Region/.test(t))) {
      const nameLike = tags.some((t) => /Name|Person/.test(t));
      if (!nameLike || c.pop < BIG_CITY_POP) continue;
    }
    addPlace(n);
  }
}
for (const n of ['Africa', 'Asia', 'Europe', 'North America', 'South America', 'Latin America', 'Antarctica', 'Oceania',
  'Middle East', 'Caucasus', 'South Caucasus', 'Balkans', 'Scandinavia', 'Caribbean', 'Mediterranean', 'Pacific', 'Atlantic',
  'Arctic', 'Sahara', 'Siberia', 'Himalayas', 'Alps', 'Washington D.C.', 'Washington, D.C.', 'Silicon Valley', 'Wall Street']) {
  addPlace(n);
}

// Nationality and religion adjectives/nouns: these describe, they do not name an entity.
for (const d of ['American', 'Americans', 'British', 'European', 'Europeans', 'Asian', 'Asians', 'African', 'Africans',
  'Arab', 'Arabs', 'Arabic', 'Latino', 'Hispanic', 'Western', 'Eastern', 'Northern', 'Southern', 'Soviet', 'Muslim',
  'Muslims', 'Christian', 'Christians', 'Jewish', 'Jew', 'Jews', 'Catholic', 'Catholics', 'Protestant', 'Hindu', 'Hindus',
  'Buddhist', 'Buddhists', 'Sikh', 'Sikhs', 'Sunni', 'Shia', 'Shiite', 'Islamic', 'Orthodox', 'Evangelical', 'Scientologist',
  'Scientologists', 'English', 'French', 'Dutch', 'Irish', 'Welsh', 'Scottish', 'Scots', 'Swiss', 'Chinese', 'Japanese',
  'Korean', 'Koreans', 'Vietnamese', 'Taiwanese', 'Bangladeshi', 'Bangladeshis', 'Afghan', 'Afghans', 'Kurdish', 'Kurds',
  'Palestinian', 'Palestinians', 'Israeli', 'Israelis', 'Iranian', 'Iranians', 'Iraqi', 'Syrian', 'Russian', 'Russians',
  'Armenian', 'Armenians', 'Azerbaijani', 'Azeri', 'Ukrainian', 'Greek', 'Greeks', 'Italian', 'Italians', 'Canadian',
  'Canadians', 'Australian', 'Australians', 'Indian', 'Indians', 'Pakistani', 'Indonesian', 'Mexican', 'Brazilian',
  'Islam', 'Christianity', 'Judaism', 'Hinduism', 'Buddhism', 'Sikhism', 'Catholicism', 'Protestantism',
  'Caucasian', 'Texan', 'Californian', 'Pagan', 'Pagans', 'Hellenic', 'Olympian',
  // peoples and languages of history, which describe as nationality words do ("Roman times", "Viking trade")
  'Roman', 'Romans', 'Latin', 'Persian', 'Persians', 'Viking', 'Vikings', 'Saxon', 'Saxons', 'Norman', 'Normans', 'Celtic',
  'Gaelic', 'Byzantine', 'Slavic', 'Germanic', 'Nordic', 'Anglo-Saxon', 'Moorish', 'Aztec', 'Mayan', 'Inca', 'Maori']) {
  demonyms.add(norm(d));
}

/**
 * The most words any place or country name in the gazetteers has: a run of more words is no place, so the
 * extractor need not ask about it (this bounds its loops over a run's heads and tails).
 */
export const LONGEST_PLACE_WORDS = Math.max(...[...places].map((n) => n.split(/\s+/).filter(Boolean).length));

export function isPlaceName(name: string): boolean {
  return places.has(norm(name));
}
export function isCountryName(name: string): boolean {
  return countries.has(norm(name));
}
export function isDemonym(word: string): boolean {
  const n = norm(word);
  // "Iraqi-British", "Italian-American": a compound of nationality words is one too
  if (n.includes('-')) return n.split('-').every((part) => part.length > 1 && isDemonym(part));
  // compromise tags some country names as demonyms ("Laos", "Philippines"); a country's name is not its demonym,
  // but a demonym that is also one of a country's alternative spellings ("Thai") still describes, not names
  return demonyms.has(n) || (!countries.has(n) && lexiconTags(word).includes('Demonym'));
}

// Titles and honorifics that precede names but are not part of them.
export const TITLE_WORDS = new Set([
  'president', 'vice', 'prime', 'minister', 'ministers', 'secretary', 'chancellor', 'king', 'queen', 'prince', 'princess',
  'pope', 'governor', 'gov', 'gov.', 'senator', 'sen.', 'sen', 'rep.', 'representative', 'congressman', 'congresswoman',
  'mayor', 'judge', 'justice', 'chief', 'general', 'gen.', 'colonel', 'col.', 'captain', 'capt.', 'lieutenant', 'lt.',
  'sergeant', 'sgt.', 'admiral', 'commander', 'director', 'chairman', 'chairwoman', 'chair', 'ceo', 'ambassador', 'envoy',
  'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'prof', 'prof.', 'professor', 'sir', 'dame', 'lord', 'lady',
  'rev.', 'reverend', 'father', 'bishop', 'archbishop', 'cardinal', 'sheikh', 'imam', 'rabbi', 'officer', 'detective',
  'inspector', 'superintendent', 'constable', 'spokesman', 'spokeswoman', 'spokesperson', 'deputy', 'acting', 'former',
  'foreign', 'defence', 'defense', 'interior', 'finance', 'health', 'education', 'attorney', 'coach', 'manager', 'striker',
  'goalkeeper', 'midfielder', 'defender', 'player', 'editor', 'founder', 'leader', 'premier', 'emperor', 'sultan', 'emir',
  'crown', 'senior', 'assistant', 'executive', 'head', 'dean', 'provost', 'mp', 'mep', 'agent', 'private', 'corporal',
  'major', 'marshal', 'superior', 'saint', 'st.', 'administrator', 'commissioner', 'sheriff', 'curator', 'secretary-general',
]);
// Words that can be a title but, inside a capitalised run, usually open a name (e.g. "Dean Kamen",
// "Major League") — only treated as a title when another title word is adjacent.
export const WEAK_TITLE_WORDS = new Set(['dean', 'major', 'private', 'general', 'chief', 'head', 'senior', 'executive',
  'foreign', 'defence', 'defense', 'interior', 'finance', 'health', 'education', 'crown', 'assistant', 'acting', 'former',
  'saint', 'st.', 'superior', 'agent', 'player', 'leader', 'founder', 'editor', 'manager', 'director', 'father', 'justice',
  'lady', 'lord', 'king', 'queen', 'prince', 'princess']);

// Last words that make a capitalised run an organisation.
export const ORG_HEADS = new Set([
  'ministry', 'department', 'departments', 'university', 'college', 'school', 'academy', 'institute', 'institution',
  'party', 'council', 'inc', 'inc.', 'corp', 'corp.', 'corporation', 'company', 'co.', 'ltd', 'ltd.', 'llc', 'plc', 'group',
  'association', 'society', 'agency', 'bureau', 'commission', 'committee', 'court', 'parliament', 'congress', 'senate',
  'assembly', 'army', 'navy', 'force', 'forces', 'police', 'bank', 'church', 'foundation', 'federation', 'union', 'league',
  'club', 'organization', 'organisation', 'network', 'news', 'times', 'post', 'press', 'journal', 'herald', 'tribune',
  'gazette', 'magazine', 'team', 'fc', 'airlines', 'airways', 'office', 'service', 'services', 'board', 'authority',
  'administration', 'government', 'coalition', 'alliance', 'movement', 'front', 'brigade', 'guard', 'guards', 'corps',
  'cabinet', 'tribunal', 'legislature', 'commission', 'trust', 'fund', 'program', 'programme', 'project', 'network',
  'television', 'radio', 'broadcasting', 'channel', 'studios', 'records', 'entertainment', 'media', 'laboratory',
  'laboratories', 'labs', 'systems', 'technologies', 'software', 'motors', 'industries', 'holdings', 'partners',
  'international', 'worldwide', 'unit', 'division', 'directorate', 'secretariat', 'nations', 'caucus', 'camp',
  'org', 'agency', 'watch', 'monitor', 'initiative', 'consortium', 'conference', 'synod', 'order',
  // operators and companies named by what they run or sell ("Attiko Metro", "Central Railroad", "Euronext Brussels" is
  // an exchange by its first word; "Duke Energy", "General Electric")
  'railroad', 'railroads', 'railway', 'railways', 'metro', 'transit', 'exchange', 'bancorp', 'insurance', 'ventures',
  'pharmaceuticals', 'pharma', 'energy', 'electric', 'petroleum', 'brands', 'foods', 'airline', 'telecom', 'mining',
]);
// Last words that make a capitalised run the name of an event, a work, a law or a prize ("World Cup", "Winter
// Paralympics", "HEROES Act", "Nobel Prize", "New World Symphony"): names, but of no person, organisation or place,
// so they are recognised (and their words kept from being typed on their own) but not output.
export const OTHER_NAME_HEADS = new Set([
  'war', 'wars', 'cup', 'games', 'olympics', 'paralympics', 'olympiad', 'championship', 'championships', 'series',
  'tournament', 'open', 'marathon', 'derby', 'bowl', 'grand', 'prix', 'rally', 'festival', 'expo', 'fair', 'week',
  'day', 'eve', 'award', 'awards', 'prize', 'prizes', 'medal', 'trophy', 'act', 'bill', 'treaty', 'accord', 'accords',
  'protocol', 'declaration', 'doctrine', 'symphony', 'concerto', 'sonata', 'opera', 'requiem', 'gospel', 'gospels',
  'bible', 'album', 'song', 'novel', 'film', 'movie', 'show', 'episode', 'season', 'saga', 'trilogy', 'edition',
  'tour', 'crisis', 'scandal', 'massacre', 'uprising', 'rebellion', 'revolution', 'riots', 'pandemic', 'epidemic',
  'storm', 'hurricane', 'typhoon', 'cyclone', 'earthquake', 'era', 'age', 'dynasty', 'empire',
]);
// Prefixes of ship names ("USS Enterprise", "HMS Victory"): a vessel, not an organisation or a person.
export const SHIP_PREFIXES = new Set(['uss', 'hms', 'hmas', 'hmcs', 'hmnzs', 'rms', 'ss', 'mv', 'ins', 'usns', 'rfa']);

// Words that start an organisation name when followed by "of" ("Church of Scientology").
export const ORG_OPENERS = new Set(['ministry', 'department', 'university', 'college', 'institute', 'church', 'bank',
  'bureau', 'office', 'court', 'council', 'house', 'federation', 'union', 'association', 'society', 'league', 'order',
  'academy', 'school', 'board', 'commission', 'committee', 'daughters', 'sons', 'friends', 'knights']);

// Last words that make a capitalised run a place.
export const PLACE_HEADS = new Set([
  'river', 'mountain', 'mountains', 'mount', 'lake', 'sea', 'ocean', 'island', 'islands', 'valley', 'bay', 'gulf',
  'street', 'st', 'avenue', 'ave', 'road', 'rd', 'square', 'park', 'bridge', 'airport', 'station', 'hall', 'stadium',
  'arena', 'mosque', 'cathedral', 'temple', 'palace', 'castle', 'tower', 'towers', 'county', 'province', 'city', 'district',
  'region', 'peninsula', 'coast', 'desert', 'strait', 'canal', 'state', 'territory', 'village', 'town', 'borough', 'beach',
  'harbour', 'harbor', 'port', 'plaza', 'boulevard', 'highway', 'building', 'hills', 'heights', 'falls', 'forest',
  'prefecture', 'oblast', 'hill', 'center', 'centre', 'museum', 'gallery', 'facility', 'planetarium', 'hotel', 'complex',
  'theatre', 'theater', 'hospital', 'mall', 'library', 'observatory', 'aquarium', 'monument', 'shrine', 'abbey', 'republic', 'kingdom', 'memorial', 'cemetery', 'field', 'gardens', 'garden', 'zoo', 'prison',
  'jail', 'base', 'border', 'parish', 'precinct', 'quarter', 'wharf', 'pier', 'cape', 'point', 'coast',
]);
export const PLACE_OPENERS = new Set(['museum', 'mount', 'lake', 'cape', 'fort', 'port', 'gulf', 'bay', 'isle', 'city', 'county', 'masjid',
  'state', 'republic', 'kingdom', 'province', 'sea', 'strait']);

// Connectors allowed inside a multi-word name.
export const CONNECTORS = new Set(['of', 'the', 'for', 'de', 'du', 'des', 'la', 'le', 'von', 'van', 'der', 'den', 'da',
  'di', 'al', 'el', 'bin', 'ibn', 'y', '&', 'and', 'on', 'in']);

// Capitalised words that never start or form a name on their own (sentence openers, pronouns,
// calendar words).
export const STOP_CAPS = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'of', 'for', 'to', 'by', 'with', 'from', 'after', 'before', 'during', 'since',
  'according', 'as', 'and', 'but', 'or', 'nor', 'so', 'yet', 'if', 'when', 'while', 'although', 'though', 'because', 'he',
  'she', 'it', 'they', 'we', 'i', 'you', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'that', 'these', 'those',
  'there', 'here', 'what', 'which', 'who', 'whom', 'whose', 'where', 'why', 'how', 'all', 'some', 'many', 'most', 'more',
  'several', 'each', 'every', 'both', 'no', 'not', 'one', 'two', 'three', 'also', 'however', 'meanwhile', 'yesterday',
  'today', 'tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february',
  'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan.', 'feb.', 'mar.',
  'apr.', 'jun.', 'jul.', 'aug.', 'sep.', 'sept.', 'oct.', 'nov.', 'dec.', 'am', 'pm', 'a.m.', 'p.m.', 'mr', 'is', 'was',
  'are', 'were', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should', 'may',
  'might', 'must', 'shall', 'about', 'over', 'under', 'into', 'than', 'then', 'now', 'just', 'only', 'even', 'still',
  'such', 'other', 'another', 'any', 'despite', 'among', 'between', 'against', 'without', 'within', 'through', 'until',
  'upon', 'via', 'per', 'like', 'unlike', 'instead', 'once', 'whether', 'further', 'earlier', 'later', 'last', 'next',
  'first', 'second', 'third', 'previous', 'photo', 'image', 'source', 'sources', 'update', 'updated',
  'website', 'email', 'tv', 'ok', 'okay', 'yes', 'oh', 'well', 'please', 'thanks', 'thank',
  // fillers that open sentences in interviews and transcripts
  'uh', 'um', 'er', 'erm', 'yeah', 'yep', 'nope', 'hmm', 'mm', 'mhm', 'ah', 'hey', 'wow', 'huh',
]);
// Upper-case abbreviations of ordinary things (measures, time zones, technologies, qualities): written like an
// organisation's acronym, but naming nothing. Ones that are also places or bodies ("MD", "SC", "QC") stay out.
export const COMMON_ABBREVIATIONS = new Set(['vip', 'vips', 'gmt', 'utc', 'iq', 'html', 'url', 'pdf', 'dna', 'rna', 'hiv',
  'aids', 'gdp', 'gps', 'atm', 'ufo', 'mph', 'faq', 'phd', 'ok', 'tv', 'am', 'pm', 'ad', 'bc', 'bce', 'ce', 'mvp', 'ceo',
  'cfo', 'coo', 'pr', 'hq', 'id', 'iou', 'diy', 'cd', 'dvd', 'usb', 'led', 'lcd', 'suv', 'atv', 'rpm', 'kph']);

// Bodies that news copy names by a short form alone, which compromise's lexicon does not list (it has "FBI",
// "NATO", "BBC", "Google"): international and national agencies, courts, broadcasters, wire services and armed
// groups. Knowledge of the world, like the place gazetteers, not of any article.
const KNOWN_ACRONYMS = new Set(['who', 'un', 'imf', 'ecb', 'unicef', 'unhcr', 'unrwa', 'wto', 'wfp', 'ioc', 'cdc', 'epa',
  'icc', 'icj', 'iaea', 'osce', 'asean', 'oecd', 'opcw', 'ecowas', 'ifrc', 'msf', 'abc', 'cbs', 'afp', 'ap', 'dpa', 'pla',
  'idf', 'anc', 'aclu', 'irs', 'dhs', 'nsa', 'kgb', 'fsb', 'gru', 'atf', 'dea', 'faa', 'ftc', 'fcc', 'nhtsa', 'ntsb', 'sec',
  'uefa', 'esa', 'cern', 'unaids', 'ukip', 'snp', 'plo', 'kcna', 'itv', 'pbs', 'npr', 'rte', 'cbc']);
const KNOWN_ORGANISATION_WORDS = new Set(['reuters', 'bloomberg', 'hamas', 'hezbollah', 'taliban', 'interpol', 'europol',
  'frontex', 'greenpeace', 'oxfam', 'likud', 'fatah', 'xinhua', 'unesco', 'unicef', 'nato', 'opec', 'fifa', 'nasa']);
/**
 * A body's short name known the world over: an acronym written in capitals ("WHO", "IMF") or a one-word name
 * ("Reuters", "Hamas"); compromise's lexicon knows others ("FBI", "BBC", "Google").
 */
export function isKnownOrganisation(word: string): boolean {
  const n = norm(word).replace(/\./g, '');
  const allCaps = /^[\p{Lu}\p{N}.&-]+$/u.test(word);
  return (allCaps && KNOWN_ACRONYMS.has(n)) || KNOWN_ORGANISATION_WORDS.has(n) || lexiconTags(n).includes('Organization');
}
export { NAME_TAGS };
