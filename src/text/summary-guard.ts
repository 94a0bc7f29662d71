// The faithfulness guard of model summaries (issue #18): a summary may name only the people,
// organisations, places and numbers its article names.
//
// The guard is recall-oriented on purpose, and so it does not ask the entity extractor (entities.ts),
// which is precision-oriented: a name with no evidence of its kind ("The deal was struck by Varno Kelt.")
// is no entity to the extractor, but it is exactly what a model invents. Instead every capitalised
// name-like run of the summary and every number in it must occur in the article, whatever its kind:
//   - a run is consecutive capitalised words ("Helena Marsh", "Portmere Harbour Board", "NATO", "J. K.
//     Rowling", "Jean-Pierre", "Łódź"), name particles inside it ("Ludwig van Beethoven"); leading titles
//     ("Senator", "Foreign Minister") may be left out of the match, as may the hyphenated lower-case
//     tail of a modifier ("Portmere-based");
//   - a capitalised word that only opens a sentence is skipped when it is ordinary vocabulary (the
//     article or the summary uses it in lower case, the lexicon knows it as a common word, or it has a
//     common word's inflection); any other is checked like a name;
//   - weekdays, months and function words ("The", "He") are never names;
//   - comparison ignores case, diacritics, possessives ("Marsh's") and the dots of initials and
//     acronyms ("U.S." and "US"), and matches whole words only ("Ena Marsh" is not in "Helena Marsh");
//   - numbers compare by value: "1,500", "1500" and "1.5 thousand" are one number, "1.5 million",
//     "1,500,000" and "1.5m" another, "twelve" is 12.
// Pure text processing, linear in the article: the article is indexed once per check.
import { lexiconTags, normaliseName, STOP_CAPS, TITLE_WORDS, WEAK_TITLE_WORDS } from './gazetteer.js';

export interface GuardRefusal {
  /** What the summary names that the article does not, as the summary writes it. */
  unsupported: string[];
}

interface Word {
  /** the word as written */
  text: string;
  start: number;
  end: number;
}

// A word: letters, marks and digits, with inner apostrophes and hyphens ("O'Brien", "Jean-Pierre").
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’‐-][\p{L}\p{M}\p{N}]+)*/gu;
const CAPITALISED = /^[\p{Lu}\p{Lt}]/u;

function wordsOf(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** One word as compared: folded case and diacritics, no possessive. */
function fold(word: string): string {
  return normaliseName(word).replace(/['’]s$/u, '');
}

/** The compared tokens of some text: folded words, split at hyphens and apostrophes' inner breaks kept. */
function tokensOf(text: string): string[] {
  const out: string[] = [];
  for (const w of wordsOf(text)) for (const part of fold(w.text).split(/[‐-]/u)) if (part) out.push(part);
  return out;
}

/** Runs of one-letter tokens joined, so "u s" (from "U.S.") meets "us" (from "US") and "j k rowling" meets "jk rowling". */
function joinInitials(tokens: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const t of tokens) {
    if ([...t].length === 1 && /\p{L}/u.test(t)) {
      run += t;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(t);
  }
  if (run) out.push(run);
  return out;
}

/** Positions of every token in a token sequence, to find a phrase as whole words. */
class PhraseIndex {
  private readonly at = new Map<string, number[]>();
  constructor(private readonly tokens: string[]) {
    tokens.forEach((t, i) => {
      const list = this.at.get(t);
      if (list) list.push(i);
      else this.at.set(t, [i]);
    });
  }
  has(phrase: string[]): boolean {
    if (!phrase.length) return true;
    // anchored on the phrase's rarest token: the places tried are that token's occurrences, not the first one's
    let anchor = 0;
    let places: number[] | undefined;
    for (let k = 0; k < phrase.length; k++) {
      const list = this.at.get(phrase[k]!);
      if (!list) return false;
      if (!places || list.length < places.length) {
        places = list;
        anchor = k;
      }
    }
    if (phrase.length === 1) return true;
    return places!.some((p) => phrase.every((t, k) => this.tokens[p - anchor + k] === t));
  }
}

/** The article, indexed once: its words, and its words with initials joined. */
class ArticleText {
  private readonly plain: PhraseIndex;
  private readonly joined: PhraseIndex;
  readonly lowerCaseWords = new Set<string>();
  readonly numbers: Set<string>;
  constructor(text: string) {
    const tokens = tokensOf(text);
    this.plain = new PhraseIndex(tokens);
    this.joined = new PhraseIndex(joinInitials(tokens));
    for (const w of wordsOf(text)) if (!CAPITALISED.test(w.text)) this.lowerCaseWords.add(fold(w.text));
    this.numbers = numbersIn(text);
  }
  private readonly seen = new Map<string, boolean>();
  contains(phrase: string): boolean {
    const tokens = tokensOf(phrase);
    const key = tokens.join(' ');
    let found = this.seen.get(key);
    if (found === undefined) {
      // a plural of the article's name ("Polaroids" for "Polaroid") is the same name
      const singular = tokens.map((t) => (t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t));
      found =
        this.plain.has(tokens) ||
        this.joined.has(joinInitials(tokens)) ||
        (singular.join(' ') !== key && this.plain.has(singular));
      this.seen.set(key, found);
    }
    return found;
  }
}

// Lower-case particles inside personal and place names ("Ludwig van Beethoven", "Rio de Janeiro", "bin Salman").
const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'von',
  'van',
  'der',
  'den',
  'da',
  'di',
  'dos',
  'das',
  'del',
  'al',
  'el',
  'bin',
  'ibn',
  'y',
  'ter',
  'ten',
  'zu',
]);

/** A common word's inflection or derivation: what capitalised at a sentence start is no name. */
// (not "-er": "Fischer", "Baker" are surnames as often)
const COMMON_SHAPE = /\p{Ll}(?:(?:tion|sion|ment|ness|ity|ing|ist|ance|ence|ive|able|ible)s?|ly|ed|ies|ous|ful|less)$/u;
const NAME_TAG = /Name|Place|City|Country|Region|Organization|Person|ProperNoun/;

/**
 * The hyphenated parts of a capitalised word that the comparison keeps: from its first capitalised part to its
 * last ("al-Assad" -> "Assad", "Portmere-based" -> "Portmere", "Stratford-upon-Avon" whole).
 */
function namePart(word: string): string {
  const parts = word.split(/([‐-])/u);
  let first = -1;
  let last = -1;
  for (let i = 0; i < parts.length; i += 2) {
    if (CAPITALISED.test(parts[i]!)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? word : parts.slice(first, last + 1).join('');
}

function isCapitalised(word: string): boolean {
  return word.split(/[‐-]/u).some((p) => CAPITALISED.test(p));
}

/** A word whose period is an abbreviation's, not a sentence end: an initial ("J."), a title ("Mr.", "Dr."). */
function isAbbreviation(word: string): boolean {
  return /^\p{Lu}$/u.test(word) || TITLE_WORDS.has(`${word.toLowerCase()}.`);
}

/** The word opens a sentence: nothing but quotes or brackets since the last sentence end or line break. */
function opensSentence(text: string, w: Word): boolean {
  let i = w.start - 1;
  while (i >= 0 && /[\s"'“”‘’«»()[\]*—–-]/u.test(text[i]!) && text[i] !== '\n') i--;
  if (i < 0) return true;
  if (text[i] === '.') {
    const before = /[\p{L}\p{M}\p{N}]+$/u.exec(text.slice(Math.max(0, i - 12), i));
    return !before || !isAbbreviation(before[0]);
  }
  return /[!?:;\n]/u.test(text[i]!);
}

interface NameRun {
  words: Word[];
  opensSentence: boolean;
}

/** The capitalised name-like runs of the summary, with sentence-initial ordinary words taken off. */
function nameRuns(summary: string, isOrdinary: (word: string) => boolean): NameRun[] {
  const words = wordsOf(summary);
  const runs: NameRun[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const lower = w.text.toLowerCase();
    const skip =
      !isCapitalised(w.text) ||
      STOP_CAPS.has(lower) ||
      STOP_CAPS.has(fold(w.text)) ||
      /^\p{N}+$/u.test(w.text) ||
      (opensSentence(summary, w) && isOrdinary(w.text));
    if (skip) {
      i++;
      continue;
    }
    const run: Word[] = [w];
    let j = i + 1;
    while (j < words.length) {
      const gap = summary.slice(run[run.length - 1]!.end, words[j]!.start);
      // a dotted initial, acronym or title keeps its run going ("J. K. Rowling", "U.S. Senate", "Dr. Ana Ruiz")
      const dotted = isAbbreviation(run[run.length - 1]!.text) && (gap === '.' || /^\.[ \t]+$/.test(gap));
      const joins = /^[ \t]+$/.test(gap) || dotted;
      // a possessive ends a name: "Houston's Johnson Space Center" is two names
      if (!joins || /['’]s$/u.test(run[run.length - 1]!.text)) break;
      const next = words[j]!;
      if (isCapitalised(next.text) && !STOP_CAPS.has(next.text.toLowerCase())) {
        run.push(next);
        j++;
        continue;
      }
      // a particle inside a name, followed by more of the name
      const after = words[j + 1];
      if (
        PARTICLES.has(next.text) &&
        after &&
        isCapitalised(after.text) &&
        /^[ \t]+$/.test(summary.slice(next.end, after.start))
      ) {
        run.push(next, after);
        j += 2;
        continue;
      }
      break;
    }
    runs.push({ words: run, opensSentence: opensSentence(summary, w) });
    i = j;
  }
  return runs;
}

function isTitle(word: string): boolean {
  const l = word.toLowerCase();
  return TITLE_WORDS.has(l) || TITLE_WORDS.has(`${l}.`) || WEAK_TITLE_WORDS.has(l);
}

/**
 * Null when every name-like run and every number of the summary is in the article; otherwise what is not,
 * names first, in the summary's order and spelling.
 */
export function checkFaithfulness(summary: string, article: { title: string; body: string }): GuardRefusal | null {
  const source = new ArticleText(`${article.title}\n${article.body}`);
  const summaryLowerCase = new Set(
    wordsOf(summary)
      .filter((w) => !CAPITALISED.test(w.text))
      .map((w) => fold(w.text)),
  );
  const isOrdinary = (word: string): boolean => {
    const folded = fold(word);
    if (source.lowerCaseWords.has(folded) || summaryLowerCase.has(folded)) return true;
    const tags = lexiconTags(word.toLowerCase());
    if (tags.length) return !tags.some((t) => NAME_TAG.test(t));
    return COMMON_SHAPE.test(word);
  };
  const unsupported: string[] = [];
  const refuse = (what: string) => {
    if (!unsupported.includes(what)) unsupported.push(what);
  };
  for (const run of nameRuns(summary, isOrdinary)) {
    const whole = summary.slice(run.words[0]!.start, run.words[run.words.length - 1]!.end);
    if (source.contains(whole)) continue;
    // titles are roles, not names: the names around them must be in the article ("Senator Marcus Delgado", "UK Prime
    // Minister Rishi Sunak")
    const names: Word[][] = [[]];
    for (const w of run.words) {
      if (isTitle(w.text)) names.push([]);
      else names[names.length - 1]!.push(w);
    }
    for (const words of names) {
      if (!words.length) continue;
      const name = summary.slice(words[0]!.start, words[words.length - 1]!.end);
      if (!source.contains(name) && !source.contains(words.map((w) => namePart(w.text)).join(' '))) refuse(name);
    }
  }

  for (const mention of numberMentions(summary)) {
    if (!mention.readings.some((v) => source.numbers.has(v))) refuse(mention.text);
  }
  return unsupported.length ? { unsupported } : null;
}

// --- numbers ---------------------------------------------------------------------------------------------

const SCALE: Record<string, number> = {
  hundred: 2,
  thousand: 3,
  million: 6,
  billion: 9,
  trillion: 12,
  k: 3,
  m: 6,
  bn: 9,
};
const UNITS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

// Digits with thousands separators or a decimal part, then an optional scale: a word ("1.5 million") or a letter
// abbreviation written against the number ("$5m", "£2bn", "40k").
const DIGITS =
  /(?<![\p{N}])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:(?:[ \t]+(hundred|thousand|million|billion|trillion)\b)|(k|m|bn)\b)?/giu;
// "twelve", "twenty-five", "three million": a tens word takes a unit after it, any of them a scale
const WORDS = new RegExp(
  `\\b(?:(${Object.keys(TENS).join('|')})(?:[-‐ ](${Object.keys(UNITS).slice(0, 9).join('|')}))?|` +
    `(${Object.keys(UNITS).join('|')}))(?:[ \\t]+(hundred|thousand|million|billion|trillion))?\\b`,
  'giu',
);

/** A decimal written as digits, scaled by ten to the `exponent`, in canonical form ("1.50" x 10^6 -> "1500000"). */
function decimal(integer: string, fraction: string, exponent: number): string {
  const digits = integer + fraction;
  const point = integer.length + exponent;
  const padded = digits.padEnd(point, '0');
  const whole = padded.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const rest = padded.slice(point).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

interface NumberMention {
  text: string;
  /** the values the mention can be read as: the scaled one first; a letter abbreviation may be a unit ("5m wall") */
  readings: string[];
}

function numberMentions(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(DIGITS)) {
    const integer = m[1]!.replace(/,/g, '');
    const fraction = m[2] ?? '';
    const raw = decimal(integer, fraction, 0);
    if (m[3]) out.push({ text: m[0], readings: [decimal(integer, fraction, SCALE[m[3].toLowerCase()]!)] });
    else if (m[4]) out.push({ text: m[0], readings: [decimal(integer, fraction, SCALE[m[4].toLowerCase()]!), raw] });
    else out.push({ text: m[0], readings: [raw] });
  }
  for (const m of text.matchAll(WORDS)) {
    const value = m[1]
      ? TENS[m[1].toLowerCase()]! + (m[2] ? UNITS[m[2].toLowerCase()]! : 0)
      : UNITS[m[3]!.toLowerCase()]!;
    const scale = m[4] ? SCALE[m[4].toLowerCase()]! : 0;
    // "one" is a pronoun and a determiner as often as a number: only "one million" counts
    if (value === 1 && !scale) continue;
    out.push({ text: m[0], readings: [decimal(String(value), '', scale)] });
  }
  return out;
}

/**
 * Every value the numbers of a text can be read as: "1,200" and "1200" are one number, "3.5" keeps its decimals,
 * "1.5 million" is 1500000 and "twelve" 12; a number before a scale counts unscaled too ("3.5 million" has 3.5).
 */
export function numbersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(DIGITS)) found.add(decimal(m[1]!.replace(/,/g, ''), m[2] ?? '', 0));
  for (const mention of numberMentions(text)) for (const v of mention.readings) found.add(v);
  return found;
}
