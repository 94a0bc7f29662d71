// Rule-based named-entity extraction for news copy.
//
// Pipeline: tokenise -> capitalised-run chunking -> split off titles, demonyms and leading
// place names -> type each span from (in order) its head word, gazetteers, given-name lexicon
// and compromise's tagger -> evidence from the surrounding words (speech verbs, "who", lists,
// "the village of") -> fold aliases ("Pashinyan" -> "Nikol Pashinyan") and make the types
// of one document consistent -> score salience. A span with no evidence of its kind is left out.
import nlp from 'compromise';
import type { EntityKind } from '../domain.js';
import {
  COMMON_ABBREVIATIONS,
  CONNECTORS,
  isCountryName,
  isDemonym,
  isKnownFirstName,
  isKnownOrganisation,
  isListedGeography,
  isListedGivenName,
  isListedOrganisation,
  isListedTown,
  isListedUniversity,
  isNotablePersonName,
  isPlaceName,
  isTownByNameAlone,
  LONGEST_PLACE_WORDS,
  lexiconTags,
  normaliseName,
  ORG_HEADS,
  ORG_OPENERS,
  OTHER_NAME_HEADS,
  PLACE_HEADS,
  PLACE_OPENERS,
  SHIP_PREFIXES,
  STOP_CAPS,
  TITLE_WORDS,
  WEAK_TITLE_WORDS,
} from './gazetteer.js';

export type { EntityKind };
export interface ExtractedMention {
  start: number;
  end: number;
  text: string;
}
export interface ExtractedEntity {
  name: string;
  kind: EntityKind;
  aliases: string[];
  mentions: ExtractedMention[];
  mentionCount: number;
  firstOffset: number;
  salience: number;
}

interface Token {
  text: string;
  start: number;
  end: number;
  word: boolean;
  cap: boolean;
  allCaps: boolean;
  sentStart: boolean;
}

/** How sure we are of a span's type: strong evidence wins when a document disagrees with itself. */
type Evidence = 0 | 1 | 2 | 3;
interface Span {
  tokens: Token[];
  kind: EntityKind | null;
  evidence: Evidence;
  inTitle: boolean;
  /** the span is the subject of a verb ("Sweden defeated ...", "Russia has said ...") */
  agentive?: boolean;
  /** the name of an event, work, law, prize or vessel: a name, but not one we output */
  other?: boolean;
  /** an upper-case acronym whose type the rest of the article must establish */
  acronym?: boolean;
  /** a work's title that a noun for the work introduces ("the thriller Flight of the Phoenix"; see workTitles) */
  work?: boolean;
}

// Abbreviations whose trailing period belongs to the word, not to the sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gov',
  'sen',
  'rep',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'st',
  'jr',
  'sr',
  'inc',
  'corp',
  'co',
  'ltd',
  'rev',
  'mt',
  'ft',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'no',
  'vs',
  'etc',
  'ave',
  'bros',
]);

// "al-Assad", "d'Alembert": an Arabic article or an elided French "de" before a capitalised name
const ARABIC_ARTICLE = /^(?:(?:al|el|ad|ed|ar|as|ash|at|az|an)-|d['’])\p{Lu}/u;
const WORD_RE = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}]+(?:[-‐][\p{L}\p{N}]+)*(?:['’](?![sS]\b)\p{L}+)*|\S/gu;
const QUOTE_OR_BRACKET = /^["'“”‘’()[\]]$/;
// the text before a footnote's last number: a full stop, then footnote numbers in brackets ("died. [21] [22")
const FOOTNOTE_AFTER_STOP = /[.!?]["”’']?[ \t]*(?:\[\d{1,3}\][ \t]*)*\[$/;

/**
 * What the extractor reads once per article, from its whole text (a sentence about roads, titles of works, spelled-out
 * acronyms, ...): the answer for the last text, kept until another text is read, so each rule's question over a span
 * costs one read of the article, not one per span.
 */
function perArticle<T>(read: (text: string) => T): (text: string) => T {
  let last: { text: string; value: T } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, value: read(text) };
    return last.value;
  };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text)) {
    let t = m[0];
    let end = m.index + t.length;
    const word = /[\p{L}\p{N}]/u.test(t[0] ?? '');
    // keep the period of a known abbreviation or a single-letter initial ("J.") with the word
    if (word && text[end] === '.' && !t.endsWith('.') && (ABBREVIATIONS.has(t.toLowerCase()) || /^\p{Lu}$/u.test(t))) {
      t += '.';
      end += 1;
      WORD_RE.lastIndex = end;
    }
    const first = t[0] ?? '';
    // "a Vienna-born pianist", "the first New York-born leader": a name before "-born", "-bred" or "-raised" is where
    // someone was born, a name of its own; the suffix is split off as punctuation is (see markPlaces)
    const origin = /^(\p{Lu}[\p{L}\p{N}'’-]*)-(?:born|bred|raised)$/u.exec(t);
    if (origin) {
      const nameEnd = m.index + origin[1]!.length;
      tokens.push({
        text: origin[1]!,
        start: m.index,
        end: nameEnd,
        word: true,
        cap: true,
        allCaps: false,
        sentStart: false,
      });
      tokens.push({
        text: t.slice(origin[1]!.length),
        start: nameEnd,
        end,
        word: false,
        cap: false,
        allCaps: false,
        sentStart: false,
      });
      continue;
    }
    tokens.push({
      text: t,
      start: m.index,
      end,
      word,
      // "Warhol-like", "Prize-winner": a hyphenated compound ending in lower case is a modifier, not a name
      // "Bashar al-Assad", "Valéry d'Estaing": an article or particle joined to a capitalised name is part of the name
      cap: word && (/\p{Lu}/u.test(first) || ARABIC_ARTICLE.test(t)) && !isModifierCompound(t),
      allCaps: word && /^[\p{Lu}\p{N}.&-]+$/u.test(t) && /\p{Lu}.*\p{Lu}/u.test(t),
      sentStart: false,
    });
  }
  // mark sentence-initial tokens: start of text or line, or after terminal punctuation
  let prev: Token | null = null;
  for (const tok of tokens) {
    if (QUOTE_OR_BRACKET.test(tok.text)) continue;
    if (!prev) tok.sentStart = true;
    else {
      const gap = text.slice(prev.end, tok.start);
      // a quotation introduced by a comma or colon (concluded, "Usually ...") opens a quoted sentence
      tok.sentStart =
        gap.includes('\n') ||
        /^[.!?:]$/.test(prev.text) ||
        // "(Heidenreich 2011; Milekic 2010)": a semicolon inside brackets separates items of a list, not sentences
        (prev.text === ';' && !insideParentheses(text, tok.start)) ||
        /^[.!?]["”’']?$/.test(prev.text) ||
        (prev.text === ',' && /^\s*["“]$/.test(gap)) ||
        // "... this testament. [22] Mathematician Hermann Weyl said": an encyclopedia's footnote number after a
        // sentence's full stop does not carry the sentence on
        (/^\]\s+$/.test(gap) && FOOTNOTE_AFTER_STOP.test(text.slice(Math.max(0, prev.start - 24), prev.start))) ||
        (prev.text.endsWith('.') && prev.text.length > 2 && !/^\p{Lu}\.$/u.test(prev.text) && isStop(tok)) ||
        // "... lies inside circle K. Hence the chord ...", "She chose plan B. Then she left": a capital letter and a
        // full stop end a sentence when the next word is one no surname is, a function word, a sentence adverb or a
        // bare imperative ("Suppose", "Let"); an initial stands before a name word ("J. Hollis", "K. Brown")
        (/^\p{Lu}\.$/u.test(prev.text) && tok.cap && opensSentenceAfterLetter(tok));
    }
    prev = tok;
  }
  return tokens;
}

// what a word the lexicon knows only as a function word, a sentence adverb or a bare verb is read as ("Hence",
// "Therefore", "Suppose"); a name word has a noun, adjective or name reading ("Brown", "Hill", "Walker")
const SENTENCE_OPENER_TAGS = /^(?:Adverb|Conjunction|Preposition|Determiner|Pronoun|Infinitive)$/;

/** "K. Hence", "B. Then": whether the word after a capital letter and a full stop opens a new sentence. */
function opensSentenceAfterLetter(tok: Token): boolean {
  if (isStop(tok)) return true;
  const tags = lexiconTags(lower(tok));
  return tags.length > 0 && tags.every((t) => SENTENCE_OPENER_TAGS.test(t));
}

/**
 * The index of the token that starts at `start` (tokens are in text order), by binary search: a map from offset to
 * token for every token of a 500,000-character body of punctuation cost more memory than the tokens themselves.
 */
function tokenAt(tokens: Token[], start: number): number | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = tokens[mid]!.start;
    if (at === start) return mid;
    if (at < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function isModifierCompound(t: string): boolean {
  const m = /-(\p{Ll}+)$/u.exec(t);
  if (!m) return false;
  const tail = m[1]!;
  return /(ed|ing|er|like|style|born|based|era|wide|run|owned|backed|made)$/.test(tail) || lexiconTags(tail).length > 0;
}

/** "an injury to Will Middlebrooks": the modal is never capitalised mid-sentence, the given name always is. */
function givenNameModal(tok: Token, next: Token | undefined, text: string): boolean {
  return (
    tok.text === 'Will' &&
    !tok.sentStart &&
    !!next &&
    /^[ \t]+$/.test(text.slice(tok.end, next.start)) &&
    isSurnameLike(next) &&
    /[\p{L}\p{N},;][ \t]+$/u.test(text.slice(Math.max(0, tok.start - 3), tok.start))
  );
}

// "police in B.C. say", "flew in from L.A. last year", "across N.S.W.": two or three dotted capitals alone after a
// preposition of place are a state's, a province's or a city's abbreviation, as news writes them, though "B.C." also
// ends a year ("in 300 B.C.", "in A.D. 79": a number beside it); not after "to", which gives to a person's initials
// as often ("addressed to J.K."), nor before a possessive ("in J.K.'s view")
const INITIALS_PLACE_BEFORE = /(?:^|[^\p{L}\p{N}])(?:in|from|into|across|throughout|outside|near)[ \t]+$/u;
// the letters of US states (postal codes, "LA" for Los Angeles too), Canadian provinces and New York City
const PLACE_INITIALS = new Set(
  'AL AK AZ AR CA CO CT DC DE FL GA HI ID IL IN IA KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK PA RI SC SD TN TX UT VA VT WA WI WV WY BC PEI NS NB NL NWT NYC'.split(
    ' ',
  ),
);
function dottedPlaceAbbreviation(tok: Token, text: string): boolean {
  return (
    /^(?:\p{Lu}\.){2,3}$/u.test(tok.text) &&
    // (a state's, a province's or a city's letters, as news writes them: "in N.Y.", "in B.C.", "in L.A."; not a
    // field's, a ward's or a band's, "worked in H.R.", "in P.E. lessons", "in E.R.", "from R.E.M.")
    PLACE_INITIALS.has(tok.text.replace(/\./g, '')) &&
    // ("in U.N. talks": a body's short form stays the body's)
    !isKnownOrganisation(tok.text) &&
    !isListedOrganisation(tok.text) &&
    INITIALS_PLACE_BEFORE.test(text.slice(Math.max(0, tok.start - 12), tok.start)) &&
    !/^(?:[ \t]*\d|['’]s\b)/.test(text.slice(tok.end, tok.end + 3))
  );
}

function isStop(tok: Token): boolean {
  // "I'm", "I've": the pronoun is capitalised, not a name
  if (/^I['’]\p{L}+$/u.test(tok.text)) return true;
  if (tok.allCaps) return COMMON_ABBREVIATIONS.has(tok.text.replace(/\./g, '').toLowerCase());
  // "See Samuels v. Mackell, 401 U.S. 66.", "See Table 2.": the imperative that sends a reader to a case, a work or a
  // figure opens a sentence of citation, no name
  if (tok.sentStart && tok.text === 'See') return true;
  // ("January-February 1794", "Monday-Friday": a range of months or days joins two stop words)
  const l = tok.text.toLowerCase();
  return STOP_CAPS.has(l) || OBJECT_PRONOUNS.has(l) || (l.includes('-') && l.split('-').every((p) => STOP_CAPS.has(p)));
}

// "He kindly stopped for Us", "we praise Him": a pronoun that verse or devotion capitalises for weight is still a
// pronoun, never a name ("US" in capitals, the country's short form, is another word; so STOP_CAPS, which other
// modules match without case, leaves these out)
const OBJECT_PRONOUNS = new Set(['me', 'him', 'us', 'them', 'thee', 'thou', 'thy', 'thine']);

/** "ACPeds", "NAACP's" kin: a short form with mostly capitals ("McCain", "YouTube" have fewer capitals than not). */
function isMixedAcronym(word: string): boolean {
  const upper = word.replace(/[^\p{Lu}]/gu, '').length;
  return upper >= 3 && upper >= word.replace(/[^\p{Ll}]/gu, '').length;
}

/** Model numbers and codes ("IE6", "STS-135") are products or missions, not names. */
function isCodeLike(tok: Token): boolean {
  return /\p{L}/u.test(tok.text) && /\p{N}/u.test(tok.text);
}

function lower(t: Token): string {
  return t.text.toLowerCase();
}

const NO_WORDS: Set<string> = new Set();

/** Whether a capitalised word is only capitalised because a sentence starts with it. */
function isCommonAtSentenceStart(
  tok: Token,
  lowerWords: Set<string>,
  tags: TagLookup,
  midCaps: Set<string> = NO_WORDS,
): boolean {
  if (isStop(tok)) return true;
  if (tok.allCaps) return false;
  const l = lower(tok);
  if (lowerWords.has(l)) return true;
  // "Labour has a plan", "Reuters reported": a body's short name known the world over opens a sentence as a name,
  // where the article never writes the word in lower case
  if (isKnownOrganisation(tok.text)) return false;
  const lex = lexiconTags(l);
  if (lex.length) return !lex.some((t) => /Name|Place|City|Country|Region|Organization|Person|Demonym/.test(t));
  if (isPlaceName(tok.text)) return false;
  // "Hadid was born ...": an unknown word that the article also capitalises mid-sentence ("architect Zaha Hadid") is
  // a name wherever it stands; one sense per article
  if (midCaps.has(l)) return false;
  if (/\p{Ll}ly$/u.test(tok.text)) return true; // "Usually", "Allegedly"
  // an unknown word is probably a name, unless compromise reads it as a function word, verb or modifier
  const ctags = tags.get(tok.start) ?? [];
  if (ctags.some((t) => /Person|Place|Organization|FirstName|LastName|Country|City|Region/.test(t))) return false;
  return ctags.some((t) => /^(Adverb|Verb|Adjective|Preposition|Determiner|Conjunction|Pronoun|Value)$/.test(t));
}

/** Whether `t` ends a name before it: nothing, a punctuation mark or a verb in lower case. */
function closesBeforeVerb(t: Token | undefined): boolean {
  return !t?.word || (!t.cap && lexiconTags(lower(t)).some((x) => VERB_TAG.test(x)));
}

/** "New Zealand", "North Korea": a sentence-initial word that opens a multi-word place name. */
// "Real Madrid", "AC Milan", "Borussia Dortmund", "Olympique Lyon": the words by which European clubs' names open,
// before the town the club is of; the whole is the club, a body (not "Real wages in Madrid", where no town follows)
const CLUB_OPENERS = new Set(
  'real atlético atletico inter ac as ss fc cf sc afc sporting borussia olympique dynamo dinamo racing deportivo bayer'.split(
    ' ',
  ),
);
/** Whether tokens[i] opens a club's name: a club's opening word, then a known place (see CLUB_OPENERS). */
function opensClubName(tokens: Token[], i: number, text: string): boolean {
  const next = tokens[i + 1];
  if (!next?.cap || !CLUB_OPENERS.has(lower(tokens[i]!)) || !/^[ \t]+$/.test(text.slice(tokens[i]!.end, next.start)))
    return false;
  for (let n = 1; n <= 2 && i + 1 + n <= tokens.length; n++) {
    const place = text.slice(next.start, tokens[i + n]!.end);
    if (isPlaceName(place) || isListedTown(place)) return true;
  }
  return false;
}

// "the Irish Sea", "the Indian Ocean", "the Arabian Gulf", "the Celtic and Irish Seas": a nationality before the head
// of a body of water names the sea, which it does not qualify as it would a person or a body ("Irish officials"); at a
// sentence's start too ("Celtic Sea cod could collapse")
const WATER_HEADS = new Set(['sea', 'seas', 'ocean', 'oceans', 'gulf', 'strait', 'straits']);
function namesWater(toks: Token[]): boolean {
  const last = toks[toks.length - 1]!;
  return toks.length > 1 && isDemonym(toks[0]!.text) && last.cap && WATER_HEADS.has(lower(last));
}

function opensPlaceName(tokens: Token[], i: number, text: string): boolean {
  for (let n = 2; n <= 4 && i + n <= tokens.length; n++) {
    if (isPlaceName(text.slice(tokens[i]!.start, tokens[i + n - 1]!.end))) return true;
  }
  if (i + 1 < tokens.length && namesWater([tokens[i]!, tokens[i + 1]!])) return true;
  // "Kessby Airport is small", "Grimsby Park": a word the lexicon does not know before a place's head opens that place's
  // name (compromise guesses an unknown word's part of speech from its ending, and reads "-by", "-ly" as modifiers)
  // ("Kessby Regional Airport", "Kessby International Airport": capitalised words may stand between)
  if (lexiconTags(lower(tokens[i]!)).length === 0 && !/\p{Ll}ly$/u.test(tokens[i]!.text)) {
    for (let n = 1; n <= 3 && i + n < tokens.length; n++) {
      const t = tokens[i + n]!;
      if (!t.cap || !/^[ \t]+$/.test(text.slice(tokens[i + n - 1]!.end, t.start))) break;
      if (PLACE_HEADS.has(lower(t))) return true;
    }
  }
  // "(Northern England) ...", "Southern Ohio has ...": a compass word before a known place names a part of it (see
  // typeRun), at a sentence's or a line's start too
  const next = tokens[i + 1];
  if (next?.cap && COMPASS_PART.test(lower(tokens[i]!)) && /^[ \t]+$/.test(text.slice(tokens[i]!.end, next.start))) {
    for (let n = 1; n <= 3 && i + 1 + n <= tokens.length; n++) {
      if (isPlaceName(text.slice(next.start, tokens[i + n]!.end))) return true;
    }
  }
  return false;
}
const COMPASS_PART = /^(?:north|south|east|west|northern|southern|eastern|western|central|greater|upper|lower)$/;

const NUMBERED_PLACE_NOUNS = new Set(
  'terminal terminals gate gates platform platforms pier piers concourse berth berths dock docks district ward zone sector route highway interstate hwy'.split(
    ' ',
  ),
);
const NUMBER_DESIGNATOR_AFTER =
  /^[ \t]+(?:\d{1,4}[A-Z]?(?:-\d?[A-Z]{1,2})?|[A-Z])(?:[ \t]*(?:&|and)[ \t]*(?:\d{1,4}|[A-Z]))?(?![\p{L}\d.,]\d|[\p{L}\d])/u;
/** "Terminal 2", "Platform 4", "District 6-4A": a numbered part of a port, a station or a territory (see typeRun). */
function numberedPlaceAt(tok: Token, text: string): boolean {
  return NUMBERED_PLACE_NOUNS.has(lower(tok)) && NUMBER_DESIGNATOR_AFTER.test(text.slice(tok.end, tok.end + 16));
}

const STREET_HEADS = new Set(['street', 'st', 'avenue', 'ave', 'road', 'rd', 'boulevard', 'blvd', 'drive', 'lane']);
/** "N 44th St", "Main St.", "Grand Avenue": a street's head word, with or without an abbreviation's period. */
const isStreetHead = (t: Token): boolean => STREET_HEADS.has(lower(t).replace(/\.$/, ''));
/** "51st Street", "N 44th St": an ordinal number that opens a street's name (capitalised words ending in a street word). */
function ordinalStreetAt(tokens: Token[], i: number, text: string): boolean {
  if (!/^\d{1,3}(?:st|nd|rd|th)$/.test(tokens[i]?.text ?? '')) return false;
  let k = i + 1;
  while (k < tokens.length && tokens[k]!.cap && /^[ \t]+$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start))) k++;
  return k > i + 1 && STREET_HEADS.has(lower(tokens[k - 1]!));
}

/**
 * "the Second Circuit", "the Third Reich": an ordinal capitalised mid-sentence before a capitalised word opens a name
 * (at a sentence start, "First, ..." and "Second Circuit judges ..." are as likely, so there it stays a stop word).
 */
function ordinalInName(tokens: Token[], i: number, text: string): boolean {
  const t = tokens[i]!;
  const next = tokens[i + 1];
  return (
    !t.sentStart &&
    /^(?:first|second|third)$/.test(lower(t)) &&
    !!next?.cap &&
    !isStop(next) &&
    // "First Lady", "Second Lieutenant": an office, which splitTitles takes off as a whole only without the ordinal
    !TITLE_WORDS.has(lower(next)) &&
    /^[ \t]+$/.test(text.slice(t.end, next.start))
  );
}

// a date closing a line: "6/25/90", "25.6.1990", "3 May 1998", "May 3, 1998"
const LINE_DATE_AFTER =
  /^,?[ \t]+(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[ \t]+\p{Lu}\p{Ll}+[ \t]+\d{4}|\p{Lu}\p{Ll}+[ \t]+\d{1,2},?[ \t]+\d{4})[ \t]*(?:\n|$)/u;
const TRANSCRIPT_HEADING_BEFORE =
  /^[ \t]*(?:[\p{Lu}]+[ \t-]+)?(?:ARGUMENTS?|EXAMINATION|STATEMENTS?|SUMMATION|REBUTTAL|TESTIMONY)[ \t]+(?:OF|BY)[ \t]+$/u;
const TRANSCRIPT_HEADING_AFTER =
  /^[ \t-]+(?:ARGUMENTS?|EXAMINATION|STATEMENTS?|SUMMATION|REBUTTAL|TESTIMONY)(?:[ \t]+(?:OF|BY|FOR|ON)\b|[ \t]*$)/;

/** Group capitalised tokens into runs, allowing short connectors inside ("Church of Scientology"). */
function chunk(
  tokens: Token[],
  text: string,
  lowerWords: Set<string>,
  tags: TagLookup,
  midCaps: Set<string>,
): Token[][] {
  const chunks: Token[][] = [];
  const sameLine = (a: Token, b: Token) => /^[ \t]*$/.test(text.slice(a.end, b.start));
  const cited = citedAuthorPairs(text);
  // "ORAL ARGUMENT OF GEN. ELIZABETH B. PRELOGAR ON BEHALF OF THE PETITIONERS": in a line set all in capitals, a word
  // the article writes in lower case elsewhere, or a function word, is that word, not part of a name
  let capsLineEnd = -1;
  let capsLine = false;
  const plainInCaps = (t: Token): boolean => {
    if (!t.allCaps || t.text.length < 2) return false;
    if (t.start >= capsLineEnd) {
      const from = text.lastIndexOf('\n', t.start) + 1;
      const to = text.indexOf('\n', t.start);
      capsLineEnd = to < 0 ? text.length : to;
      capsLine = !/\p{Ll}/u.test(text.slice(from, capsLineEnd));
    }
    const l = t.text.toLowerCase();
    return (
      capsLine &&
      (lowerWords.has(l) ||
        /^(?:of|on|the|and|for|to|in|at|by|a|an)$/.test(l) ||
        // "ORAL ARGUMENT OF ...", "DIRECT EXAMINATION BY ...", "CLOSING STATEMENT": a transcript's section heading names
        // a stage of the proceedings, and the word before that noun qualifies it ("Oral" is also a town's name)
        TRANSCRIPT_HEADING_AFTER.test(text.slice(t.end, capsLineEnd)))
    );
  };
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i]!;
    // "Fort Lee", "Lake Tahoe", "University of Leeds" at a sentence start: a place or organisation opener directly
    // followed by a capitalised word opens a name, though the opener alone is an ordinary word
    const next = tokens[i + 1];
    // "Secretary of State Antony Blinken said": so does a title, which splitTitles then takes off
    const opensName =
      (PLACE_OPENERS.has(lower(tok)) ||
        ORG_OPENERS.has(lower(tok)) ||
        TITLE_WORDS.has(lower(tok)) ||
        /^(?:air|team)$/.test(lower(tok))) &&
      !!next &&
      (next.cap || (lower(next) === 'of' && !!tokens[i + 2]?.cap)) &&
      /^[ \t]+$/.test(text.slice(tok.end, next.start));
    // a road number ("the M1 northbound") is a code-like word that names a place on its own (see isRoadMention)
    if (tok.cap && ROAD_NUMBER.test(tok.text) && isRoadMention(text, tok)) {
      chunks.push([tok]);
      i++;
      continue;
    }
    const ordinal = ordinalStreetAt(tokens, i, text);
    // "in The Hague", "Congress, A Coruña, Spain": a capitalised article that the gazetteer holds as the first word of
    // a place's name is part of that name, as the place writes it
    const articlePlace =
      isStop(tok) &&
      tok.cap &&
      !!next?.cap &&
      /^[ \t]+$/.test(text.slice(tok.end, next.start)) &&
      isPlaceName(text.slice(tok.start, next.end)) &&
      !isPlaceName(next.text);
    if (
      (!tok.cap && !ordinal) ||
      plainInCaps(tok) ||
      (isStop(tok) &&
        !articlePlace &&
        !ordinalInName(tokens, i, text) &&
        !givenNameModal(tok, next, text) &&
        !dottedPlaceAbbreviation(tok, text)) ||
      (isCodeLike(tok) && !ordinal) ||
      (tok.sentStart &&
        !opensName &&
        !opensPlaceName(tokens, i, text) &&
        !opensClubName(tokens, i, text) &&
        !numberedPlaceAt(tok, text) &&
        // "Dries Mertens's attempt": a word that opens, with the next one, a name the article writes mid-sentence too
        !(next?.cap && midCaps.has(`${lower(tok)} ${lower(next)}`)) &&
        // "Amnesty International cites ...": an English word before a closing "International" is a body's name, as
        // bodies working across borders are named ("Transparency International"), where a verb or a stop follows it
        // ("Overall International sales rose" is an adjective before its noun)
        !(next?.text === 'International' && sameLine(tok, next) && closesBeforeVerb(tokens[i + 2])) &&
        isCommonAtSentenceStart(tok, lowerWords, tags, midCaps) &&
        // "Jean Gabin starred": a listed given name before a surname-like word opens a name at a sentence start too
        !(next?.cap && sameLine(tok, next) && givenNamePair([tok, next], lowerWords, text)))
    ) {
      i++;
      continue;
    }
    const run: Token[] = [tok];
    let j = i + 1;
    while (j < tokens.length) {
      const last = run[run.length - 1]!;
      const next = tokens[j]!;
      if (!sameLine(last, next)) break;
      if (
        next.cap &&
        !isStop(next) &&
        !plainInCaps(next) &&
        !isCodeLike(next) &&
        !(next.sentStart && isCommonAtSentenceStart(next, lowerWords, tags, midCaps))
      ) {
        run.push(next);
        j++;
        continue;
      }
      // "N 44th St", "S 75th Ave": a compass point before a numbered street
      if (run.length === 1 && /^[NSEW]$/.test(last.text) && ordinalStreetAt(tokens, j, text)) {
        run.push(next);
        j++;
        continue;
      }
      // "Korean People's Army", "King's College", "St Mary's Hospital": a possessive inside an institution's name
      if (possessiveInName(run, tokens, j, text)) {
        run.push(tokens[j]!, tokens[j + 1]!);
        j += 2;
        continue;
      }
      // "the Varnholt Teachers' Union", "the Workers' Party": a plural's possessive apostrophe inside a body's name
      if (pluralPossessiveInName(run, tokens, j, text)) {
        run.push(tokens[j]!);
        j += 1;
        continue;
      }
      // up to two connectors ("of the") followed by another capitalised word
      let k = j;
      const conn: Token[] = [];
      while (
        k < tokens.length &&
        conn.length < 2 &&
        CONNECTORS.has(tokens[k]!.text.toLowerCase()) &&
        !tokens[k]!.cap &&
        sameLine(tokens[k - 1]!, tokens[k]!)
      ) {
        conn.push(tokens[k]!);
        k++;
      }
      const after = tokens[k];
      if (
        conn.length &&
        after?.cap &&
        !isStop(after) &&
        sameLine(tokens[k - 1]!, after) &&
        connectorFits(run, conn, tokens, k, cited)
      ) {
        run.push(...conn, after);
        j = k + 1;
        continue;
      }
      break;
    }
    chunks.push(run);
    i = j;
  }
  return chunks;
}

const CITED_PAIR =
  /(?<!(?:\p{Lu}[\p{L}'’-]*|&)[ \t]+)(\p{Lu}\p{Ll}[\p{L}'’-]*)[ \t]+&[ \t]+(\p{Lu}\p{Ll}[\p{L}'’-]*)(?=(?:['’]s)?[ \t]*(?:\[\d|\((?:1[5-9]|20)\d\d|,?[ \t]*(?:1[5-9]|20)\d\d))/gu;

/**
 * "Carrano & Biewener [7]", "Hale & Keyser (1993)": two single surnames joined by an ampersand before a reference
 * number or a year are two authors cited together, the scholarly convention; a firm named after its founders
 * ("Procter & Gamble", "Simon & Schuster") is cited by no number or year. One sense per article: the pair stays
 * two names where the article writes it again without the citation ("In Carrano & Biewener's study").
 */
function citedAuthorPairs(text: string): Set<string> {
  const pairs = new Set<string>();
  if (!text.includes('&')) return pairs;
  for (const m of text.matchAll(CITED_PAIR)) pairs.add(`${m[1]!.toLowerCase()} & ${m[2]!.toLowerCase()}`);
  return pairs;
}

const EPITHETS = new Set(
  'great elder younger conqueror confessor bold pious wise magnificent terrible fair good just venerable apostate sanctified lionheart unready bald fat lame simple martyr evangelist baptist hermit navigator lawgiver liberator'.split(
    ' ',
  ),
);

const NAME_POSSESSORS = new Set(['people', 'women', 'children', 'men', 'king', 'queen']);
/**
 * A possessive joins a name to the words after it only inside the names of institutions and places: after a plural of
 * people or a sovereign ("People's", "Women's", "King's") or a saint's name ("St John's"), and only where the
 * capitalised words after it end in an organisation's or a place's head ("People's Army", "Children's Hospital",
 * "St Mary's Cathedral"). "Google's Android", "Obama's White House" stay two names.
 */
function possessiveInName(run: Token[], tokens: Token[], j: number, text: string): boolean {
  const apos = tokens[j];
  const s = tokens[j + 1];
  const last = run[run.length - 1]!;
  if (!apos || !s || (apos.text !== "'" && apos.text !== '’') || s.text !== 's') return false;
  if (apos.start !== last.end || s.start !== apos.end || !/^[ \t]+$/.test(text.slice(s.end, tokens[j + 2]?.start)))
    return false;
  const saint = run.length >= 2 && /^(?:st\.?|saint)$/.test(lower(run[run.length - 2]!));
  if (!NAME_POSSESSORS.has(lower(last)) && !saint) return false;
  let m = j + 2;
  while (m < tokens.length && tokens[m]!.cap && !isStop(tokens[m]!)) m++;
  if (m === j + 2) return false;
  const closer = lower(tokens[m - 1]!);
  return ORG_HEADS.has(closer) || PLACE_HEADS.has(closer);
}

/**
 * "the Teachers' Union", "the Workers' Party", "the Veterans' Hospital": a capitalised plural's possessive apostrophe
 * joins it to the capitalised words after it where they end in an organisation's or a place's head, as for "People's"
 * above ("the Harnwells' House" ends in no head and stays two names).
 */
function pluralPossessiveInName(run: Token[], tokens: Token[], j: number, text: string): boolean {
  const apos = tokens[j];
  const after = tokens[j + 1];
  const last = run[run.length - 1]!;
  // (a common noun's plural only: a band's or a family's possessive before a name is whose it is, "the Beatles' Abbey
  // Road")
  if (!apos || !after || (apos.text !== "'" && apos.text !== '’') || !isPluralNoun(last.text)) return false;
  if (apos.start !== last.end || !/^[ \t]+$/.test(text.slice(apos.end, after.start)) || !after.cap) return false;
  let m = j + 1;
  while (m < tokens.length && tokens[m]!.cap && !isStop(tokens[m]!) && m - j <= 4) m++;
  const closer = lower(tokens[m - 1]!);
  return ORG_HEADS.has(closer) || PLACE_HEADS.has(closer);
}

// the last word of a field of study or of what a body is for ("Centre for Irish and Scottish Studies")
const FIELDS_OF_STUDY = new Set(
  'studies sciences science technology technologies affairs arts humanities engineering research medicine development letters mathematics economics'.split(
    ' ',
  ),
);

/**
 * Where the "of" or "for" tail of a body's name starts in a run ("Australian Centre for Control", "Faculty of Arts"):
 * the index of the last "of" or "for" with a body's head word right before it; -1 when there is none.
 */
function bodyPurposeAt(run: Token[]): number {
  for (let f = run.length - 1; f >= 1; f--) {
    if (run[f]!.cap || !/^(?:of|for)$/.test(lower(run[f]!))) continue;
    const head = lower(run[f - 1]!);
    if (ORG_OPENERS.has(head) || ORG_HEADS.has(head) || head === 'centre' || head === 'center') return f;
  }
  return -1;
}

// "the Wolstein Center for the Cleveland State University Vikings": a centre named by what stands before it, for a body
// named after it, is that body's venue ("Center for Advanced Study", "Center for the Study of Democracy" name a purpose)
function forNamedBody(run: Token[], tokens: Token[], k: number): boolean {
  if (run.length < 2) return false;
  for (let m = k; m < tokens.length && m < k + 6 && tokens[m]!.cap; m++)
    if (ORG_HEADS.has(lower(tokens[m]!))) return true;
  return false;
}

// What a run being built holds, read once: chunk only appends to a run and asks at each connector, so a long run that
// connectors keep joining ("... Museum and Library and Library") is not read again from its first word each time
type RunFacts = { read: number; head: boolean; opener: boolean; ofTail: number };
const runFacts = new WeakMap<Token[], RunFacts>();
function factsOf(run: Token[]): RunFacts {
  let f = runFacts.get(run);
  if (!f) runFacts.set(run, (f = { read: 0, head: false, opener: false, ofTail: -1 }));
  for (; f.read < run.length; f.read++) {
    const l = lower(run[f.read]!);
    if (PLACE_HEADS.has(l) || ORG_HEADS.has(l)) f.head = true;
    if (ORG_OPENERS.has(l)) f.opener = true;
    if (f.ofTail < 0 && f.read > 0 && l === 'of' && ORG_HEADS.has(lower(run[f.read - 1]!))) f.ofTail = f.read;
  }
  return f;
}

// the ranks of the peerage, which also stand as given names ("Duke Ellington", "Earl Grey")
const NOBLE_RANKS = new Set([
  'duke',
  'duchess',
  'earl',
  'count',
  'countess',
  'baron',
  'baroness',
  'viscount',
  'marquess',
  'marquis',
]);
/** Connectors join names only in shapes that build organisations or places, not lists. */
function connectorFits(run: Token[], conn: Token[], tokens: Token[], k: number, cited: Set<string>): boolean {
  const c = conn.map(lower).join(' ');
  const head = lower(run[run.length - 1]!);
  if (c === 'and' || c === '&') {
    // "Procter & Gamble" is one name, "Carrano & Biewener [7]" two cited authors (see citedAuthorPairs)
    if (c === '&') return !(run.length === 1 && cited.has(`${head} & ${lower(tokens[k]!)}`));
    // "State and Homeland Security Departments": only when the run closes with a plural organisation head
    let m = k;
    while (m < tokens.length && tokens[m]!.cap) m++;
    const closer = tokens[m - 1];
    if (!closer) return false;
    if (/^(departments|ministries|agencies|committees|services)$/.test(lower(closer))) return true;
    // "the Rock and Roll Hall of Fame and Museum", "the Presidential Library and Museum": a name that holds a head word,
    // "and", and one more head word for a building it also has is one institution's name (a lone "Museum" names nothing)
    if (m - k === 1 && /^(?:museum|library|gallery|gardens|archives)$/.test(lower(closer)) && factsOf(run).head)
      return true;
    // "National Air and Space Museum", "U.S. Space and Rocket Center", "Rock and Roll Hall of Fame": two words joined
    // inside the name of a place or a body that one head closes, where the word before "and" names nothing on its own
    // (not a place, a given name, an acronym or a name with its head already: "Leeds and Durham University", "Grand Lake
    // and Lakeshore", "JFK and Westchester County Airport", "Massachusetts Institute of Technology and ..." are lists)
    // (the head may come within three words, the name going on after it: "the National Air and Space Museum Steven F.
    // Udvar-Hazy Center")
    const headWithin = (from: number, to: number) =>
      tokens.slice(from, to).some((t) => PLACE_HEADS.has(lower(t)) || ORG_HEADS.has(lower(t)));
    if (
      (m - k <= 3 ? headWithin(m - 1, m) : headWithin(k, k + 3)) &&
      !factsOf(run).head &&
      !factsOf(run).opener &&
      !run[run.length - 1]!.allCaps &&
      !isPlaceName(run[run.length - 1]!.text) &&
      !isKnownFirstName(run[run.length - 1]!.text) &&
      !isListedTown(run[run.length - 1]!.text)
    )
      return true;
    // "Centre for Irish and Scottish Studies", "Faculty of Arts and Sciences": two subjects joined in the "for" or "of"
    // tail of a body's name, where the run closes with the name of a field of study ("University of Leeds and Durham
    // University" is a list)
    // (or where the word after "and" names a field and the tail goes on: "the Office of Science and Technology Policy")
    if (bodyPurposeAt(run) > 0 && (FIELDS_OF_STUDY.has(lower(closer)) || FIELDS_OF_STUDY.has(lower(tokens[k]!))))
      return true;
    // "National Aeronautics and Space Administration (NASA)": the acronym the text defines after the run spells it all
    const acronym = tokens[m + 1];
    if (tokens[m]?.text === '(' && tokens[m + 2]?.text === ')' && acronym?.allCaps) {
      const initials = [...run, ...tokens.slice(k, m)]
        .filter((t) => t.cap)
        .map((t) => t.text[0])
        .join('');
      return initials.length >= 3 && initials === acronym.text;
    }
    return false;
  }
  // "the Court of Appeals for the Fifth Circuit", "the Court of Appeals for the District of Columbia Circuit": a court's
  // name goes on with the circuit or the district it sits for, whatever word closes the name before "for"
  if (
    c === 'for the' &&
    run.some((t) => lower(t) === 'court') &&
    (() => {
      for (let m = k; m < tokens.length && m < k + 6; m++) {
        if (/^(?:Circuit|District)$/.test(tokens[m]!.text)) return true;
        if (!tokens[m]!.cap && lower(tokens[m]!) !== 'of') return false;
      }
      return false;
    })()
  )
    return true;
  if (c === 'of' || c === 'of the' || c === 'for' || c === 'for the') {
    // "the National Conservatory of Music of America", "the University of Sheffield of the UK": a body's name with its
    // "of" tail goes on with the country or place it is of, where that place ends the run
    const ofTail = factsOf(run).ofTail;
    const ofPlace = isPlaceName(tokens[k]!.text) || lexiconTags(lower(tokens[k]!)).includes('Country');
    if (c.startsWith('of') && ofTail > 0 && ofPlace && !tokens[k + 1]?.cap) return true;
    // "Church of Scientology", "University of Southern Indiana", "Secretary of State"; a place is "of" somewhere or
    // something ("Museum of Art"), and what it is "for" is a body's purpose ("Center for Advanced Study") but no part
    // of a building's name ("the Wolstein Center for the Vikings basketball team", "Browns Stadium for the NFL Browns")
    if (
      ORG_OPENERS.has(head) ||
      ORG_HEADS.has(head) ||
      TITLE_WORDS.has(head) ||
      ((PLACE_OPENERS.has(head) || PLACE_HEADS.has(head)) &&
        (c.startsWith('of') || (/^cent(?:re|er)$/.test(head) && !forNamedBody(run, tokens, k))))
    )
      return true;
    // "Centre for Control of Iodine Deficiency Disorders", "Council for the Welfare of Immigrants": what a body is for
    // is named with its object
    // "Hilary of Poitiers", "Catherine of Aragon": a given name alone and the place a person is known by, as saints, rulers
    // and medieval people are named ("Paris of Troy" and "Victoria of Baden" open with a place and stay two)
    // (not a peer's rank, which the lists also hold as a given name: "the Duke of York", "the Earl of Clare" are a title
    // and the place of the peerage)
    if (
      c === 'of' &&
      run.length === 1 &&
      !NOBLE_RANKS.has(head) &&
      isListedGivenName(run[0]!.text) &&
      !isPlaceName(run[0]!.text) &&
      lexiconTags(head).every((t) => /Name|Person/.test(t)) &&
      (isPlaceName(tokens[k]!.text) || isListedTown(tokens[k]!.text)) &&
      !tokens[k + 1]?.cap
    )
      return true;
    const f = bodyPurposeAt(run);
    return (
      c === 'of' && f > 0 && lower(run[f]!) === 'for' && !run.slice(f + 1).some((t) => !t.cap && lower(t) !== 'the')
    );
  }
  // "Peter the Great", "Tsar Peter the Great", "Æthelred the Unready": a ruler's or saint's epithet after "the" is part
  // of the name they are known by (the person is named by a given name, perhaps after a title, so the run is short)
  if (c === 'the') return run.length <= 2 && EPITHETS.has(lower(tokens[k]!)) && !tokens[k + 1]?.cap;
  // particles inside personal and place names: "Ludwig van Beethoven", "Osama bin Laden", "Rio de Janeiro"
  return /^(de|du|des|la|le|von|van|van der|van den|der|den|da|di|al|el|bin|ibn|y|de la)$/.test(c);
}

function isTitleAt(run: Token[], i: number): boolean {
  const l = lower(run[i]!);
  // "Respondent Varrow objected.", "Petitioners Brell and Dravik": a party's role capitalised before its name, as court
  // opinions write it, is taken off the name as a title is (see PARTY_ROLES)
  if (i === 0 && run.length >= 2 && run.length <= 4 && PARTY_ROLES.has(l) && !run[0]!.allCaps) return true;
  if (!TITLE_WORDS.has(l)) return false;
  if (!WEAK_TITLE_WORDS.has(l)) return true;
  // "the St. Louis Cardinals", "the St. Louis Rams": a saint's name that is a city's, before a team's plural nickname,
  // is the city (see refineSegment's teams)
  if (
    (l === 'st.' || l === 'saint') &&
    i + 2 < run.length &&
    isPlaceName(`${run[i]!.text} ${run[i + 1]!.text}`) &&
    /\p{Ll}[^s']s$/u.test(run[run.length - 1]!.text)
  )
    return false;
  // ("as Congresswoman Dean said", "Mr. Major": after a title of address or of an elected office, a weak title word
  // that is also a common surname and ends the name is that surname; no one is addressed as "Mr. Dean" for the office,
  // where "Sergeant Major" and "Assistant Dean" are ranks)
  const surnameAfterAddress =
    i === run.length - 1 && i > 0 && SURNAME_TITLES.has(l) && ADDRESS_TITLES.has(lower(run[i - 1]!));
  const prevT =
    i > 0 && TITLE_WORDS.has(lower(run[i - 1]!)) && !WEAK_TITLE_WORDS.has(lower(run[i - 1]!)) && !surnameAfterAddress;
  const nextT = i + 1 < run.length && TITLE_WORDS.has(lower(run[i + 1]!)) && !WEAK_TITLE_WORDS.has(lower(run[i + 1]!));
  // "General Jean Lamarque", "Justice Ruth Bader Ginsburg": a known given name and a surname after it ("Dean Kamen",
  // "General Motors" have none)
  // ("General Jean Maximilien Lamarque": a given name of the name lists that compromise reads as a word, "jean", opens a
  // name when only surname-like words follow it)
  const beforeName =
    i === 0 &&
    i + 2 < run.length &&
    run[i + 2]!.cap &&
    (isKnownFirstName(run[i + 1]!.text) ||
      (isListedGivenName(run[i + 1]!.text) &&
        run.slice(i + 2).every((t) => isSurnameLike(t) || isListedGivenName(t.text))));
  // "Justice Scalia", "General Abd al-Karim Qasim", "King Tupou": a rank before words that are no English words, no
  // place and no head noun is that person's title and name ("General Motors", "Major League", "Justice Department" are
  // words; "Dean" is also a given name, so "Dean Kamen" stays a name)
  // ("Chief Justice Kennedy": "Chief" qualifies the rank, and both are the title)
  // ("Lord Halifax", "Lady Marlow": a peer is styled by the place of the peerage, so after "Lord" or "Lady" one town's
  // name is that peer's)
  const rankAt = (r: number) =>
    run.length - r >= 2 &&
    run.length - r <= 5 &&
    RANK_TITLES.has(lower(run[r]!)) &&
    (run.slice(r + 1).every(isSurnameLike) || peerAt(run, r)) &&
    !isPlaceName(run.map((t) => t.text).join(' '));
  const chief = (r: number) => r === 0 && run.length > 2 && lower(run[0]!) === 'chief' && lower(run[1]!) === 'justice';
  const beforeSurname = (i === 0 && rankAt(0)) || (chief(i) && rankAt(1)) || (i === 1 && chief(0) && rankAt(1));
  return prevT || nextT || beforeName || beforeSurname;
}

/** "Lord Halifax", "Lady Marlow": "Lord" or "Lady" and one town's name, no country's, the style of a peer. */
function peerAt(run: Token[], r: number): boolean {
  const place = run[r + 1];
  return (
    run.length === r + 2 &&
    /^(?:lord|lady)$/.test(lower(run[r]!)) &&
    !!place &&
    place.cap &&
    !place.allCaps &&
    isPlaceName(place.text) &&
    !isCountryName(place.text) &&
    !PLACE_HEADS.has(lower(place))
  );
}
const SURNAME_TITLES = new Set(['dean', 'major']);
const ADDRESS_TITLES = new Set([
  'mr',
  'mr.',
  'mrs',
  'mrs.',
  'ms',
  'ms.',
  'dr',
  'dr.',
  'senator',
  'sen.',
  'congressman',
  'congresswoman',
  'representative',
  'rep.',
  'governor',
  'gov.',
  'mayor',
]);
const RANK_TITLES = new Set([
  'general',
  'major',
  'justice',
  'lord',
  'lady',
  'king',
  'queen',
  'prince',
  'princess',
  'saint',
  'st.',
]);

/** A capitalised word that could only be a name: not in the English lexicon, no place, no organisation or place head. */
function isSurnameLike(t: Token): boolean {
  const l = lower(t);
  return (
    t.cap &&
    !t.allCaps &&
    !lexiconTags(l).some((x) => !/Name|Person/.test(x)) &&
    !isPlaceName(t.text) &&
    !isDemonym(t.text) &&
    !ORG_HEADS.has(l) &&
    !PLACE_HEADS.has(l)
  );
}

/**
 * "Jean Gabin", "Dean Forester", "Orson Welles": a given name from the English name lists opening a pair or a triple
 * of capitalised words whose last is surname-like is a person's name, even when compromise reads the given name as a
 * word ("jean", "dean"). Not when the article writes the first word in lower case (then "Will", "Hope" are words),
 * nor when it is also a place ("Jordan", "Victoria", "Georgia", "Washington": the name is as often the place's),
 * nor before a head word ("Lincoln Center", "Charles River", "Chase Bank"). The lists also hold rare names that are
 * ordinary words ("Early", "Red", "Les"): a first word the lexicon reads as a modifier or a function word, or a
 * particle ("La"), opens no name here, and the words after it must be no English words ("Red Cross", "Early Music"
 * are phrases). A person's name takes no article ("the Velvet Underground", "the Rice Owls").
 */
function givenNamePair(words: Token[], lowerWords: Set<string>, text: string): boolean {
  if (words.length < 2 || words.length > 3) return false;
  const first = words[0]!;
  const l = lower(first);
  if (
    first.allCaps ||
    !words[1]!.cap ||
    // (though "Will" capitalised mid-sentence before a surname is the given name, not the modal: see givenNameModal)
    (lowerWords.has(l) && !givenNameModal(first, words[1], text)) ||
    CONNECTORS.has(l) ||
    afterDeterminer(text, first) ||
    lexiconTags(l).some((t) =>
      /^(Adjective|Adverb|Determiner|Preposition|Conjunction|Pronoun|Expression|Verb)$/.test(t),
    ) ||
    isPlaceName(first.text) ||
    isDemonym(first.text) ||
    // a weak title that the run did not take as a title opens a name ("Dean Kamen")
    (TITLE_WORDS.has(l) && !WEAK_TITLE_WORDS.has(l)) ||
    ORG_HEADS.has(l) ||
    PLACE_HEADS.has(l) ||
    ORG_OPENERS.has(l) ||
    PLACE_OPENERS.has(l) ||
    !isListedGivenName(first.text)
  ) {
    return false;
  }
  return words.slice(1).every((t) => {
    const w = lower(t);
    return (
      t.cap &&
      !t.allCaps &&
      w.length >= 2 &&
      !lowerWords.has(w) &&
      !lexiconTags(w).some((x) => !/Name|Person/.test(x)) &&
      !isPlaceName(t.text) &&
      !isDemonym(t.text) &&
      !isPluralNoun(t.text) &&
      !ORG_HEADS.has(w) &&
      !PLACE_HEADS.has(w) &&
      !OTHER_NAME_HEADS.has(w) &&
      !STOP_CAPS.has(w)
    );
  });
}

/**
 * "Mathematician Hermann Weyl", "Actor Dennis Hopper": a role noun capitalised because it opens the sentence, before a
 * name, describes the person the way a title does (compromise tags role nouns "Actor"; unknown ones end in -ian/-ist).
 */
function isRoleNoun(t: Token): boolean {
  if (!t.sentStart || t.allCaps || isKnownFirstName(t.text) || isDemonym(t.text) || isPlaceName(t.text)) return false;
  const tags = lexiconTags(t.text);
  return tags.includes('Actor') || (tags.length === 0 && /\p{Ll}(?:ician|ologist|ist)$/u.test(t.text));
}

function hasOrgHead(tokens: Token[]): boolean {
  return tokens.some((t) => ORG_HEADS.has(lower(t)));
}

function trimConnectors(tokens: Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  // (an ordinal opens a numbered street's name: "51st Street", see ordinalStreetAt)
  while (a < b && !tokens[a]!.cap && !/^\d{1,3}(?:st|nd|rd|th)$/.test(tokens[a]!.text)) a++;
  while (b > a && !tokens[b - 1]!.cap) b--;
  return tokens.slice(a, b);
}

interface Segment {
  tokens: Token[];
  afterTitle: boolean;
}

/** Cut a capitalised run at title words: "U.S. President Donald Trump" -> "U.S." + "Donald Trump". */
// words that qualify an office before its title word ("High Commissioner", "Shadow Home Secretary", "Vice Chancellor")
const TITLE_QUALIFIERS = new Set(['high', 'shadow', 'home', 'vice', 'deputy', 'under', 'lord', 'grand', 'supreme']);

// place heads that are also common surnames ("Shanlyn Park", "Lister Hill", "Sally Field", "Arsenio Hall", "Gerald Ford",
// "Henry Cabot Lodge")
const SURNAME_HEADS = new Set(['park', 'hall', 'hill', 'field', 'lake', 'ford', 'lodge']);

function titleBeforeSurnameHead(run: Token[]): boolean {
  const first = lower(run[0]!);
  return (
    run.length >= 3 &&
    run.length <= 4 &&
    SURNAME_HEADS.has(lower(run[run.length - 1]!)) &&
    TITLE_WORDS.has(first) &&
    !WEAK_TITLE_WORDS.has(first) &&
    run.slice(1).every((t) => t.cap && !t.allCaps) &&
    !isPlaceName(run[1]!.text)
  );
}

function splitTitles(run: Token[]): Segment[] {
  const last = run[run.length - 1]!;
  // a run that ends like an organisation keeps its title-like words ("Chief Rabbinate Council"), unless a title that
  // only people bear opens a name whose surname is also a place's head word ("Judge Shanlyn Park", "Senator Lister Hill")
  if ((ORG_HEADS.has(lower(last)) || PLACE_HEADS.has(lower(last))) && !titleBeforeSurnameHead(run)) {
    // ("Plaintiff Harnwell University": a party's role before a body's name is no part of it; see PARTY_ROLES)
    const role = run.length >= 3 && PARTY_ROLES.has(lower(run[0]!)) && !run[0]!.allCaps ? 1 : 0;
    return [{ tokens: run.slice(role), afterTitle: false }];
  }
  // "Office of the Mayor", "Office of the President": a body named after the office it serves ends in that title
  if (
    run.length >= 4 &&
    ORG_OPENERS.has(lower(run[0]!)) &&
    lower(run[1]!) === 'of' &&
    lower(run[2]!) === 'the' &&
    run.slice(3).every((t) => TITLE_WORDS.has(lower(t)))
  )
    return [{ tokens: run, afterTitle: false }];
  const out: Segment[] = [];
  let cur: Token[] = [];
  let afterTitle = false;
  for (let i = 0; i < run.length; i++) {
    if (isTitleAt(run, i) || (i === 0 && run.length >= 3 && isRoleNoun(run[0]!))) {
      // "United Nations High Commissioner", "Labour's Shadow Home Secretary": words that qualify the office belong to it
      while (cur.length && TITLE_QUALIFIERS.has(lower(cur[cur.length - 1]!))) cur.pop();
      if (cur.length) out.push({ tokens: cur, afterTitle });
      cur = [];
      // (a party's role is no person's title: companies and states sue and are sued, "Plaintiff Apple sued")
      afterTitle = !PARTY_ROLES.has(lower(run[i]!));
      // "Secretary of State X": the "of <Word>" belongs to the title when a name follows it
      if (run[i + 1] && lower(run[i + 1]!) === 'of' && run[i + 2] && i + 3 < run.length) {
        i += 2;
        // "Governor of Washington Chris Gregoire", "Mayor of London Sadiq Khan": the place the office is of is named
        if (isPlaceName(run[i]!.text)) out.push({ tokens: [run[i]!], afterTitle: false });
      }
      continue;
    }
    cur.push(run[i]!);
  }
  if (cur.length) out.push({ tokens: cur, afterTitle });
  return out
    .map((s) => ({ tokens: trimConnectors(s.tokens), afterTitle: s.afterTitle }))
    .filter((s) => s.tokens.length);
}

/**
 * "JUSTICE OKORO: Thank you, counsel.", "CHIEF JUSTICE MARLOW: We'll hear argument ...": a transcript's speaker label,
 * set in capitals at a line's start before a colon, is a title of address or of office and the speaker's surname
 * (sometimes a full name). The words after the titles are that person, whatever else they could be read as; the titles
 * are not part of the name. Not a label without a title ("THE COURT:", "QUESTION:", "THE WITNESS:").
 */
function speakerLabelName(run: Token[], text: string): Token[] | null {
  const last = run[run.length - 1]!;
  if (!run.every((t) => /^\p{Lu}[\p{Lu}.'’-]*$/u.test(t.text))) return null;
  const label =
    /^:[ \t]/.test(text.slice(last.end, last.end + 2)) &&
    /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, run[0]!.start - 4), run[0]!.start));
  // "REBUTTAL ARGUMENT OF MS. PETRA LIND", "DIRECT EXAMINATION BY MR. VOSS": a transcript's section heading (see
  // TRANSCRIPT_HEADING_AFTER) names who argues or examines after "of" or "by", to the line's end or "ON BEHALF OF"
  const heading =
    TRANSCRIPT_HEADING_BEFORE.test(text.slice(text.lastIndexOf('\n', run[0]!.start) + 1, run[0]!.start)) &&
    /^[ \t]*(?:$|\n|ON[ \t]+BEHALF\b)/.test(text.slice(last.end, last.end + 12));
  if (!label && !heading) return null;
  let k = 0;
  while (k < run.length && TITLE_WORDS.has(lower(run[k]!))) k++;
  const name = run.slice(k);
  if (k === 0 && label) return null;
  // (in a heading, a title that only people bear, or else a full name of two words or more that are no English words:
  // "ORAL ARGUMENT OF HARLAN VOSS"; "OPENING STATEMENT OF DEFENSE COUNSEL" names a role)
  if (
    !label &&
    (k > 0
      ? WEAK_TITLE_WORDS.has(lower(run[k - 1]!))
      : name.length < 2 || name.some((t) => lexiconTags(lower(t)).some((x) => !/Name|Person/.test(x))))
  )
    return null;
  if (name.length < 1 || name.length > 4) return null;
  // (a name of capitals and initials: "ADA N. OKORO")
  return name.every((t) => !isStop(t) && /^\p{Lu}(?:[\p{Lu}'’-]+|\.)$/u.test(t.text)) ? name : null;
}

function spanText(text: string, tokens: Token[]): string {
  return text.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

/** Drop leading nationality words and split off a leading place name before a person's name. */
/** "Paris Hilton", "Chad Michael Murray": a one-word place that is also a listed given name, then surname-like words. */
function givenNamePlace(toks: Token[], lowerWords: Set<string>): boolean {
  if (toks.length < 2 || toks.length > 3) return false;
  const first = toks[0]!;
  // a given name the lexicon knows as one ("Chad", "Victoria", "Sydney"); not one it reads as a region or a city
  // ("Washington Dulles", "Georgia Tech", "Dallas Love Field")
  if (
    first.allCaps ||
    !isPlaceName(first.text) ||
    !isListedGivenName(first.text) ||
    !lexiconTags(first.text).some((t) => /^(?:Person|FirstName|MaleName|FemaleName)$/.test(t))
  )
    return false;
  return toks
    .slice(1)
    .every(
      (t) =>
        isSurnameLike(t) &&
        t.text.length >= 3 &&
        !lowerWords.has(lower(t)) &&
        !isPluralNoun(t.text) &&
        !OTHER_NAME_HEADS.has(lower(t)) &&
        !STOP_CAPS.has(lower(t)),
    );
}

/**
 * "the Argentine State", "Islamic State", "the Russian State Military Archive": a nationality or religion before "State"
 * names a government or a movement, or opens the name of one of its institutions, and stays in the name
 */
// offices named by the body they head or serve ("Chair of the Judiciary Committee", "Director of the Bureau")
const BODY_ROLES = new Set(
  'chair chairman chairwoman chairperson president director head secretary speaker dean chancellor rector provost commissioner administrator ceo founder leader member treasurer spokesman spokeswoman spokesperson'.split(
    ' ',
  ),
);
const demonymState = (toks: Token[]): boolean =>
  toks.length >= 2 && isDemonym(toks[0]!.text) && toks[1]!.text === 'State';
// "the Baltic States", "the Balkan States", "the Arab States": a nationality or a region's name before "States" after
// "the" names the group of countries, a place (not "the Islamic State", a body: see demonymState)
const demonymStates = (toks: Token[], text: string): boolean =>
  toks.length === 2 &&
  (isDemonym(toks[0]!.text) || isPlaceName(toks[0]!.text) || isListedGeography(toks[0]!.text)) &&
  toks[1]!.text === 'States' &&
  /\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start));

const AFFILIATION_OPENERS = new Set([
  'department',
  'faculty',
  'laboratory',
  'institute',
  'school',
  'campus',
  'centro',
  'facultad',
  'departamento',
]);
const OF_WORDS = new Set(['of', 'de', 'da', 'do', 'di', 'del', 'della', 'für', 'for']);
const isOpener = (t: Token) => AFFILIATION_OPENERS.has(lower(t)) || FOREIGN_BODY_OPENERS.has(lower(t));
/** Where, in a run of an affiliation block, a second name starts (see refineSegment); 0 where none does. */
function affiliationOpenerAt(toks: Token[]): number {
  for (let i = 2; i < toks.length - 2; i++) {
    if (!isOpener(toks[i]!) || !OF_WORDS.has(lower(toks[i + 1]!))) continue;
    const prev = toks[i - 1]!;
    if (!prev.cap || OF_WORDS.has(lower(prev))) continue;
    const head = toks.slice(0, i);
    // an author's name with an initial ("Suilen H. Alvarado"), or a body that opens the same way
    const author =
      head.length <= 4 &&
      head.some((t) => /^\p{Lu}\.$/u.test(t.text)) &&
      head.every((t) => t.cap && !OF_WORDS.has(lower(t)));
    const body = isOpener(head[0]!) && OF_WORDS.has(lower(head[1]!));
    if (author || body) return i;
  }
  return 0;
}

// "Isfahan Shahid Beheshti (IATA: IFN)": a name before an airport's code in brackets is the airport's, whatever its words
// are (an airport is often named after a person), as travel guides give it
// (an airport's IATA code has three letters and its ICAO code four; an airline's have two and three: "Air Kessby (IATA:
// KB)" is a firm)
const AIRPORT_CODE_AFTER =
  /^[ \t]*\([ \t]*(?:IATA(?:[ \t]+code)?[ \t]*[:=]?[ \t]*[A-Z]{3}|ICAO(?:[ \t]+code)?[ \t]*[:=]?[ \t]*[A-Z]{4})\b/;
function refineSegment(seg: Segment, text: string, lowerWords: Set<string>): Segment[] {
  let toks = seg.tokens;
  // "By: /s/ Rhea Lomond Rhea Lomond, Director": a run made of the same name twice is that name written twice, as a
  // signature block gives the signature and then the printed name
  const half = toks.length / 2;
  if (
    toks.length >= 4 &&
    Number.isInteger(half) &&
    toks.slice(0, half).every((t, k) => t.cap && t.text === toks[half + k]!.text)
  ) {
    return [
      ...refineSegment({ ...seg, tokens: toks.slice(0, half) }, text, lowerWords),
      ...refineSegment({ ...seg, tokens: toks.slice(half) }, text, lowerWords),
    ];
  }
  // "Suilen H. Alvarado Laboratorio de Informática Campus de Elviña": a given name, a middle initial and a surname open
  // a person's name, which ends at the surname where more words follow on the line without a head word to close them
  // into an institution named after the person ("John F. Kennedy Space Center", "Harry S. Truman Library"), as an
  // author's line runs on into the affiliation
  if (
    toks.length >= 5 &&
    /^\p{Lu}\.$/u.test(toks[1]!.text) &&
    NAME_WORD.test(toks[0]!.text) &&
    NAME_WORD.test(toks[2]!.text) &&
    toks[3]!.cap &&
    !toks
      .slice(3)
      .some((t) => ORG_HEADS.has(lower(t)) || PLACE_HEADS.has(lower(t)) || OTHER_NAME_HEADS.has(lower(t))) &&
    // (where a body's opener and its "of" start the rest, affiliationOpenerAt splits it into names of their own)
    affiliationOpenerAt(toks) === 0
  ) {
    // (the rest, an affiliation's words run together, is left to no kind: "Laboratorio de Informática Campus de Elviña"
    // names a laboratory and a campus at once)
    return [{ tokens: toks.slice(0, 3), afterTitle: seg.afterTitle }];
  }
  // "Mystery Plays, Christmas St Nicholas' Fair": a feast before a saint or a ruler dates what follows and is no part of
  // the name ("Christmas Island", "Easter Island" go on with a place head, not a title)
  if (
    toks.length >= 3 &&
    /^(?:christmas|easter|whitsun|halloween|thanksgiving|advent|lent)$/.test(lower(toks[0]!)) &&
    /^(?:st\.?|saint|king|queen|prince|princess|lord|lady|father|mother)$/.test(lower(toks[1]!))
  )
    toks = toks.slice(1);
  // "17th Century Zurbarán paintings", "the Nineteenth Century Turner watercolours": a century named by its ordinal
  // dates what follows and is no part of the name
  if (
    toks.length >= 2 &&
    /^centur(?:y|ies)$/.test(lower(toks[0]!)) &&
    toks[1]!.cap &&
    /(?:\d(?:st|nd|rd|th)|\b(?:first|second|third|\p{L}+th|\p{L}+-first|\p{L}+-second|\p{L}+-third))[ \t]+$/iu.test(
      text.slice(Math.max(0, toks[0]!.start - 16), toks[0]!.start),
    )
  )
    return refineSegment({ tokens: toks.slice(1), afterTitle: false }, text, lowerWords);
  if (givenNamePlace(toks, lowerWords)) return [seg];
  // "Suilen H. Alvarado Laboratorio de Bases de Datos Campus de Elviña": an affiliation block runs an author's name, a
  // body and a campus together without punctuation; a body's or a campus's opening word with its "of" ("Laboratorio
  // de", "Department of", "Campus de") after a name with an initial, or after another such body, starts a name of its
  // own
  const opener = affiliationOpenerAt(toks);
  if (opener > 0) {
    return [
      ...refineSegment({ tokens: toks.slice(0, opener), afterTitle: seg.afterTitle }, text, lowerWords),
      ...refineSegment({ tokens: toks.slice(opener), afterTitle: false }, text, lowerWords),
    ];
  }
  // "Chair of the National Space Council", "President of the Royal Society": an office named with the body it heads is
  // a role, no name, and the body is the name in it (as "Secretary of State" alone is no name)
  // ("Vice-Chancellor of Harlow University", "Director-General of the Harlow Trust": an office written as one
  // hyphenated title word is one of these when a part of it is)
  const role = lower(toks[0]!);
  if (
    toks.length >= 3 &&
    (BODY_ROLES.has(role) || (TITLE_WORDS.has(role) && role.split('-').some((p) => BODY_ROLES.has(p)))) &&
    lower(toks[1]!) === 'of'
  ) {
    const body = toks.slice(lower(toks[2]!) === 'the' ? 3 : 2);
    if (body.length && body[0]!.cap && hasOrgHead(body))
      return refineSegment({ tokens: body, afterTitle: false }, text, lowerWords);
  }
  // "east to Tempe & Mesa": two towns joined by "&" after a spatial preposition are two places, as travel guides list
  // them (a firm's name after it, "to Marks & Spencer", does not join two towns)
  if (
    toks.length === 3 &&
    toks[1]!.text === '&' &&
    [toks[0]!, toks[2]!].every((t) => isPlaceName(t.text) || isListedTown(t.text)) &&
    SPATIAL_BEFORE.test(text.slice(Math.max(0, toks[0]!.start - 12), toks[0]!.start))
  ) {
    return [
      { tokens: [toks[0]!], afterTitle: false },
      { tokens: [toks[2]!], afterTitle: false },
    ];
  }
  // "along N 44th St & Tatum": a street and the street it crosses, as directions name a corner
  const amp = toks.findIndex((t) => t.text === '&');
  if (amp > 1 && amp < toks.length - 1 && isStreetHead(toks[amp - 1]!)) {
    return [
      { tokens: toks.slice(0, amp), afterTitle: false },
      { tokens: toks.slice(amp + 1), afterTitle: false },
    ];
  }
  // "Southern Senegal", "Western Sydney": a compass adjective before a known place names a part of it (see typeRun), so it
  // is not taken off as a demonym would be
  const compassPlace =
    (toks.length > 1 &&
      /^(?:northern|southern|eastern|western)$/.test(lower(toks[0]!)) &&
      isPlaceName(spanText(text, toks.slice(1)))) ||
    // "the American Southwest": a nationality before a compass region names that country's part (see typeRun)
    compassRegion(toks, text) ||
    nationsLand(toks, text);
  const team = nationsTeam(toks, text);
  if (
    !compassPlace &&
    !team &&
    !namesWater(toks) &&
    !demonymState(toks) &&
    !demonymStates(toks, text) &&
    !hasOrgHead(toks) &&
    bodyPurposeAt(toks) < 0 &&
    !isPlaceName(spanText(text, toks))
  ) {
    while (toks.length && isDemonym(toks[0]!.text)) toks = trimConnectors(toks.slice(1));
  }
  if (!toks.length) return [];
  if (toks.length === 1 && isDemonym(toks[0]!.text) && !team) return [];
  // "Transforming Kenya: Pathways to Devolution", "“Building Portugal”": a verb capitalised in a title (quoted, or before
  // its subtitle's colon) before a known place or body is what is done to it, no part of its name ("Transport Norway",
  // "Shipping Norway" are bodies named by their trade)
  if (
    toks.length >= 2 &&
    toks[1]!.cap &&
    lexiconTags(lower(toks[0]!)).every((t) => t === 'Gerund') &&
    lexiconTags(lower(toks[0]!)).length > 0 &&
    (/^[ \t]*:/.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 2)) ||
      /["“‘][ \t]*$/.test(text.slice(Math.max(0, toks[0]!.start - 2), toks[0]!.start))) &&
    !isPlaceName(toks[0]!.text) &&
    !isPlaceName(spanText(text, toks)) &&
    (isPlaceName(spanText(text, toks.slice(1))) || (toks.length === 2 && isKnownOrganisation(toks[1]!.text)))
  )
    toks = toks.slice(1);
  // "Refugee Council Enver Solomon": an organisation name directly followed by a person's name
  // (the words after the head must all be capitalised: only those after the segment's last lower-case word can be)
  let lastLower = -1;
  for (let n = 0; n < toks.length; n++) if (!toks[n]!.cap) lastLower = n;
  for (let n = Math.max(1, lastLower + 1); n < toks.length - 1; n++) {
    if (!ORG_HEADS.has(lower(toks[n - 1]!))) continue;
    // (a given name no list holds too, where the words after the head are two or three that can only be names: "CEO of
    // the Refugee Council Enver Solomon told Sky News")
    const plainName =
      toks.length - n >= 2 &&
      toks.length - n <= 3 &&
      toks
        .slice(n)
        .every((t) => isSurnameLike(t) && t.text.length >= 3 && !lowerWords.has(lower(t)) && !isPlaceName(t.text));
    if (isKnownFirstName(toks[n]!.text) || plainName) {
      return [
        { tokens: toks.slice(0, n), afterTitle: false },
        { tokens: toks.slice(n), afterTitle: true },
      ];
    }
  }
  const lastL = lower(toks[toks.length - 1]!);
  // ("Papua New Guinea" is a place as a whole, no town "Papua" before a name)
  if (
    toks.length >= 3 &&
    !ORG_HEADS.has(lastL) &&
    !PLACE_HEADS.has(lastL) &&
    !isPlaceName(spanText(text, toks)) &&
    !AIRPORT_CODE_AFTER.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 24))
  ) {
    // "United States Hamdullah Mohib": longest leading place name, then a name (no longer than a place name can be)
    for (let n = Math.min(toks.length - 2, LONGEST_PLACE_WORDS); n >= 1; n--) {
      const head = toks.slice(0, n);
      const nextL = lower(toks[n]!);
      // "U.S. Department of Agriculture", "Massachusetts Institute of Technology" are one name
      // "Boston Red Sox", "Tampa Bay Rays": a place and a plural nickname are a team; a person's name is not a plural
      const lastWord = toks[toks.length - 1]!;
      const team = !isKnownFirstName(toks[n]!.text) && !lastWord.allCaps && isPluralNoun(lastWord.text);
      // (or an organisation head further on: "Cleveland State University Vikings")
      const restIsOrg =
        ORG_HEADS.has(nextL) ||
        ORG_OPENERS.has(nextL) ||
        toks.slice(n).some((t) => !t.cap || ORG_HEADS.has(lower(t))) ||
        team;
      // (not where the place goes on: "San Francisco Bulletin" holds "San Francisco", not the town San)
      const placeGoesOn = isPlaceName(spanText(text, toks.slice(0, n + 1)));
      // (nor where the rest holds a work's or an event's head word: "the Guangzhou Opera House" is a building, and
      // "Opera House" no person)
      // (and a person's name opens with a word that can be a name, not an English one: "Papua New Guinea" and "the
      // Edinburgh Evening Courant" go on as a country's and a newspaper's names)
      const restIsName =
        !toks.slice(n).some((t) => OTHER_NAME_HEADS.has(lower(t))) &&
        (!isCommonWord(toks[n]!, lowerWords) || isKnownFirstName(toks[n]!.text));
      if (isPlaceName(spanText(text, head)) && toks[n]!.cap && !restIsOrg && !placeGoesOn && restIsName) {
        const rest = trimConnectors(toks.slice(n));
        // ("the Kenya ICT Master Plan": an acronym among words in lower-case letters names a thing after the place; a
        // person's name holds no acronym, and one written in capitals is capitals throughout)
        // ("the Iran Nuclear Deal": nor is a rest that opens with an English word, "Nuclear Deal", a person's name)
        const thing =
          (rest.some((t) => /^\p{Lu}{2,}$/u.test(t.text)) && rest.some((t) => !t.allCaps)) ||
          (rest.length > 0 && !isKnownFirstName(rest[0]!.text) && ordinaryWord(rest[0]!.text, lowerWords));
        return [{ tokens: head, afterTitle: false }, ...(rest.length ? [{ tokens: rest, afterTitle: !thing }] : [])];
      }
    }
  }
  return [{ tokens: toks, afterTitle: seg.afterTitle }];
}

const PLACE_PARTICLE_COMPOUND =
  /^\p{Lu}[\p{L}'’]+(?:-\p{Lu}[\p{L}'’]+)*-(?:la|le|les|lès|sur|sous|en|upon|on|under|am|an|im|bei)-\p{Lu}/u;

// "the Pacific Northwest", "the American Southwest", "the Midwest": a compass point written as one capitalised noun is a
// region, named after a place or a nationality or alone after "the" (not "flew Southwest", the airline)
// ("the North", "the South", "the West": a cardinal point alone after "the", capitalised, is a region too, as histories
// write the two sides of a war or a country's parts; in lower case it is a direction)
const COMPASS_REGIONS = new Set(['northwest', 'northeast', 'southwest', 'southeast', 'midwest']);
const CARDINAL_POINTS = new Set(['north', 'south', 'east', 'west']);
function compassRegion(toks: Token[], text: string): boolean {
  const last = lower(toks[toks.length - 1]!);
  if (toks.length === 1 && CARDINAL_POINTS.has(last) && !toks[0]!.sentStart)
    return /\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start));
  if (!COMPASS_REGIONS.has(last)) return false;
  if (toks.length === 1) return /\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start));
  const before = spanText(text, toks.slice(0, -1));
  return isPlaceName(before) || (toks.length === 2 && isDemonym(before));
}

// "Antwerp, at that time in the Spanish Netherlands", "the Austrian Netherlands": a nationality before a known place,
// after "the", names the land that nation held or the part of it named after it, a place of its own
function nationsLand(toks: Token[], text: string): boolean {
  return (
    toks.length >= 2 &&
    toks.length <= 3 &&
    isDemonym(toks[0]!.text) &&
    isPlaceName(spanText(text, toks.slice(1))) &&
    /\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start))
  );
}

/** Whether compromise's lexicon reads a word as an ordinary word too, not only as a name ("Hurt", "Will", "Bill"). */
function alsoEnglishWord(word: string): boolean {
  return lexiconTags(word.toLowerCase()).some((t) => !/Name|Person|Place|City|Country|Region/.test(t));
}

/** "school", "Fri": a word the article writes in lower case, or one the lexicon reads as something other than a name. */
function ordinaryWord(word: string, lowerWords: Set<string>): boolean {
  return lowerWords.has(word.toLowerCase()) || alsoEnglishWord(word);
}

function hasTag(tags: TagLookup, toks: Token[], re: RegExp): boolean {
  return toks.some((t) => (tags.get(t.start) ?? []).some((x) => re.test(x)));
}

/** "Rays", "Giants", "Sox": the plural of an English noun (the lexicon knows its singular). */
function isPluralNoun(word: string): boolean {
  const l = word.toLowerCase();
  if (l === 'sox') return true;
  if (!/[^s]s$/.test(l) || l.length < 4) return false;
  const sing = l.endsWith('ies') ? `${l.slice(0, -3)}y` : l.slice(0, -1);
  const tags = lexiconTags(sing);
  return tags.length > 0 && !tags.some((t) => /Name|Place|Demonym/.test(t));
}

/** A word that is ordinary English, so a run made only of these is a phrase, not a name. */
function isCommonWord(t: Token, lowerWords: Set<string>): boolean {
  if (t.allCaps) return false;
  const l = lower(t);
  if (lowerWords.has(l)) return true;
  const lex = lexiconTags(l);
  return lex.length > 0 && !lex.some((x) => /Name|Place|City|Country|Region|Organization|Person/.test(x));
}

// British and Irish road numbers (A, B and M roads, "A1(M)", "A1M") and US interstates ("I-95")
const ROAD_NUMBER = /^(?:[ABM]\d{1,4}M?|I-\d{1,3})$/;
const ROAD_WORDS =
  /\b(?:junctions?|(?:north|south|east|west)bound|motorways?|roads?|ring[ \t]+road|interstate|highways?|exits?|carriageway|lanes?|traffic|bypass|roundabout)\b/i;
/**
 * A road number after "the" (or "via", "off", "onto", or in brackets after a road's name: "Ring Road (A1237)") where the
 * article writes of roads: words about roads in its sentence, or in the sentence of another road number in the
 * article (one sense per article: "the A59 and the M62 provide connections" after "the M1 northbound").
 */
function isRoadMention(text: string, t: Token): boolean {
  if (!/(?:\b(?:the|via|off|onto)[ \t]+|\()$/i.test(text.slice(Math.max(0, t.start - 6), t.start))) return false;
  return inRoadSentence(text, t.start, t.end) || articleWritesOfRoads(text);
}

function inRoadSentence(text: string, start: number, end: number): boolean {
  return ROAD_WORDS.test(sentenceOf(text, start, end));
}

/** The sentence around text[start, end): from the last ". " or line end before it to the next ". ". */
function sentenceOf(text: string, start: number, end: number): string {
  const from = Math.max(text.lastIndexOf('. ', start), text.lastIndexOf('\n', start), 0);
  const dot = text.indexOf('. ', end);
  return text.slice(from, dot < 0 ? text.length : dot);
}

const ROAD_NUMBERS_IN_TEXT = /(?<=\b(?:the|via|off|onto)[ \t]+|\()(?:[ABM]\d{1,4}M?|I-\d{1,3})\b/g;
const articleWritesOfRoads = perArticle((text) => {
  for (const m of text.matchAll(ROAD_NUMBERS_IN_TEXT))
    if (inRoadSentence(text, m.index, m.index + m[0].length)) return true;
  return false;
});

// ", Ontario in", ", Texas.": a comma, a known place of up to three words, then punctuation or a lower-case word
const REGION_AFTER = /^,[ \t]+(\p{Lu}[\p{L}.'’-]*(?:[ \t]\p{Lu}[\p{L}.'’-]*){0,2})(?=[ \t]*[,.;:)]|[ \t]+(\p{Ll}+))/u;

/**
 * "Irving, Texas", "Kanata, Ontario": a name followed by its state, province or country is a town, whatever
 * else the name could be (a given name, an unknown word). Not when a title follows ("Smith, Texas governor").
 */
function isFollowedByItsRegion(text: string, end: number): boolean {
  const m = REGION_AFTER.exec(text.slice(end, end + 60));
  return (
    !!m &&
    (isPlaceName(m[1]!) || US_STATE_ABBREVIATIONS.has(m[1]!)) &&
    !(m[2] && TITLE_WORDS.has(m[2])) &&
    // ("between Sulla and Trump, Rome and the U.S.": a place that opens a pair of names after a comma is the next item of
    // a list, no region; "born in Irving, Texas and raised in Tulsa" goes on with a verb, "in Harnwell, Ohio and Quenby,
    // Texas" with another town and its region)
    !(m[2] && /^(?:and|or)$/.test(m[2]) && opensPair(text, end + m[0].length))
  );
}
const PAIR_GOES_ON = /^[ \t]+(?:and|or)[ \t]+(?:the[ \t]+)?\p{Lu}[\p{L}.'’-]*(?:[ \t]+\p{Lu}[\p{L}.'’-]*)?/u;
function opensPair(text: string, at: number): boolean {
  const p = PAIR_GOES_ON.exec(text.slice(at, at + 60));
  if (!p) return false;
  // (the region may end its sentence: "Quenby, Texas. He ...")
  const region = REGION_AFTER.exec(text.slice(at + p[0].length, at + p[0].length + 60))?.[1]?.replace(/\.[ \t].*$/, '');
  return !region || !(isPlaceName(region.replace(/\.$/, '')) || US_STATE_ABBREVIATIONS.has(region));
}
// "the Paramus, NJ retail corridor", "Teaneck, N.J.", "Tempe, Ariz.": a US state's postal code or its abbreviation in
// news style after a town (not the codes that are also words, degrees or ranks after a name: IN, OR, ME, OK, HI, DE,
// CO, ID, MD, MS, VA, NE, CA, MA, SC, as in "Tom Molomby, SC, said")
/**
 * "San Francisco, Cal.,", "Bloomington, Ind.", "Washington, D.C.": a US state's or district's abbreviation with its
 * point(s) (US_STATE_ABBREVIATIONS, dotted: "Cal" and its point are two tokens, "D.C." one) right after a capitalised
 * word and a comma is where that town lies, as datelines and addresses write it, whatever else the word could be (a
 * given name, "Cal"; a word, "Miss"; a firm to compromise, "DC"); the town may open a line, as a dateline does
 * ("...\n\nWashington, D.C. – The Speaker said").
 */
function stateAfterTown(text: string, t: Token): boolean {
  const abbr = t.text.includes('.') ? t.text : text[t.end] === '.' ? `${t.text}.` : '';
  return (
    US_STATE_ABBREVIATIONS.has(abbr) &&
    // ("Sgt. Harlan Vossby, Co. B, 4th Infantry": "Co." before a letter or a number is a military company)
    !(abbr === 'Co.' && /^\.?[ \t]+(?:\p{Lu}|\d+)(?![\p{L}\p{N}])/u.test(text.slice(t.end, t.end + 8))) &&
    /(?:^|\s)\p{Lu}[\p{L}.'’-]*,[ \t]+$/u.test(text.slice(Math.max(0, t.start - 24), t.start))
  );
}
const US_STATE_ABBREVIATIONS = new Set(
  (
    'AL AK AZ AR CT DC FL GA IL IA KS KY LA MI MN MO MT NV NH NJ NM NY NC ND OH PA RI SD TN TX UT VT WA WV WI ' +
    'WY Ala. Ariz. Ark. Cal. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss. Mo. Mont. ' +
    // ("Boulder, Co.": Colorado's informal abbreviation; without it the firm's "Co." stood alone as a body)
    'Co. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Vt. Va. Wash. W.Va. Wis. Wyo. D.C.'
  ).split(' '),
);

const EMAIL_AFTER = /^[ \t]+([\p{L}\p{N}._%+-]+)@[\p{L}\p{N}-]+\./u;
function ownEmailAfter(text: string, words: Token[]): boolean {
  const m = EMAIL_AFTER.exec(text.slice(words[words.length - 1]!.end, words[words.length - 1]!.end + 80));
  if (!m) return false;
  const local = m[1]!.toLowerCase();
  const fold = (w: Token) => w.text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return local.includes(fold(words[words.length - 1]!)) || local.includes(fold(words[0]!));
}

/** "chathams" from "Chatham Islands": the regular plural of the first word of a group of islands or mountains. */
const groupShortForms = perArticle((text) => {
  const forms = new Set<string>();
  for (const m of text.matchAll(/\b(\p{Lu}\p{Ll}+)[ \t]+(?:Islands|Isles|Mountains|Hills|Keys)\b/gu)) {
    forms.add(`${m[1]!.toLowerCase()}s`);
  }
  return forms;
});

const EDITION_YEAR_AFTER = /^[ \t]+(?:19|20)\d\d(?![\d,.;:–-]?\d)/;
const LABEL_BEFORE =
  /\b(?:nickname|moniker|sobriquet|slogan|motto)(?:[ \t]+(?:is|was|became)(?:[ \t]+now)?)?,?[ \t]+(?:the[ \t]+)?["“‘]?(?:\p{Lu}[\p{L}'’-]*[ \t]+){0,2}$/u;
// nouns that introduce a work by its title ("the film", "her graphic novel", "2003's comedy"); not "play" or "single",
// as often verbs or adjectives, and "book" not after a word that makes it a verb ("to book", "you can book")
const WORK_NOUN =
  '(?:films?|movies?|novels?|books?|songs?|albums?|paintings?|thrillers?|comed(?:y|ies)|sitcoms?|documentar(?:y|ies)|poems?|operas?|musicals?|episodes?)';
// ("the film Titanic (1997)": a noun for a work right before a name with a year makes it the work's title)
const WORK_NOUN_BEFORE = new RegExp(String.raw`\b${WORK_NOUN}[ \t]+$`, 'i');
const TITLE_WORDS_RE = String.raw`\p{Lu}[\p{L}'’-]*(?:[ \t]+(?:(?:of|the|a|an)[ \t]+)*\p{Lu}[\p{L}'’-]*)*`;
const WORK_TITLE = new RegExp(
  String.raw`\b(?<!(?:to|can|could|will|would|you|we|they|and|or|please|must|should)[ \t]+)${WORK_NOUN}(?:[ \t]+|,[ \t]+(?=["“]))["“]?(${TITLE_WORDS_RE})((?:["”]?(?:,[ \t]+|,?[ \t]+and[ \t]+)["“]?${TITLE_WORDS_RE})*)`,
  'gu',
);
const TITLE_IN_LIST = new RegExp(String.raw`(?:,[ \t]+|,?[ \t]+and[ \t]+)["“]?(${TITLE_WORDS_RE})`, 'gu');
/**
 * Titles of works that a noun for the work introduces ("the thriller Flight of the Phoenix", "the films New York Minute
 * and House of Wax"), two or more capitalised words each; a plural noun introduces a list of them. Read once per
 * article; the title is then a work wherever it stands again ("in House of Wax as Wade").
 */
const workTitles = perArticle((text): { ranges: [number, number][]; titles: Set<string> } => {
  const ranges: [number, number][] = [];
  const titles = new Set<string>();
  const add = (title: string, at: number) => {
    if ((title.match(/(?:^|[ \t])\p{Lu}/gu) ?? []).length < 2) {
      // (one word in quotes is a title there too, "the song \"Stephen\"", but the word alone elsewhere may be the
      // person the work is named after)
      if (/["“]$/.test(text.slice(at - 1, at)) && /^["”]/.test(text.slice(at + title.length)))
        ranges.push([at, at + title.length]);
      return;
    }
    ranges.push([at, at + title.length]);
    titles.add(normaliseName(title));
  };
  for (const m of text.matchAll(WORK_TITLE)) {
    const first = m[1]!;
    add(first, m.index! + m[0].length - m[2]!.length - first.length);
    if (!m[2] || !/s[ \t,]/.test(m[0].slice(0, m[0].indexOf(first)))) continue;
    const base = m.index! + m[0].length - m[2].length;
    for (const l of m[2].matchAll(TITLE_IN_LIST)) add(l[1]!, base + l.index! + l[0].length - l[1]!.length);
  }
  return { ranges, titles };
});
function inWorkTitle(toks: Token[], text: string): boolean {
  const { ranges, titles } = workTitles(text);
  if (!ranges.length) return false;
  const start = toks[0]!.start;
  const end = toks[toks.length - 1]!.end;
  // (the ranges come in the order of the text: the last one opening at or before the run is the one that can hold it)
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid]![0] <= start) lo = mid;
    else hi = mid - 1;
  }
  const [s, e] = ranges[lo]!;
  return (start >= s && end <= e) || titles.has(normaliseName(spanText(text, toks)));
}

// a numbered part of a text ("Theorem 3", "Section 4.2", "Lemma to Proposition 9", "Proposition 5 of Book IV"), a colon
// and its title in title case: capitalised words joined by at most two short lower-case words ("Sum of Two Squares is
// Even", "Rivers of the North"); the title ends at the first other lower-case word or punctuation
const PART_WORD =
  '(?:Proposition|Theorem|Lemma|Corollary|Porism|Definition|Axiom|Postulate|Chapter|Section|Part|Book|Appendix|Exercise|Problem)';
const PART_NUMBER = String.raw`(?:\d+(?:\.\d+)*|[IVXLC]+)\b`;
const TITLE_LINK = '(?:of|and|the|a|an|in|on|to|for|with|is|are|by|at|from|as|or|into)';
const PART_TITLE = new RegExp(
  String.raw`\b(?:${PART_WORD}[ \t]+to[ \t]+)?${PART_WORD}[ \t]+${PART_NUMBER}(?:[ \t]+of[ \t]+${PART_WORD}[ \t]+${PART_NUMBER})?:[ \t]+(\p{Lu}[\p{L}\p{N}'’-]*(?:[ \t]+(?:${TITLE_LINK}[ \t]+){0,2}\p{Lu}[\p{L}\p{N}'’-]*)*)`,
  'gu',
);
/** Where the titles of numbered parts of a text stand in the article (see PART_TITLE), read once per article. */
const partTitles = perArticle((text): [number, number][] => {
  const ranges: [number, number][] = [];
  if (!text.includes(':')) return ranges;
  for (const m of text.matchAll(PART_TITLE)) {
    const end = m.index! + m[0].length;
    ranges.push([end - m[1]!.length, end]);
  }
  return ranges;
});
function inPartTitle(toks: Token[], text: string): boolean {
  const start = toks[0]!.start;
  const end = toks[toks.length - 1]!.end;
  return partTitles(text).some(([s, e]) => start >= s && end <= e);
}

// "to view and pay for the listings (together, the "Services")", "from the date below (the "Start Date")": a contract
// names what it defines by a capitalised term in quotes in brackets; after a description of a thing in lower case the
// term is the thing's, no body's name, where after a party's description it stands for the party ("Vell Holdings,
// Inc., a Delaware corporation ("Company")", a body's head word before the bracket)
const DEFINED_TERM =
  /(\p{Ll}+)[ \t]*\((?:(?:together|collectively|each|hereinafter)[ \t]*,?[ \t]*)?(?:the[ \t]+)?["“](\p{Lu}[\p{L}-]*(?:[ \t]+\p{Lu}[\p{L}-]*){0,2})["”]/gu;
// the nouns that describe a party to a contract, besides a body's head words ("a Texas limited partnership
// ("Lender")", "the undersigned individual ("Buyer")")
const PARTY_NOUNS = new Set([
  'firm',
  'partnership',
  'entity',
  'individual',
  'person',
  'party',
  'employer',
  'lender',
  'borrower',
  'buyer',
  'seller',
  'purchaser',
  'vendor',
  'supplier',
  'contractor',
  'licensor',
  'licensee',
  'landlord',
  'tenant',
  'customer',
  'client',
]);
/** The capitalised terms a contract defines for things, read once per article (see DEFINED_TERM). */
const definedThings = perArticle((text): Set<string> => {
  const things = new Set<string>();
  if (!text.includes('("') && !text.includes('(the') && !text.includes('(“')) return things;
  for (const m of text.matchAll(DEFINED_TERM)) {
    if (!ORG_HEADS.has(m[1]!) && !PARTY_NOUNS.has(m[1]!)) things.add(normaliseName(m[2]!));
  }
  return things;
});

/** A run of ordinary words that a lower-case "sea" or "ocean" after it makes a listed sea's name ("Yellow sea"). */
function headedSea(toks: Token[], text: string): boolean {
  const last = toks[toks.length - 1]!;
  const head = /^[ \t]+(sea|ocean)\b/.exec(text.slice(last.end, last.end + 8));
  return !!head && toks.every((t) => t.cap) && isListedGeography(`${spanText(text, toks)} ${head[1]}`);
}
function untypedSpan(tokens: Token[]): Span {
  return { tokens, kind: null, evidence: 0, inTitle: false };
}
function typeSpan(seg: Segment, text: string, tags: TagLookup, lowerWords: Set<string>): Span | null {
  const sp = typeRun(seg, text, tags, lowerWords);
  // "Simon & Schuster", "Marks & Spencer": a name joined by an ampersand is a firm's (cited authors are split apart
  // before this, see citedAuthorPairs), so whatever made it look like a person's does not hold
  if (sp?.kind === 'PERSON' && seg.tokens.some((t) => t.text === '&')) return { ...sp, kind: null, evidence: 0 };
  // "Lindqvist & Sons", "Harrow & Brothers": a family firm names its owners' kin after the ampersand
  const n = seg.tokens.length;
  if (
    n >= 3 &&
    seg.tokens[n - 2]!.text === '&' &&
    /^(?:sons|brothers|daughters|associates)$/.test(lower(seg.tokens[n - 1]!)) &&
    (sp === null || sp.kind !== 'ORGANIZATION')
  )
    return { tokens: seg.tokens, kind: 'ORGANIZATION', evidence: 3, inTitle: false };
  return sp;
}

// organisation heads that name things as often as bodies (see typeRun)
const THING_HEADS = new Set(['systems', 'technologies', 'software', 'network', 'networks']);

const STORM_OPENERS = /^(?:hurricane|typhoon|cyclone|storm|superstorm|tropical)$/;
/**
 * "Hurricane Rita ... Rita packed winds of 240 km/h", "Last month, Katrina devastated refineries": once an article names
 * a storm, its name alone is the storm again, no person (one sense per article).
 */
function markStormNames(spans: Span[], text: string): void {
  const storms = new Set<string>();
  for (const sp of spans) {
    const t = sp.tokens;
    if (sp.other && t.length >= 2 && STORM_OPENERS.test(lower(t[0]!))) storms.add(spanText(text, t.slice(-1)));
  }
  if (!storms.size) return;
  for (const sp of spans) {
    if (sp.tokens.length !== 1 || sp.other || !storms.has(sp.tokens[0]!.text)) continue;
    sp.kind = null;
    sp.other = true;
  }
}

const CAST_AS_BEFORE =
  /\b(?:cast|appear(?:s|ed|ing)?|star(?:s|red|ring)?|co-star(?:s|red|ring)?|guest[- ]star(?:s|red|ring)?)[ \t]+as[ \t]+$/i;

// events held somewhere, often named after where: not prizes, cups or laws, which are as often named after people
// ("the Stirling Prize", "the Davis Cup")
const HELD_EVENT_HEADS = new Set([
  'festival',
  'games',
  'olympics',
  'paralympics',
  'olympiad',
  'expo',
  'fair',
  'marathon',
  'open',
  'championship',
  'championships',
  'tournament',
  'war',
  // and what happened there ("the Suez Crisis", "the Boston Massacre", "the Warsaw Uprising")
  'crisis',
  'massacre',
  'uprising',
  'lectures',
  // and the place whose plan or programme it is ("the Kenya Vision 2030", "the Kenya ICT Master Plan")
  'plan',
  'vision',
  'agenda',
  'strategy',
]);

/**
 * "the Cannes Film Festival", "the 33rd Berlin International Film Festival", "the Tokyo Olympics": a place that opens
 * an event's or a prize's name is where it is held or who awards it, and the text names that place; the rest stays
 * the event's name, which is not output. Only a listed place of one or more whole words before the head ("World
 * Championships" opens with no place).
 */
function splitEventPlace(sp: Span, text: string, lowerWords: Set<string>): Span[] {
  const toks = sp.tokens;
  if (!sp.other || toks.length < 2 || !toks.every((t) => t.cap || CONNECTORS.has(lower(t)))) return [sp];
  // (and a prize of an event held somewhere: "the Cannes Film Festival Award for Best Actress")
  // (and a work's title opening with a place: "the comedy New York Minute", as the event's does)
  const held =
    sp.work ||
    HELD_EVENT_HEADS.has(lower(toks[toks.length - 1]!)) ||
    (AWARDED_HEADS.has(lower(toks[toks.length - 1]!)) && toks.some((t) => /^festival$/.test(lower(t))));
  for (let n = held ? Math.min(toks.length - 1, LONGEST_PLACE_WORDS) : 0; n >= 1; n--) {
    const place = spanText(text, toks.slice(0, n));
    // ("the Rugby Championship", "the last Olympic Games": a town's name that is also a sport or an adjective names
    // the sport or describes the games, no venue; the towns list holds Rugby and Olympic too)
    const sportOrAdjective = n === 1 && (SPORTS.has(lower(toks[0]!)) || /(?:ic|ian|ean)$/.test(lower(toks[0]!)));
    if (!toks[n - 1]!.cap || !(isPlaceName(place) || (isListedTown(place) && !sportOrAdjective))) continue;
    // (a work's title that opens with a given name is named after a person, not a place: "the novel Anna Karsten")
    if (sp.work && isKnownFirstName(toks[0]!.text)) break;
    return [
      { tokens: toks.slice(0, n), kind: 'PLACE', evidence: 2, inTitle: sp.inTitle },
      { ...sp, tokens: toks.slice(n) },
    ];
  }
  // "the 2022 FIFA World Cup", "the BAFTA Award for Best Actress", "the 2009 Major League Baseball Draft": a body that
  // opens the name of a contest or a prize is who holds or gives it (not a law named by its acronym: "the HEROES Act")
  // (and a body known by its one word opening an edition or a work: "YouTube Rewind 2013" -> YouTube)
  const n = AWARDED_HEADS.has(lower(toks[toks.length - 1]!))
    ? leagueOpening(toks)
    : sp.work && toks.length > 1 && isKnownOrganisation(toks[0]!.text)
      ? 1
      : 0;
  if (n) {
    return [
      { tokens: toks.slice(0, n), kind: 'ORGANIZATION', evidence: 2, inTitle: sp.inTitle },
      { ...sp, tokens: toks.slice(n) },
    ];
  }
  // "the Velder Prize", "the Orlakis Architecture Prize", "the Brannock Medal": a prize or a medal opened by one word
  // that can only be a name is named after a person, its eponym (prizes, medals and trophies honour their founders and
  // the great of a field), and that word is a mention of them; the prize stays no name we output (a place, a body or a
  // people opening it is its host or giver: "the Stockholm Prize", "the FIFA World Cup", "the Brit Awards")
  // (the prize's head may come second or third, its field between, and its category after it: "the Orlakis Award for
  // Best Actress")
  // (or a given name and a surname open it: "the Ada Kessler Space Telescope")
  const m = toks.length > 2 && isListedGivenName(toks[0]!.text) && isSurnameLike(toks[1]!) ? 2 : 1;
  const head = toks.findIndex((t, i) => i >= m && i <= m + 1 && EPONYM_HEADS.has(lower(t)));
  if (
    // (a given name and a surname only: a lone word is as often a firm's, a place's or a coinage as a surname, "the
    // Booker Prize", "the Grammy Award", "the Nobel Prize", and news names such prizes far more than their eponyms)
    m === 2 &&
    head > 0 &&
    toks.slice(0, m).every(isSurnameLike) &&
    !toks[0]!.sentStart &&
    !lowerWords.has(lower(toks[0]!)) &&
    !isListedTown(toks[0]!.text) &&
    !isKnownOrganisation(toks[0]!.text) &&
    !isListedOrganisation(toks[0]!.text) &&
    toks.slice(m, head).every((t) => t.cap && lowerWords.has(lower(t)))
  ) {
    return [
      { tokens: toks.slice(0, m), kind: 'PERSON', evidence: 1, inTitle: sp.inTitle },
      { ...sp, tokens: toks.slice(m) },
    ];
  }
  return [sp];
}
const EPONYM_HEADS = new Set(['prize', 'award', 'medal', 'trophy', 'telescope']);

// the heads of contests and prizes that a body holds or awards
const AWARDED_HEADS = new Set([
  'cup',
  'games',
  'championship',
  'championships',
  'tournament',
  'open',
  'award',
  'awards',
  'prize',
  'prizes',
  'medal',
  'trophy',
  'draft',
  'game',
  // and a register a body keeps ("the UNESCO World Heritage List")
  'list',
]);
const LEAGUE_WORDS = new Set(['league', 'conference', 'association', 'federation']);
const SPORTS = new Set([
  'baseball',
  'football',
  'soccer',
  'basketball',
  'hockey',
  'rugby',
  'cricket',
  'lacrosse',
  'tennis',
  'golf',
  'polo',
  'netball',
  'volleyball',
  'handball',
  'softball',
  'athletics',
  'cycling',
  'rowing',
  'boxing',
  'snooker',
  'darts',
]);
/**
 * How many words open a run with a body's name before what follows: an acronym of three to six capitals ("FIFA",
 * "BAFTA", "NCAA"), or capitalised words up to "League", "Conference", "Association" or "Federation" and the sport a
 * league plays ("Eastern League", "Major League Baseball"); 0 if none.
 */
function leagueOpening(toks: Token[]): number {
  if (toks.length > 1 && /^[A-Z]{3,6}$/.test(toks[0]!.text) && !isStop(toks[0]!)) return 1;
  // (the words up to the league word are all capitalised: the loop stops at the first that is not)
  for (let n = 1; n < toks.length && toks[n - 1]!.cap; n++) {
    if (n < 2 || !LEAGUE_WORDS.has(lower(toks[n - 1]!))) continue;
    return SPORTS.has(lower(toks[n]!)) && n + 1 < toks.length ? n + 1 : n;
  }
  return 0;
}

const FOREIGN_BODY_OPENERS = new Set([
  'universidad',
  'universidade',
  'università',
  'université',
  'universität',
  'universitat',
  'universiteit',
  'uniwersytet',
  'instituto',
  'istituto',
  'institut',
  'laboratorio',
  'laboratoire',
  'conservatoire',
  'conservatorio',
  'académie',
  'accademia',
  'escuela',
  'école',
  'scuola',
  'hochschule',
  'banco',
  'banque',
  'partido',
  'partito',
  'ministerio',
  'ministère',
  'ministero',
  'consejo',
  'conseil',
  'fundación',
  'fondation',
  'fondazione',
  'stiftung',
  'sociedad',
  'société',
  'società',
]);
const TRADE_HEADS = new Set(['sports', 'tours', 'freight', 'freighters', 'shipping', 'logistics', 'cruises']);

const CURRENCY_CODES = new Set(
  'usd eur gbp jpy cny rmb mxn cad aud nzd chf sek nok dkk isk inr rub brl zar try krw hkd sgd thb idr php myr vnd pln czk huf ils aed sar egp ngn kes ars clp cop pen uah'.split(
    ' ',
  ),
);
// (and the two-letter forms of listings: "Tu-Su 10AM-5PM")
const DAY = '(?:Mon?|Tue?|Tues|We|Wed|Thu?|Thur|Thurs|Fr|Fri|Sat?|Sun?)';
const DAY_RANGE = new RegExp(`^${DAY}[-–]${DAY}$`);
/**
 * Words that are no names whatever the lists say: a currency's code beside an amount ("250 MXN", "US$ 20,000") and a
 * range of days in opening hours ("Mon-Fri 08:30 am").
 */
function isNoNameWord(t: Token, text: string): boolean {
  if (DAY_RANGE.test(t.text)) return true;
  if (/^(?:US|U\.S\.)$/.test(t.text) && text[t.end] === '$') return true;
  return (
    CURRENCY_CODES.has(t.text.toLowerCase()) &&
    t.allCaps &&
    (/\d[ \t]*$/.test(text.slice(Math.max(0, t.start - 3), t.start)) || /^[ \t]*\d/.test(text.slice(t.end, t.end + 3)))
  );
}
// "KELLAND, J., delivered the opinion of the Court", "ORME, C.J., and VASS, TULLY, and NEAL, JJ., joined": law
// reports name a judge by the surname and a comma before the office's letters (J. for a Justice or Judge, C.J. the
// Chief Justice, L.J. a Lord Justice, JJ. and L.JJ. several), one surname after another in a list that the plural
// letters close; a court's name ("the Court of Appeals, J. Kelland presiding") has no comma and letters right after it
const JUDGE_NAME = String.raw`\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?`;
const JUDGE_AFTER = new RegExp(
  String.raw`^(?:,[ \t]+(?:C\.[ \t]?J|L\.[ \t]?JJ?|JJ?)\.|(?:(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)${JUDGE_NAME})+,[ \t]+(?:L\.[ \t]?)?JJ\.)(?=[,;:)\s]|$)`,
  'u',
);
// a firm's legal form after a comma ("Harrowgate Lending, Inc.", "Vell Holdings, L.P."); not "Co.", which is
// also Colorado's abbreviation after a town ("Boulder, Co.")
const LEGAL_FORM_AFTER_COMMA =
  /^,[ \t]+(?:Inc|Ltd|LLC|L\.L\.C|Corp|PLC|LLP|L\.P|GmbH|S\.A|N\.V|B\.V|Pty)\b\.?(?![\p{L}-])/u;
const DEGREE_IN =
  /\b(?:(?:Bachelor|Master|Doctor)(?:['’]s)?(?:[ \t]+of[ \t]+\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)?)?|degree|diploma|doctorate|PhD|Ph\.D\.|BA|BSc|MA|MSc|MBA|majored|major)[ \t]+in[ \t]+$/u;

/** "radiative transfer equation (RTE)": an acronym in brackets right after the lower-case words it abbreviates */
function spelledInLowerCase(text: string, t: Token): boolean {
  const before = /((?:\p{Ll}[\p{Ll}-]*[ \t]+){1,8})\([ \t]*$/u.exec(text.slice(Math.max(0, t.start - 100), t.start));
  if (!before) return false;
  const ws = before[1]!.trim().split(/[ \t]+/);
  const letters = t.text.replace(/\./g, '').toLowerCase();
  return (
    ws.length >= letters.length &&
    ws
      .slice(-letters.length)
      .map((w) => w[0])
      .join('') === letters
  );
}

// "Information and Communication Technology (ICT)": capitalised words, then the acronym of their initials in brackets
const SPELLED_ACRONYM = /((?:\p{Lu}[\p{L}-]*[ \t]+(?:(?:and|of|for|&)[ \t]+)?){2,8})\([ \t]*(\p{Lu}{2,8})[ \t]*\)/gu;
/**
 * Acronyms the article spells out as a field or a practice capitalised for its letters ("Information and Communication
 * Technology (ICT)", "Corporate Social Responsibility (CSR)"): ordinary words with no body's or place's head word, the
 * last an abstract noun. A body spelled out has its head ("World Health Organization", "Federal Bureau of
 * Investigation"). Read once per article; the acronym is then a term at each of its mentions, as in lower case.
 */
const termAcronyms = perArticle((text) => {
  const terms = new Set<string>();
  for (const m of text.matchAll(SPELLED_ACRONYM)) {
    const letters = m[2]!.toLowerCase();
    const ws = m[1]!
      .trim()
      .split(/[ \t]+/)
      .filter((w) => /^\p{Lu}/u.test(w));
    if (ws.length < letters.length) continue;
    const spelled = ws.slice(-letters.length);
    if (spelled.map((w) => w[0]!.toLowerCase()).join('') !== letters) continue;
    const l = (w: string) => w.toLowerCase();
    if (
      COMMON_NOUN_SUFFIX.test(l(spelled[spelled.length - 1]!)) &&
      spelled.every(
        (w) =>
          (ordinaryWord(w, NO_WORDS) || COMMON_NOUN_SUFFIX.test(l(w))) &&
          !isKnownFirstName(w) &&
          !ORG_HEADS.has(l(w)) &&
          !PLACE_HEADS.has(l(w)) &&
          !isPlaceName(w) &&
          !isDemonym(w),
      )
    )
      terms.add(letters);
  }
  return terms;
});

const SHARED_BODY_BEFORE = /\b(?:his|her|their|its|our|my|your|a|an|former|fellow)[ \t]+$/i;
const SHARED_BODY_AFTER = /^[ \t]+(?:teammates?|classmates?|alumn(?:us|a|i|ae))\b/;

// "the \"Year of the River\"", "the Lady of the Lake", "Doctor of the Church": a head noun after a capitalised word, "of"
// and "the" ends a longer name that the run did not join (its first word no body's or place's opener), not the head's
// own short name
// (an office's title there makes the head the body it serves: "the Governor of the Bank", "Speaker of the House")
const OF_THE_NAME_BEFORE =
  /(?<![\p{L}'’-])(?!(?:Governor|Speaker|President|Chair|Chairman|Director|Head|Secretary|Minister|Leader|Member|Members)[ \t])\p{Lu}[\p{L}'’-]*[ \t]+of[ \t]+the[ \t]+$/u;
// "published by Random House", "a deal signed by Hachette": who publishes, prints or buys a book is a firm
const PUBLISHER_BY_BEFORE = /\b(?:published|printed|reissued|acquired|bought|owned)[ \t]+by[ \t]+$/;
// a regnal number: II to XXXIX, and V and X, written in capitals ("I" alone is the pronoun)
const REGNAL_NUMBER = /^(?:X{0,3}(?:IX|IV|V?I{0,3}))$|^X{1,3}$/;
// the numbered divisions of laws, contests and classifications, which the lexicon does not know as nouns ("Title IV",
// "Article III", "Class II", "Division III")
const NUMBERED_DIVISIONS = new Set(['title', 'article', 'amendment', 'clause', 'class', 'division', 'canto', 'psalm']);
// (and only in an article about rulers and their deeds, as a monarch's number is written: "Shrek II broke records",
// "Apollo XI landed" are a sequel and a mission; not a campaign, a royal visit or a battle other than a war's, which
// politics and sport write of daily: "the title battle", "the campaign ... Creed III")
const writesOfRulers = perArticle((text) =>
  /\b(?:[Kk]ings?|[Qq]ueens?|[Pp]haraohs?|[Ee]mperors?|[Ee]mpress|[Pp]opes?|[Ss]ultans?|[Tt]sars?|[Cc]zars?|[Ss]hahs?|[Cc]aliphs?|reign(?:ed)?|throne|dynasty|crowned|coronation|ruled|rulers?|monarchs?|kingdom|empire|(?:[Bb]attles?[ \t]+(?:of|at)|(?:in|into)[ \t]+battle|battlefields?)|army|armies|conquests?|conquered|temples?|BC|BCE)\b/.test(
    text,
  ),
);
const NUMBERED_WORK_NEAR =
  /\b(?:games?|gaming|consoles?|sequels?|films?|movies?|albums?|episodes?|editions?|versions?|series|seasons?|players|launch(?:ed|es)?|missions?|satellites?|spacecraft|probes?|rockets?|orbit|moon|lunar|astronauts?|missiles?|warheads?|box[ \t]+office|screen(?:s|ed|ing)?|cinemas?|trailers?|yachts?|ships?|vessels?)\b/i;
// newspapers and magazines whose names are English words and that news cites with "The" ("The Guardian reported")
const OUTLETS_AFTER_THE = new Set(
  [
    'Guardian',
    'Observer',
    'Independent',
    'Economist',
    'Spectator',
    'Atlantic',
    'New Yorker',
    'New Republic',
    'New Statesman',
    'Hill',
    'Intercept',
    'Verge',
    'Nation',
    'Globe and Mail',
    'Boston Globe',
    'Age',
    'Australian',
    'Hindu',
    'Scotsman',
    'Onion',
  ].map(normaliseName),
);
// "The" written with a capital where no sentence starts: after a word, a comma or an opening quote, not a full stop
const THE_MID_SENTENCE_BEFORE = /(?:[\p{L}\p{N},;:"“(][ \t]+|["“(])The[ \t]+$/u;

function typeRun(seg: Segment, text: string, tags: TagLookup, lowerWords: Set<string>): Span | null {
  const toks = seg.tokens;
  const words = toks.filter((t) => t.cap);
  const name = spanText(text, toks);
  const first = lower(toks[0]!);
  const last = lower(toks[toks.length - 1]!);
  const mk = (kind: EntityKind | null, evidence: Evidence): Span => ({ tokens: toks, kind, evidence, inTitle: false });
  if (toks.length === 1 && isNoNameWord(toks[0]!, text)) return null;
  if (toks.length === 1 && dottedPlaceAbbreviation(toks[0]!, text)) return mk('PLACE', 2);
  if (demonymStates(toks, text)) return mk('PLACE', 2);
  // "wrote for The Guardian", "told The New Yorker": a newspaper or a magazine named with "The" capitalised mid-sentence
  // (not before "of": "The Guardian of London", "The Times of India" are named whole)
  if (
    OUTLETS_AFTER_THE.has(normaliseName(name)) &&
    THE_MID_SENTENCE_BEFORE.test(text.slice(Math.max(0, toks[0]!.start - 24), toks[0]!.start)) &&
    !/^[ \t]+of\b/.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 4))
  )
    return mk('ORGANIZATION', 3);
  // "Real Madrid beat Bayern Munich", "AC Milan", "Borussia Dortmund": a club's opening word and its town (see
  // CLUB_OPENERS)
  if (toks.length >= 2 && toks.length <= 3 && opensClubName(toks, 0, text)) return mk('ORGANIZATION', 3);
  // "her First Holy Communion": the sacrament, no church's communion of members ("the Anglican Communion")
  if (toks.length >= 2 && last === 'communion' && lower(toks[toks.length - 2]!) === 'holy') return null;
  // "Matthews, M. D.; Kelly, D. R. (2007)": initials alone are the given names of a surname written beside them (a
  // reference list's order) or an abbreviation, and no full name of their own
  if (toks.every((t) => /^\p{Lu}\.$/u.test(t.text))) return null;
  // "from Proto-Celtic *dubno-", "Proto-Bantu speakers": "Proto-" before a language's or a people's name names the
  // reconstructed ancestor language, which is no place, body or person (as "Old Norse" and "Latin" are none)
  if (/^Proto-\p{Lu}/u.test(toks[0]!.text)) return null;
  // "East Slavic", "West Flemish dialects", "North Gaulish": a compass word before a word formed as a people's or a
  // language's ("-ian", "-ish", "-ese", "-ic") names a branch of that people or language, no person (not the seas and
  // regions the gazetteer holds: "the South Atlantic")
  if (
    toks.length === 2 &&
    /^(?:north|south|east|west)$/.test(first) &&
    /\p{Ll}(?:ian|ish|ese|ic)$/u.test(toks[1]!.text) &&
    lexiconTags(last).every((t) => t === 'Demonym' || t === 'Adjective') &&
    !isPlaceName(toks[1]!.text) &&
    !isPlaceName(name)
  )
    return null;
  // "Harrowgate Lending, Inc., a Delaware corporation": a firm's legal form set off by a comma belongs to the name
  // before it, which it makes a body's; the form alone names nothing
  if (
    toks.length === 1 &&
    LEGAL_FORM_AFTER_COMMA.test(`, ${toks[0]!.text}`) &&
    /,[ \t]*$/.test(text.slice(Math.max(0, toks[0]!.start - 4), toks[0]!.start))
  )
    return null;
  if (
    words.length <= 4 &&
    LEGAL_FORM_AFTER_COMMA.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 12))
  )
    return mk('ORGANIZATION', 3);
  // "in exchange for the Services": see definedThings
  const things = definedThings(text);
  if (things.size && things.has(normaliseName(name))) return null;
  // "KELLAND, J., delivered the opinion", "ORME, C.J., and VASS and TULLY, JJ., joined": see JUDGE_AFTER
  if (
    words.length <= 2 &&
    toks.length === words.length &&
    toks.every((t) => /^\p{Lu}[\p{L}'’-]+$/u.test(t.text)) &&
    JUDGE_AFTER.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 240))
  ) {
    return mk('PERSON', 3);
  }
  // "as discussed in Chapter 1", "see Figure 3", "Table 2b": a part of a text named by its number, no place or body
  // ("the Lemma to Theorem 4", "by the Corollary to Proposition 9": or by the numbered part it belongs to)
  if (
    toks.length === 1 &&
    PARTS_OF_TEXT.has(first) &&
    /^[ \t]+(?:to[ \t]+\p{Lu}\p{Ll}+[ \t]+)?(?:\d|[IVXLC]+\b|[A-Z]\b)/u.test(
      text.slice(toks[0]!.end, toks[0]!.end + 32),
    )
  )
    return null;
  // "by Theorem 3 of Chapter II: Sum of Two Squares is Even", "see Section 4: Rivers of the North": the title of a
  // numbered part of a text, cited after its number and a colon, is a title's words, no name (see partTitles)
  if (inPartTitle(toks, text)) return { ...mk(null, 3), other: true };
  // "these three Senators", "a class of Democratic Senators": holders of an office named in the plural, after at most a
  // word that is no place or body, are a group, no one's name (left untyped, so that a team's short form still takes its
  // kind: "the Ottawa Senators ... the Senators"; not "the House of Representatives", "the St. Louis Cardinals")
  if (
    toks.length === words.length &&
    (toks.length === 1 ||
      (toks.length === 2 && !isPlaceName(toks[0]!.text) && !ORG_HEADS.has(first) && !ORG_OPENERS.has(first))) &&
    /\p{Ll}s$/u.test(toks[toks.length - 1]!.text) &&
    TITLE_WORDS.has(last.slice(0, -1)) &&
    !WEAK_TITLE_WORDS.has(last.slice(0, -1))
  )
    return mk(null, 0);
  // ("the Vice Presidency", "his Deputy Chairmanship": after a title, a noun of office or state is the office, no one)
  if (seg.afterTitle && words.length === 1 && OFFICE_NOUN.test(lower(words[0]!))) return null;
  // "devote himself to God", "believe that God exists": English capitalises the one God of monotheism as a proper
  // name, a person's in the news and encyclopedic schemes; "a god", "the gods" stay common nouns
  if (toks.length === 1 && toks[0]!.text === 'God' && !toks[0]!.sentStart && !afterDeterminer(text, toks[0]!))
    return mk('PERSON', 2);
  // "in love with Miss Ashdown", "Miss Pemberley replied": "Miss" before a word that can only be a name is the
  // honorific of an unmarried woman, kept in the name as "Miss Jane Ashdown" keeps it ("Miss Universe", "Miss America"
  // are a contest's titles: an English word or a place follows)
  if (
    toks.length === 2 &&
    toks[0]!.text === 'Miss' &&
    isSurnameLike(toks[1]!) &&
    !isPlaceName(toks[1]!.text) &&
    !lowerWords.has(last)
  )
    return mk('PERSON', 2);
  // "the Russian State Military Archive": typed as the institution after the nationality is (see refineSegment)
  if (toks.length > 2 && demonymState(toks)) {
    const inner = typeRun({ tokens: toks.slice(1), afterTitle: seg.afterTitle }, text, tags, lowerWords);
    return inner?.kind ? { ...inner, tokens: toks } : inner;
  }
  // "a Bachelor of Science in Psychology", "a Master of Education in Sport Psychology": the field of a degree
  if (!isPlaceName(name) && DEGREE_IN.test(text.slice(Math.max(0, toks[0]!.start - 48), toks[0]!.start))) return null;
  // "San Franciscans", "New Yorkers": a place's people, named from it (a team's nickname is another word: "New York
  // Giants")
  if (toks.length > 1 && toks.length === words.length && /(?:ans|ers|ites)$/.test(last)) {
    const prefix = spanText(text, toks.slice(0, -1));
    const word = toks[toks.length - 1]!.text;
    const stems = [/ans$/, /ians$/, /ers$/, /ites$/].flatMap((re) => {
      const stem = word.replace(re, '');
      return stem === word ? [] : [stem, `${stem}o`, `${stem}a`, `${stem}ia`];
    });
    if (stems.some((stem) => stem.length >= 3 && isPlaceName(`${prefix} ${stem}`))) return null;
  }
  // "the Guangzhou Opera House", "Sydney Opera House": an opera house is a building, where the company it houses is
  // named otherwise ("the Metropolitan Opera")
  if (toks.length > 2 && last === 'house' && lower(toks[toks.length - 2]!) === 'opera') return mk('PLACE', 3);
  // "at Bush House", "the White House", "Somerset House": a name closed by "House" is a building (a body housed there
  // goes by it too: "Chatham House"), not where its first word is a given name ("Gregory House") or a title
  if (
    toks.length >= 2 &&
    toks.length <= 3 &&
    last === 'house' &&
    toks.every((t) => t.cap && !t.allCaps) &&
    !isListedGivenName(toks[0]!.text) &&
    !TITLE_WORDS.has(first)
  )
    // (a publisher named so, where the sentence says it publishes or owns: "published by Random House")
    return PUBLISHER_BY_BEFORE.test(text.slice(Math.max(0, toks[0]!.start - 24), toks[0]!.start))
      ? mk('ORGANIZATION', 2)
      : mk('PLACE', 2);
  // "Group G — Belgium 3 – 0 Panama", "the first game of Group G": a tournament's group named by a letter is the body
  // of teams drawn into it, in an article that reports a match ("Group A" of a study names no body)
  if (toks.length === 2 && first === 'group' && /^[A-H]$/.test(toks[1]!.text) && reportsMatch(text))
    return mk('ORGANIZATION', 2);
  if (nationsTeam(toks, text)) return mk('ORGANIZATION', 2);
  // "Team Estonia", "Team GB": a country's team in an international contest
  if (toks.length === 2 && first === 'team' && isPlaceName(toks[1]!.text)) return mk('ORGANIZATION', 3);

  // "World War II", "Winter Paralympics", "USS Enterprise": events, works, laws, prizes and ships are named like
  // bodies and people but are neither; an ordinal or a year after the head does not change that
  const headIdx =
    toks.length > 1 && /^(?:[IVX]+|\p{N}+)$/u.test(toks[toks.length - 1]!.text) ? toks.length - 2 : toks.length - 1;
  // ("the School of Open", "the Institute for the Study of War", "the Museum of the Second World War": the head of a
  // name with an "of" tail is the word before the "of", so a body's or a place's head there outranks an event's word
  // at the end)
  const ofHead = toks.findIndex((t, n) => n > 0 && lower(t) === 'of');
  const headedBeforeOf =
    ofHead > 0 &&
    toks.slice(0, ofHead).some((t) => ORG_HEADS.has(lower(t)) || PLACE_HEADS.has(lower(t))) &&
    !OTHER_NAME_HEADS.has(lower(toks[ofHead - 1]!));
  if (
    (toks.length > 1 &&
      OTHER_NAME_HEADS.has(lower(toks[headIdx]!)) &&
      !(seg.afterTitle && headIdx === 0) &&
      !headedBeforeOf) ||
    // "The Jenna Julien Podcast", "Fillmore's Santa Cruz Lectures on Deixis", "the Mystery Plays": works too
    (toks.length > 1 && /^(?:podcast|lectures|plays)$/.test(lower(toks[headIdx]!))) ||
    // "the NFL Draft", "the Eastern League All-Star Game": a league's draft or game is an event too
    (toks.length > 1 && /^(?:game|draft)$/.test(last) && !!leagueOpening(toks)) ||
    (toks.length > 1 && (SHIP_PREFIXES.has(first) || toks.slice(0, -1).some((t) => CRAFT_WORDS.has(lower(t))))) ||
    // "Hurricane Katrina", "Typhoon Haiyan", "Storm Ciara": a storm is named like a person, and is an event
    (toks.length > 1 && STORM_OPENERS.test(first)) ||
    // "aboard Vostok 1", "aboard Columbia": what one rides is a vessel or a craft
    /\baboard[ \t]+(?:the[ \t]+)?$/i.test(text.slice(Math.max(0, toks[0]!.start - 12), toks[0]!.start))
  ) {
    return { ...mk(null, 3), other: true };
  }
  // "the thriller Flight of the Phoenix", "her graphic novel Angel Catbird", "the films New York Minute and House of
  // Wax" (then "in House of Wax as Wade"): a title of two or more capitalised words that a noun for a work introduces
  if (inWorkTitle(toks, text)) return { ...mk(null, 3), other: true, work: true };
  // "San Diego Comic-Con 2015", "YouTube Rewind 2013": two or more capitalised words with a year right after them name
  // an edition of an event or a series, no body (not a cited author with the year in brackets: "(Lewis Carroll 1998)",
  // nor a person's campaign or term: "the Mary Jones 2016 campaign")
  if (
    words.length >= 2 &&
    !isKnownFirstName(toks[0]!.text) &&
    EDITION_YEAR_AFTER.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 8)) &&
    !insideParentheses(text, toks[0]!.start)
  )
    return { ...mk(null, 3), other: true, work: true };
  // "earned the nickname the "Comeback City"", "the official moniker is now the New American City": a label given to
  // something is a name for it, no mention of a place, body or person
  if (LABEL_BEFORE.test(text.slice(Math.max(0, toks[0]!.start - 40), toks[0]!.start)))
    return { ...mk(null, 3), other: true };
  // "Claire Warwick c.l.h.warwick@durham.ac.uk": a name followed by an e-mail address built from it is its owner's,
  // the way authors and contacts are listed, whatever else its words could be (Warwick is also a town)
  if (words.length >= 2 && words.length <= 4 && toks.length === words.length && ownEmailAfter(text, words)) {
    return mk('PERSON', 3);
  }
  // "the Chathams", "the Falklands": the plural short form of islands or mountains the article names in full
  if (toks.length === 1 && afterDeterminer(text, toks[0]!) && groupShortForms(text).has(first)) return mk('PLACE', 2);
  // "take the M1 northbound to junction 32", "the A59 and the M62 provide connections": a road's number after "the"
  // in a sentence about roads is that road (a place); "the A380", "the M16" elsewhere are craft and arms
  if (toks.length === 1 && ROAD_NUMBER.test(toks[0]!.text) && isRoadMention(text, toks[0]!)) return mk('PLACE', 2);
  // "El Castillo, located at Chichen Itza", "Kovra Lodge, situated on the river": what is located or situated somewhere
  // is a place or a building, never a person (a body's name carries its head word and keeps its kind)
  if (
    toks.length === words.length &&
    words.length <= 3 &&
    !hasOrgHead(toks) &&
    /^,?[ \t]+(?:located|situated)[ \t]+(?:in|at|on|near|along|beside)\b/.test(
      text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 24),
    )
  )
    return mk('PLACE', 2);
  // "Marina: 54º 55,7' N 10º 30,0' E", "Kell Harbour (54°55′N)": a name given its latitude or longitude is a place
  if (
    toks.length === words.length &&
    words.length <= 3 &&
    words.every((t) => /\p{Ll}/u.test(t.text)) &&
    !hasOrgHead(toks) &&
    /^[ \t]*[:(]?[ \t]*\d{1,3}(?:[.,]\d+)?[ \t]*[º°](?![ \t]*[CF]\b)/.test(
      text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 16),
    )
  )
    return mk('PLACE', 2);
  // "Isfahan Shahid Beheshti (IATA: IFN)": see AIRPORT_CODE_AFTER
  if (
    words.length >= 2 &&
    toks.length === words.length &&
    AIRPORT_CODE_AFTER.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 24))
  )
    return mk('PLACE', 3);
  // "San Francisco, Cal.,", "Bloomington, Ind.", "Washington, D.C.": see stateAfterTown
  if (toks.length === 1 && stateAfterTown(text, toks[0]!)) return mk('PLACE', 2);
  // "the Secretary of State", "Minister of Defence", "Chief of Staff": a role named on its own, not a name
  if (
    toks.length >= 3 &&
    toks.length <= 4 &&
    TITLE_WORDS.has(first) &&
    !WEAK_TITLE_WORDS.has(first) &&
    lower(toks[1]!) === 'of'
  ) {
    return null;
  }
  // "Ms. Lau", "Mr. Paris": a courtesy title only ever precedes a person's name, whatever else the words could be
  if (
    seg.afterTitle &&
    words.length <= 4 &&
    toks.length === words.length &&
    !words.some((t) => t.allCaps) &&
    /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+$/.test(text.slice(Math.max(0, toks[0]!.start - 6), toks[0]!.start))
  ) {
    return mk('PERSON', 3);
  }
  // "cast as Dean Forester", "appeared as Eve", "guest starred as Ruby": the part an actor plays is a character, named
  // as people are, whatever else its words could be (the gold standards of news and encyclopedic text type characters
  // as people)
  if (
    words.length <= 3 &&
    toks.length === words.length &&
    !words.some((t) => t.allCaps) &&
    !ORG_HEADS.has(last) &&
    !PLACE_HEADS.has(last) &&
    CAST_AS_BEFORE.test(text.slice(Math.max(0, toks[0]!.start - 32), toks[0]!.start))
  ) {
    return mk('PERSON', 2);
  }
  // "Kevin Conroy, the voice of Batman in Batman: The Animated Series": the part an actor voices in a named work is a
  // character too, and the work named after it does not make it a town (not "the voice of Europe", with no work after)
  if (
    words.length <= 3 &&
    toks.length === words.length &&
    !words.some((t) => t.allCaps) &&
    !ORG_HEADS.has(last) &&
    !PLACE_HEADS.has(last) &&
    /\bvoice[ \t]+of[ \t]+$/.test(text.slice(Math.max(0, toks[0]!.start - 12), toks[0]!.start)) &&
    /^[ \t]+in[ \t]+(?:the[ \t]+)?\p{Lu}/u.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 12))
  ) {
    return mk('PERSON', 3);
  }
  // A role title right before a name ("Foreign Minister Ararat Mirzoyan", "CEO Jane Roe") makes it a person's name,
  // whatever its words could otherwise be (Ararat is also a mountain and a town)
  if (
    seg.afterTitle &&
    words.length >= 2 &&
    words.length <= 4 &&
    toks.length === words.length &&
    !words.some((t) => t.allCaps) &&
    !ORG_HEADS.has(last) &&
    (!PLACE_HEADS.has(last) || SURNAME_HEADS.has(last)) &&
    !isPlaceName(name)
  ) {
    return mk('PERSON', 3);
  }
  // "Vice President Ford", "Senator Baker", "Chairman Green": one word after an office that only people hold is a
  // surname, whatever else the word could be (a firm, a trade, a colour)
  if (
    seg.afterTitle &&
    toks.length === 1 &&
    !toks[0]!.allCaps &&
    !ORG_HEADS.has(first) &&
    !PLACE_HEADS.has(first) &&
    (peerBefore(text, toks[0]!) || (!isPlaceName(name) && officeBefore(text, toks[0]!)))
  ) {
    return mk('PERSON', 3);
  }

  // "Hilary of Poitiers": a given name and the place its bearer is known by (see connectorFits)
  if (
    toks.length === 3 &&
    lower(toks[1]!) === 'of' &&
    !NOBLE_RANKS.has(first) &&
    isListedGivenName(toks[0]!.text) &&
    !isPlaceName(toks[0]!.text) &&
    lexiconTags(first).every((t) => /Name|Person/.test(t))
  )
    return mk('PERSON', 2);
  // "Peter the Great", "Constantine the Great": a name with a ruler's or saint's epithet (see connectorFits)
  if (toks.length >= 3 && lower(toks[toks.length - 2]!) === 'the' && EPITHETS.has(last)) return mk('PERSON', 3);
  // "Geographic Information Systems", "Assistive Technologies": a head that names things as often as the firms that make
  // them, after nothing but ordinary words, is a field or a kind of product capitalised for its acronym; a firm's name
  // has a name in it ("Cisco Systems", "Blue Origin Technologies")
  if (
    toks.length > 1 &&
    THING_HEADS.has(last) &&
    toks.length === words.length &&
    words.slice(0, -1).every((t) => isCommonWord(t, lowerWords) && !isPlaceName(t.text) && !isDemonym(t.text))
  )
    return null;
  // "the National Museum of the U.S. Air Force": the head of a name with an "of" tail is the word before it, so a place
  // head there outranks a body's name inside the tail (see the "Block Museum of Art" loop below)
  const ofAt = toks.findIndex((t, n) => n > 0 && lower(t) === 'of');
  const placeOf = ofAt > 0 && PLACE_HEADS.has(lower(toks[ofAt - 1]!)) && !ORG_HEADS.has(lower(toks[ofAt - 1]!));
  if (ORG_HEADS.has(last) && toks.length > 1 && !placeOf) return mk('ORGANIZATION', 3);
  // "Creative Commons Africa", "Imperial College London": a body's name with a place after its head word is the body's
  // branch or seat, named as the body is
  if (
    toks.length > 2 &&
    ORG_HEADS.has(lower(toks[toks.length - 2]!)) &&
    toks.every((t) => t.cap) &&
    isPlaceName(toks[toks.length - 1]!.text) &&
    !placeOf
  )
    return mk('ORGANIZATION', 3);
  // ("the Argentine State": the longer names were typed as their institution above)
  if (demonymState(toks)) return mk('ORGANIZATION', 3);
  // "Universidade da Coruña", "Conservatoire de Paris", "Laboratorio de Bases de Datos": an institution named in its
  // own language opens with its head noun, as "University of ..." does in English
  if (toks.length > 1 && FOREIGN_BODY_OPENERS.has(first)) return mk('ORGANIZATION', 3);
  // "Campus de Elviña", "Campus of Marrowby": a university's campus named by its "of" is its grounds, a place
  if (toks.length > 2 && first === 'campus' && OF_WORDS.has(lower(toks[1]!))) return mk('PLACE', 3);
  // "Barstool Sports", "Vagabond Tours", "Black Robin Freighters": a firm named by what it sells, after a name
  if (toks.length > 1 && TRADE_HEADS.has(last) && !isDemonym(toks[0]!.text)) return mk('ORGANIZATION', 2);
  // "Air Chathams", "Air Canada", "Air Tahiti Nui": "Air" before a place's or an invented name opens an airline's
  if (toks.length > 1 && toks.length <= 4 && first === 'air' && toks.every((t) => t.cap) && !PLACE_HEADS.has(last))
    return mk('ORGANIZATION', 2);
  // "the Triple-A Pawtucket Red Sox", "Double-A Altoona Curve": a minor-league class before a town and a nickname
  // opens a farm team's name
  if (toks.length >= 3 && /^(?:Triple|Double|Single|Class|High|Low)-A$/.test(toks[0]!.text) && toks.every((t) => t.cap))
    return mk('ORGANIZATION', 3);
  // "Roman Catholic", "Theravada Buddhist", "Latin American": a run that ends in a nationality or religion word is
  // an adjective phrase describing something, not a name
  if (toks.length > 1 && isDemonym(toks[toks.length - 1]!.text) && !isPlaceName(name)) return null;
  // "United States Department of State": an organisation head governing an "of" phrase outranks a
  // place-like last word
  for (let i = 1; i < toks.length - 1; i++) {
    if (ORG_HEADS.has(lower(toks[i]!)) && /^(of|for)$/.test(lower(toks[i + 1]!))) return mk('ORGANIZATION', 3);
  }
  if (PLACE_HEADS.has(last) && toks.length > 1) return mk('PLACE', 3);
  if (isPlaceName(name)) return mk('PLACE', 3);
  if (compassRegion(toks, text) || nationsLand(toks, text)) return mk('PLACE', 3);
  // "Asia Minor", "Armenia Major", "Pannonia Superior": a Latin qualifier after a place names a part of it (a body's
  // name would go on with a head word)
  if (
    toks.length > 1 &&
    /^(?:minor|major|superior|inferior)$/.test(last) &&
    isPlaceName(spanText(text, toks.slice(0, -1)))
  )
    return mk('PLACE', 3);
  // "East Los Angeles", "Northern Sydney": a compass word before a known place
  if (toks.length > 1 && COMPASS_PART.test(first) && isPlaceName(spanText(text, toks.slice(1)))) {
    return mk('PLACE', 3);
  }
  // "Church of Scientology", "Synod of Valdor", "Association for Computational Linguistics": an organisation's head
  // noun governing an "of" or "for" phrase
  // ("Conservatoire de Paris", "Universidade da Coruña": the particle is the "of" of the body's own language)
  if (
    toks.length > 2 &&
    (ORG_OPENERS.has(first) || ORG_HEADS.has(first)) &&
    /^(?:of|for|de|da|di|du|des|del|della)$/.test(lower(toks[1]!))
  )
    return mk('ORGANIZATION', 3);
  // "the Temple of Artemis", "the Palace of the Governors", "the Cathedral of Christ the Light": a landmark's head noun
  // governing an "of" phrase names the landmark, as an organisation's head does a body ("Church of Scientology"); not a
  // unit of government ("the State of Ohio", "the County of Maui": a party to a case, or a class noun, see below)
  if (
    toks.length > 2 &&
    PLACE_HEADS.has(first) &&
    !ORG_HEADS.has(first) &&
    !ADMIN_UNITS.test(first) &&
    lower(toks[1]!) === 'of' &&
    // (a gloss in brackets translates the name before it and is no name of its own: "Hasht Behesht (The Palace of
    // Eight Paradises)", see placeGlossAfter)
    !insideParentheses(text, toks[0]!.start)
  )
    return mk('PLACE', 3);
  // "Center for Advanced Study", "Centre for Policy Studies": a centre for a purpose is a body (a centre named by what
  // stands before it, "Kennedy Space Center", is a place)
  for (let i = 0; i < toks.length - 2; i++) {
    if (/^cent(?:re|er)$/.test(lower(toks[i]!)) && lower(toks[i + 1]!) === 'for') return mk('ORGANIZATION', 3);
  }
  // "in 59 games for the Rice Owls", "signed with the Durham Bulls": what a player plays for, named with a plural
  // nickname, is a team
  if (
    toks.length >= 2 &&
    toks.length <= 3 &&
    toks.every((t) => t.cap) &&
    /\p{Ll}[^s]s$/u.test(toks[toks.length - 1]!.text) &&
    PLAYS_FOR_THE.test(text.slice(Math.max(0, toks[0]!.start - 32), toks[0]!.start))
  )
    return mk('ORGANIZATION', 2);
  // "New York Giants", "Tampa Bay Rays": a place before a plural nickname names a team
  if (toks.length > 1 && toks.every((t) => t.cap) && isPluralNoun(toks[toks.length - 1]!.text)) {
    for (let n = Math.min(toks.length - 1, LONGEST_PLACE_WORDS); n >= 1; n--) {
      if (isPlaceName(spanText(text, toks.slice(0, n))) && !isKnownFirstName(toks[n]!.text))
        return mk('ORGANIZATION', 2);
    }
  }
  // "Paris Hilton", "Victoria Beckham", "Chad Michael Murray": a place that is also a given name, before one or two
  // words that can only be names, is a person's name (a body's would end in an English word or a plural: "Georgia
  // Power", "Houston Rockets")
  if (givenNamePlace(toks, lowerWords)) return mk('PERSON', 2);
  // A place name fused with other capitalised words that are neither a place head nor a compass word is the name
  // of a body: "Environment Canada", "Hitwise UK" (place last), "Toronto Star", "Edmonton Sun" (place first)
  if (
    toks.length > 1 &&
    toks.every((t) => t.cap) &&
    !PLACE_OPENERS.has(first) &&
    !isDemonym(toks[0]!.text) &&
    !/^(north|south|east|west|northern|southern|eastern|western|central|greater|upper|lower|new|old)$/.test(first) &&
    // "the village of Kessel Dolna", "the town of Harrow Vale": a name the sentence has called a settlement is a
    // place's, though a listed place opens it (markPlaces reads the settlement noun)
    !SETTLEMENT_OF.test(text.slice(Math.max(0, toks[0]!.start - 40), toks[0]!.start))
  ) {
    for (let n = 1; n < toks.length; n++) {
      // only a head or a tail short enough to be a place can decide; skip the middle of a long run
      if (n > LONGEST_PLACE_WORDS && toks.length - n > LONGEST_PLACE_WORDS) n = toks.length - LONGEST_PLACE_WORDS;
      const head = spanText(text, toks.slice(0, n));
      const tail = spanText(text, toks.slice(n));
      if (isKnownFirstName(toks[0]!.text)) break;
      if (
        (isCountryName(tail) && !isPlaceName(head)) ||
        (isPlaceName(head) && !isPlaceName(tail) && !isKnownFirstName(toks[n]!.text))
      ) {
        return mk('ORGANIZATION', 2);
      }
    }
  }
  // "Andy Warhol Foundation for the Visual Arts": an organisation head that governs a prepositional tail
  for (let i = 1; i < toks.length - 1; i++) {
    if (!/^(of|for)$/.test(lower(toks[i + 1]!))) continue;
    if (ORG_HEADS.has(lower(toks[i]!))) return mk('ORGANIZATION', 3);
    if (PLACE_HEADS.has(lower(toks[i]!))) return mk('PLACE', 3); // "Block Museum of Art"
  }
  // "K.C. Maurer", "W. W. Rouse Ball": dotted initials before one or two surnames
  const isInitial = (t: Token) => /^(?:\p{Lu}\.){1,3}$/u.test(t.text);
  const nInitials = toks.findIndex((t) => !isInitial(t));
  if (
    nInitials >= 1 &&
    toks.length - nInitials >= 1 &&
    toks.length - nInitials <= 2 &&
    !isPlaceName(toks[0]!.text) &&
    toks.slice(nInitials).every((t) => t.cap && !t.allCaps)
  ) {
    return mk('PERSON', 2);
  }
  // "Suilen H. Alvarado": a given name, a middle initial and a surname; initials stand for given names only
  if (
    toks.length >= 3 &&
    toks.length <= 4 &&
    toks.slice(1, -1).every(isInitial) &&
    [toks[0]!, toks[toks.length - 1]!].every((t) => t.cap && !t.allCaps && !isInitial(t)) &&
    !isCommonWord(toks[0]!, lowerWords) &&
    !isPlaceName(toks[0]!.text)
  ) {
    return mk('PERSON', 2);
  }
  if (toks.length > 1 && PLACE_OPENERS.has(first)) return mk('PLACE', 3);
  // "the River Ouse", "the River Kwai": a river named after the word, as British usage writes it, after "the" ("River" is
  // also a given name: "River Phoenix")
  if (toks.length === 2 && first === 'river' && afterDeterminer(text, toks[0]!)) return mk('PLACE', 3);
  if (!seg.afterTitle && !hasOrgHead(toks) && isFollowedByItsRegion(text, toks[toks.length - 1]!.end))
    return mk('PLACE', 3);
  // "Sky Harbor International Airport (IATA: PHX)": an airport's IATA code, as travel guides give it, names the airport
  if (
    toks.length === 1 &&
    /^[A-Z]{3}$/.test(toks[0]!.text) &&
    /\bIATA(?:[ \t]+code)?[ \t]*[:=]?[ \t]*$/.test(text.slice(Math.max(0, toks[0]!.start - 14), toks[0]!.start))
  )
    return mk('PLACE', 3);
  // An acronym is a name only when the article or the lexicon says what it stands for (see resolveAcronyms)
  if (words.length === 1 && isKnownOrganisation(toks[0]!.text) && (toks[0]!.allCaps || !lowerWords.has(first))) {
    // "radiative transfer equation (RTE)": spelled out in lower case, it is a term, though a broadcaster shares it
    return spelledInLowerCase(text, toks[0]!) || termAcronyms(text).has(lower(toks[0]!).replace(/\./g, ''))
      ? null
      : mk('ORGANIZATION', 2);
  }
  if (
    words.length === 1 &&
    (toks[0]!.allCaps || isMixedAcronym(toks[0]!.text)) &&
    toks[0]!.text.replace(/\./g, '').length >= 2
  ) {
    return { ...mk(null, 0), acronym: true };
  }
  // "the Church", "the Court": an organisation's head noun capitalised mid-sentence is that organisation's short
  // name; in lower case it would be ordinary vocabulary
  if (
    toks.length === 1 &&
    !toks[0]!.sentStart &&
    ORG_HEADS.has(first) &&
    /\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start)) &&
    !officeOfTitle(text, toks[0]!.end) &&
    !OF_THE_NAME_BEFORE.test(text.slice(Math.max(0, toks[0]!.start - 40), toks[0]!.start))
  ) {
    // (but "Vava'u is a group of more than 50 islands ... people living in the Group": an island group's short name;
    // and "migrants crossing the Channel": alone, the Channel is the sea between England and France, as British news
    // writes it, where a broadcaster is named in full)
    if ((first === 'group' && callsIslandGroup(text)) || first === 'channel') return mk('PLACE', 1);
    return mk('ORGANIZATION', 1);
  }
  // "From the Airport you can take a cab", "the Square is an interesting place": a landmark's head noun capitalised
  // alone after "the" is that landmark's short name, as an organisation's is the body's ("the Church")
  if (
    toks.length === 1 &&
    !toks[0]!.sentStart &&
    PLACE_HEADS.has(first) &&
    !ADMIN_UNITS.test(first) &&
    /\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start)) &&
    !OF_THE_NAME_BEFORE.test(text.slice(Math.max(0, toks[0]!.start - 40), toks[0]!.start))
  )
    return mk('PLACE', 1);
  // "at the trial, the State", "the County did afford some process": in the report or transcript of a case, the
  // government that is a party is named by its kind, capitalised
  if (
    toks.length === 1 &&
    !toks[0]!.sentStart &&
    /^(?:state|county|city|commonwealth|government)$/.test(first) &&
    /\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start)) &&
    reportsCase(text)
  ) {
    return mk('ORGANIZATION', 1);
  }
  // "the interests of the Nation", "our Nation's history", "our Republic", "this State": a polity's class noun capitalised
  // alone after a possessive or a demonstrative names the speaker's own country or state, as official and ceremonial
  // English writes it ("the State" alone is left to a case's party above)
  // ("this Chamber": the hall a legislature sits in, so named by its members)
  if (
    toks.length === 1 &&
    !toks[0]!.sentStart &&
    /^(?:nation|country|republic|state|commonwealth|chamber)$/.test(first)
  ) {
    const det = /\b(the|our|this|my|your|his|her|their)[ \t]+$/i.exec(
      text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start),
    );
    if (det && (det[1]!.toLowerCase() !== 'the' || /^(?:nation|country|republic)$/.test(first))) return mk('PLACE', 1);
  }
  // "the Cuban Consulate", "the British Embassy": a country's mission, named by its head noun after the nationality
  // that takes it (the nationality is no part of the name, as before an office: "Armenian Foreign Minister")
  if (toks.length === 1 && !toks[0]!.sentStart && /^(?:embassy|consulate)$/.test(first)) {
    const mission = /\bthe[ \t]+(?:(\p{Lu}\p{Ll}+)[ \t]+)?$/u.exec(
      text.slice(Math.max(0, toks[0]!.start - 24), toks[0]!.start),
    );
    if (mission && (!mission[1] || isDemonym(mission[1]))) return mk('ORGANIZATION', 1);
  }
  // "Congress authorized", "the 2018 Senate election", "this Court": a legislature or a court capitalised on its own
  // is that institution's name, with or without "the"
  if (toks.length === 1 && !toks[0]!.sentStart && INSTITUTIONS.has(first)) return mk('ORGANIZATION', 1);
  // "The House did its job", "by a vote of this House": in an article that names a chamber in full ("the House of
  // Representatives", "the House of Commons"), the House capitalised alone is that chamber, as parliamentary speech
  // and reports call it
  if (
    toks.length === 1 &&
    first === 'house' &&
    /\b(?:the|this)[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start)) &&
    namesChamber(text)
  )
    return mk('ORGANIZATION', 1);
  // "bringing this legislation to the Floor": the Floor capitalised alone, in an article that names a chamber in full,
  // is that chamber's floor, where its members speak and vote (a place, as "the Floor of the House" is)
  if (
    toks.length === 1 &&
    first === 'floor' &&
    !toks[0]!.sentStart &&
    /\b(?:the|this)[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start)) &&
    namesChamber(text)
  )
    return mk('PLACE', 1);
  // "published in Frontiers journals", "some Elsevier journals": a name before "journals" is their publisher, a body
  if (
    toks.length === 1 &&
    toks[0]!.cap &&
    !toks[0]!.sentStart &&
    !isPlaceName(toks[0]!.text) &&
    /^[ \t]+journals\b/.test(text.slice(toks[0]!.end, toks[0]!.end + 10))
  )
    return mk('ORGANIZATION', 2);
  if (toks.length === words.length && givenNamePair(words, lowerWords, text)) return mk('PERSON', 2);
  // "Jean le Rond d'Alembert", "Anke van der Berghe", "Jean de Morvan": a given name and a surname joined by the
  // particles of Dutch, German, French and Italian surnames are one person's name, as the pair would be without them
  // (a place so named is known or carries a head word: "Rio de Janeiro", "Puerto de la Cruz"; "of", "and", "the" join
  // no one's names)
  if (
    toks.length > words.length &&
    toks.every((t) => t.cap || /^(?:de|du|des|la|le|von|van|der|den|da|di)$/.test(lower(t))) &&
    toks[toks.length - 1]!.cap &&
    !isPlaceName(name) &&
    !isListedTown(name) &&
    givenNamePair(words, lowerWords, text)
  )
    return mk('PERSON', 2);
  // "your distinguished chairman, Bill Green.": a listed given name and a surname set off by commas after a lower-case
  // role noun are the person holding the role, even where both are English words ("Bill", "Green")
  if (
    toks.length === words.length &&
    words.length >= 2 &&
    words.length <= 3 &&
    !toks[0]!.sentStart &&
    words.every((t) => t.cap && !t.allCaps) &&
    isListedGivenName(toks[0]!.text) &&
    roleBeforeComma(text, toks[0]!.start) &&
    /^[ \t]*[,.;:)]/.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 2))
  )
    return mk('PERSON', 1);
  // "Terminal 2", "from Platform 4", "Gates 10 & 11", "District 6-4A": a capitalised noun of a part of a port, a
  // station or a territory with its number or letter after it names that part, as guides and sports pages write them
  // (not "Chapter 3" and "Table 2", parts of a text, see PARTS_OF_TEXT). The designator belongs to the name, as it
  // tells one terminal or platform from another ("Terminal 2" and "Terminal 4" are two places; GUM's gold marks the
  // noun alone, so this costs exact matches there and no lenient ones)
  if (toks.length === 1 && numberedPlaceAt(toks[0]!, text)) {
    const t = toks[0]!;
    const designator = NUMBER_DESIGNATOR_AFTER.exec(text.slice(t.end, t.end + 16))![0];
    const start = t.end + designator.length - designator.trimStart().length;
    const number = { ...t, text: designator.trimStart(), start, end: t.end + designator.length, cap: false };
    return { tokens: [t, { ...number, allCaps: false, sentStart: false }], kind: 'PLACE', evidence: 2, inTitle: false };
  }
  // "his Rice teammate", "her Vantorel classmates", "a Harnwell alumnus": a capitalised word between a determiner and a
  // teammate, a classmate or an alumnus is the team or the school they share, a body, even where it is also an English
  // word (not an adjective, by the lexicon or by its "-ic" or "-al": "his Olympic teammate", "a National alumnus")
  if (
    toks.length <= 3 &&
    toks.every((t) => t.cap && !t.allCaps && !t.sentStart) &&
    SHARED_BODY_BEFORE.test(text.slice(Math.max(0, toks[0]!.start - 12), toks[0]!.start)) &&
    SHARED_BODY_AFTER.test(text.slice(toks[toks.length - 1]!.end, toks[toks.length - 1]!.end + 14)) &&
    !toks.some(
      (t) => isDemonym(t.text) || lexiconTags(lower(t)).includes('Adjective') || /\p{Ll}(?:ic|al)$/u.test(t.text),
    )
  )
    return mk('ORGANIZATION', 2);
  // the remaining words are all ordinary vocabulary and nothing marks a name: not an entity
  if (words.every((t) => isCommonWord(t, lowerWords)) && !hasTag(tags, toks, /Person|Place|Organization|FirstName/)) {
    // (a listed town stays, untyped, for its context to type: "the University of California, Berkeley")
    return isListedTown(name) && !lowerWords.has(first) ? mk(null, 0) : null;
  }
  // "flew JetBlue", "Barstool Sports": an airline's, company's or brand's name that is nothing but a name (the list
  // holds no ordinary words, given names or places), in more than one word or capitalised mid-sentence in an article
  // that never writes it in lower case; the weakest evidence, so a place's context still wins ("on Broadway")
  if (
    (words.length > 1 || (!toks[0]!.sentStart && !lowerWords.has(first))) &&
    toks.length <= 5 &&
    isListedOrganisation(name)
  ) {
    return mk('ORGANIZATION', 0);
  }
  // (not across "&": "Simon & Schuster", "Johnson & Johnson" are firms named after their founders)
  if (
    words.length >= 2 &&
    words.length <= 4 &&
    (isKnownFirstName(words[0]!.text) || seg.afterTitle) &&
    !toks.some((t) => t.text === '&')
  )
    return mk('PERSON', 2);
  // "held by the Tarrant", "a show at the Voss": English sets no article before a person's name, so a lone word the
  // lexicon knows as a surname or a given name, after "the", names a body called after its founder (a gallery, a
  // library, a foundation), as museums and collections are named
  if (
    words.length === 1 &&
    toks.length === 1 &&
    !toks[0]!.sentStart &&
    /\bthe[ \t]+$/.test(text.slice(Math.max(0, toks[0]!.start - 5), toks[0]!.start)) &&
    // (the name must end its phrase: before a noun the name modifies it, "the Clinton administration", "the Marlow
    // pictures")
    /^(?:[ \t]*(?:[,.;:)!?]|$)|[ \t]+(?:in|at|on|of|and|or|for|to|with|from|by|is|was|has|had|holds|held|owns|owned|bought|acquired)\b)/.test(
      text.slice(toks[0]!.end, toks[0]!.end + 12),
    ) &&
    hasTag(tags, toks, /^(Person|FirstName|LastName|MaleName|FemaleName)$/)
  )
    return mk('ORGANIZATION', 1);
  // (not where the name word is in a place's name that closes the run: "Casa Santa Marta", "Villa San Michele" are named
  // after a place, and no one's given name is "Santa" or "San")
  if (
    hasTag(tags, toks, /^(Person|FirstName|LastName|MaleName|FemaleName)$/) &&
    !(
      words.length >= 3 &&
      toks.length === words.length &&
      isPlaceName(spanText(text, toks.slice(1))) &&
      !hasTag(tags, toks.slice(0, 1), /^(Person|FirstName|LastName|MaleName|FemaleName)$/)
    )
  )
    return mk('PERSON', 1);
  // "Hwang Hee-Chan", "Kim Jong-un", "Moon Jae-in": a short family name before a hyphenated given name is how East
  // Asian names are romanised in news copy
  if (
    words.length === 2 &&
    toks.length === 2 &&
    /^\p{Lu}\p{Ll}{1,5}$/u.test(words[0]!.text) &&
    !isPlaceName(words[0]!.text) &&
    /^\p{Lu}\p{Ll}+-\p{L}\p{Ll}+$/u.test(words[1]!.text) &&
    !isPlaceName(words[1]!.text) &&
    // a family name that is also an English word ("Park Joo-Ho", "Moon Jae-in") still is one before a given name of
    // short romanised syllables that are no English words
    (!isCommonWord(words[0]!, lowerWords) ||
      words[1]!.text.split('-').every((p) => p.length <= 4 && lexiconTags(p).length === 0))
  ) {
    return mk('PERSON', 2);
  }
  // "Von Bellingshausen sighted Antarctica", "Von Trotta directed": German "von" before a word that can only be a name
  // is a noble surname's particle, capitalised where the surname opens a sentence or stands without the given name
  if (toks.length === 2 && toks[0]!.text === 'Von' && isSurnameLike(toks[1]!) && !isListedTown(toks[1]!.text))
    return mk('PERSON', 2);
  // "Ramesses II committed an error", "the time of Thutmose III": a word that can only be a name, with a Roman numeral
  // after it, is a monarch's or a pope's name and its regnal number, as "Louis XIV" is with a given name (not in a
  // sentence about a game, a film, a sequel or a launch, which are numbered so too: "Diablo III", "Sputnik II"; nor a
  // word with a capital inside, a brand's or an event's: "WrestleMania XXX"; see writesOfRulers)
  if (
    toks.length === 2 &&
    REGNAL_NUMBER.test(toks[1]!.text) &&
    /^\p{Lu}\p{Ll}+$/u.test(toks[0]!.text) &&
    isSurnameLike(toks[0]!) &&
    !ordinaryWord(toks[0]!.text, lowerWords) &&
    !isListedTown(toks[0]!.text) &&
    !isListedOrganisation(toks[0]!.text) &&
    !TITLE_WORDS.has(first) &&
    !PARTS_OF_TEXT.has(first) &&
    !NUMBERED_DIVISIONS.has(first) &&
    !NUMBERED_WORK_NEAR.test(sentenceOf(text, toks[0]!.start, toks[1]!.end)) &&
    // (a ruler takes no determiner before the name, a weapon or a model does: "its Trident II missiles")
    !/\b(?:the|a|an|its|their|his|her|our|this|these|those)[ \t]+$/i.test(
      text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start),
    ) &&
    writesOfRulers(text)
  )
    return mk('PERSON', 2);
  // "Valeska Paris", "Cres Eastman": an unknown word before a city-like surname is a given name, not a place
  // modifier, so such a pair falls through to the personal-name shape below
  const personLikePair =
    words.length === 2 &&
    toks.length === 2 &&
    !words.some((t) => t.allCaps) &&
    lexiconTags(words[0]!.text).length === 0 &&
    !isPlaceName(words[0]!.text) &&
    !lowerWords.has(lower(words[0]!)) &&
    !isCountryName(words[1]!.text);
  if (!personLikePair && hasTag(tags, toks, /^(Place|City|Country|Region)$/)) return mk('PLACE', 1);
  if (hasTag(tags, toks, /^Organization$/)) return mk('ORGANIZATION', 1);
  // (not after the "of" of a chair: "Professor of Intellectual Property" names a field)
  if (seg.afterTitle && !chairOfBefore(text, toks[0]!.start)) return mk('PERSON', 1);
  // "Bourg-la-Reine", "Boulogne-sur-Mer", "Stratford-upon-Avon", "Aix-en-Provence": a particle of place inside a hyphenated
  // name is how towns are named in French and English (people's particles stand apart: "Jean de la Fontaine")
  if (words.length === 1 && PLACE_PARTICLE_COMPOUND.test(toks[0]!.text)) return mk('PLACE', 2);
  // Double-barrelled proper compounds ("Nagorno-Karabakh") are far more often places than anything else, except two
  // given names, which make one ("Mary-Kate", "Jean-Pierre"), and two ordinary words joined ("Passive-Active",
  // "School-Camps", "Mon-Fri": a term capitalised for a title or a label)
  if (
    words.length === 1 &&
    /^\p{Lu}\p{Ll}+-\p{Lu}\p{Ll}+$/u.test(toks[0]!.text) &&
    !toks[0]!.text.split('-').every((w) => ordinaryWord(w, lowerWords))
  )
    return isListedGivenName(toks[0]!.text) ? mk('PERSON', 1) : mk('PLACE', 1);
  if (words.length === 1 && hasTag(tags, toks, /^Plural$/)) return null; // "Polaroids": a capitalised common plural
  // personal names are two or three plain words; acronyms, plurals or common nouns at the end mean a body or brand
  if (
    words.length >= 2 &&
    words.length <= 3 &&
    toks.length === words.length &&
    !words.some((t) => t.allCaps) &&
    words.every((t) => t.text.replace(/\./g, '').length >= 2) && // "Group F" is no one's name
    // a given name the lexicon does not know is not an ordinary word either ("Internet Explorer", "Space Shuttle")
    !isCommonWord(words[0]!, lowerWords) &&
    !hasTag(tags, [words[words.length - 1]!], /^Plural$/) &&
    !isCommonWord(words[words.length - 1]!, lowerWords)
  ) {
    return mk('PERSON', 0);
  }
  // a capitalised run with no head word, gazetteer entry or lexicon reading is as often a work, a product, a
  // programme or a subject ("Gilmore Girls", "Windows XP", "Case Grammar") as a body: recognised, not typed
  return mk(null, 0);
}

/**
 * Short capitalised lines without sentence punctuation are headings or page furniture
 * ("Previous Article", "Related Stories"): like a Title Case headline, only confirmed names count there.
 */
function furnitureLines(text: string): (at: number) => boolean {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
  const verdicts = new Map<number, boolean>();
  return (at) => {
    // the first line break at or after `at` (binary search), so a body with no line breaks is not rescanned per run
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    const a = lo > 0 ? breaks[lo - 1]! + 1 : 0;
    let verdict = verdicts.get(a);
    if (verdict === undefined) {
      verdict = isFurnitureLine(text.slice(a, lo < breaks.length ? breaks[lo]! : text.length));
      verdicts.set(a, verdict);
    }
    return verdict;
  };
}

function isFurnitureLine(rawLine: string): boolean {
  const line = rawLine.trim();
  // (nor is "Dear Ms. Ferro," or "Dr. Ravel," over a letter: a salutation ends with a comma, a heading never does)
  if (/[.!?:;"”,]$/.test(line)) return false;
  const words = line.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  return words.length > 0 && words.length <= 6 && words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || CONNECTORS.has(w));
}

function isTitleCaseHeadline(tokens: Token[]): boolean {
  const words = tokens.filter(
    (t) => t.word && !/^\p{N}/u.test(t.text) && !STOP_CAPS.has(lower(t)) && !CONNECTORS.has(lower(t)),
  );
  if (words.length < 3) return false;
  return words.filter((t) => t.cap).length / words.length >= 0.75;
}

/** Token start offset -> compromise's part-of-speech and entity tags for that term. */
interface TagLookup {
  get(start: number): string[] | undefined;
}

/**
 * compromise's tagger is by far the slowest step, and it is only needed to judge sentence-initial
 * words that the lexicon does not know ("Usually", "Photos"), so it reads just a short window
 * starting at the asked-about word, on demand.
 */
function lazyCompromiseTags(text: string, tokens: Token[]): TagLookup {
  const cache = new Map<number, string[]>();
  return {
    get(start: number): string[] | undefined {
      if (cache.has(start)) return cache.get(start);
      const i = tokenAt(tokens, start);
      if (i === undefined) return undefined;
      const last = tokens[Math.min(tokens.length - 1, i + 5)]!;
      const json = nlp(text.slice(start, last.end)).json({ offset: true, terms: { offset: true } }) as {
        terms: { tags: string[]; offset: { start: number } }[];
      }[];
      const first = json[0]?.terms[0];
      cache.set(start, first && first.offset.start === 0 ? first.tags : []);
      return cache.get(start);
    },
  };
}

/**
 * Part-of-speech hints from compromise's lexicon plus English suffix rules, keyed by token offset.
 * Much cheaper than running the tagger and nearly as good for the decisions made here.
 */
function lexiconTagLookup(tokens: Token[], lowerWords: Set<string>): TagLookup {
  const cache = new Map<number, string[]>();
  return {
    get(start: number): string[] | undefined {
      const hit = cache.get(start);
      if (hit) return hit;
      const i = tokenAt(tokens, start);
      const t = i === undefined ? undefined : tokens[i];
      if (!t?.word) return undefined;
      const l = t.text.toLowerCase();
      const tags = [...lexiconTags(l)];
      if (!t.cap) {
        if (/(ed|ing)$/.test(l) && l.length > 4) tags.push('Verb');
        if (/^(has|have|had|is|was|are|were|will|would|could|can|may|might|must|should|said|says|did|does)$/.test(l))
          tags.push('Verb');
      }
      // "Polaroids": a plural whose singular is known as an ordinary or capitalised word
      if (/[^s]s$/.test(l) && l.length > 3) {
        const sing = l.slice(0, -1);
        if (lowerWords.has(sing) || lexiconTags(sing).some((x) => /Noun|Singular/.test(x))) tags.push('Plural');
      }
      cache.set(start, tags);
      return tags;
    },
  };
}

const KIND_PRIORITY: Record<EntityKind, number> = { PERSON: 0, ORGANIZATION: 1, PLACE: 2 };

// a party's adjective and a legislature's own word ("the Democratic Congress"; see extractEntities)
const PARTY_ADJECTIVE = /^(?:Democratic|Republican|Conservative|Liberal|Labour|Labor|Tory|Socialist|Communist)$/;
const LEGISLATURE_WORD = /^(?:Congress|Senate|House|Assembly|Parliament|Legislature)$/;
// a law's name after a lower-case preposition: "... in Housing Act", "... for Families Bill", "... to Vote Act"
const LAW_TAIL =
  /^[ \t]+(?:in|for|to|on|of|against|with)[ \t]+(?:(?:\p{Lu}[\p{L}'’-]*|of|the|and|for|in|on|to)[ \t]+){0,5}?(?:Act|Bill)\b/u;

/** Extract people, organisations and places from an article. */
export function extractEntities(title: string, body: string): ExtractedEntity[] {
  const text = title ? `${title}\n\n${body}` : body;
  const titleEnd = title ? title.length : 0;
  const tokens = tokenize(text);
  const lowerWords = new Set<string>();
  // (not the parts of an e-mail address or a web address: "claire.bailey-ross@port.ac.uk" is no prose "claire")
  const inAddress = (t: Token) =>
    /[@./]\S/.test(text.slice(t.end, t.end + 2)) || /\S[@./]$/.test(text.slice(Math.max(0, t.start - 2), t.start));
  for (const t of tokens) if (t.word && !t.cap && !inAddress(t)) lowerWords.add(t.text.toLowerCase());
  // cheap lexicon tags for typing; compromise's tagger only for sentence-initial words it must judge
  const tags = lexiconTagLookup(tokens, lowerWords);
  const deepTags = lazyCompromiseTags(text, tokens);

  // words the body capitalises where no sentence starts (a headline capitalises for style, so it does not count)
  const midCaps = new Set<string>();
  // (and pairs of capitalised words that start mid-sentence, "dries mertens")
  tokens.forEach((t, k) => {
    if (!t.cap || t.sentStart || t.start < titleEnd) return;
    midCaps.add(lower(t));
    const n = tokens[k + 1];
    if (n?.cap && /^[ \t]+$/.test(text.slice(t.end, n.start))) midCaps.add(`${lower(t)} ${lower(n)}`);
  });
  const chunks = chunk(tokens, text, lowerWords, deepTags, midCaps);
  const headlineTitleCase = isTitleCaseHeadline(tokens.filter((t) => t.end <= titleEnd));
  // A headline's first word is capitalised whatever it is ("Story ...", "Factory ..."): a run that
  // opens the headline must be confirmed by the body or a gazetteer, as in a Title Case headline.
  const firstTitleToken = titleEnd > 0 ? tokens.find((t) => t.word) : undefined;

  const isFurniture = furnitureLines(text);
  const spans: Span[] = [];
  const bodyNames = new Set<string>();
  // "Okafor Signs Budget" over a body that names "Governor Ada Okafor": a headline names a person by the surname
  const bodySurnames = new Set<string>();
  const titleChunks: Token[][] = [];
  for (const run of chunks) {
    const label = run[0]!.start >= titleEnd ? speakerLabelName(run, text) : null;
    if (label) {
      spans.push({ tokens: label, kind: 'PERSON', evidence: 2, inTitle: false });
      bodyNames.add(normaliseName(spanText(text, label)));
      continue;
    }
    if ((run[0]!.start < titleEnd && (headlineTitleCase || run[0] === firstTitleToken)) || isFurniture(run[0]!.start)) {
      titleChunks.push(run);
      continue;
    }
    for (const seg of splitTitles(run)) {
      for (const r of refineSegment(seg, text, lowerWords)) {
        // "the Yellow sea": a sea whose name is an English word, kept for its lower-case head (see markPlaces)
        const typed = typeSpan(r, text, tags, lowerWords) ?? (headedSea(r.tokens, text) ? untypedSpan(r.tokens) : null);
        if (!typed) continue;
        for (const sp of splitEventPlace(typed, text, lowerWords)) {
          sp.inTitle = run[0]!.start < titleEnd;
          spans.push(sp);
          if (!sp.inTitle) bodyNames.add(normaliseName(spanText(text, sp.tokens)));
          if (!sp.inTitle && sp.kind === 'PERSON' && sp.tokens.length >= 2)
            bodySurnames.add(normaliseName(sp.tokens[sp.tokens.length - 1]!.text));
        }
      }
    }
  }
  // A Title Case headline capitalises everything; keep only the parts that the body (or a
  // gazetteer) confirms as names.
  for (const run of titleChunks) {
    // "Jerry 6/25/90", "Marta Quell, 3 May 1998": a line of a name and a date alone heads a letter or a diary's entry,
    // with who writes or is written to; a given name the lists hold (and a surname) is that person
    if (
      run[0]!.start >= titleEnd &&
      /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, run[0]!.start - 4), run[0]!.start)) &&
      LINE_DATE_AFTER.test(text.slice(run[run.length - 1]!.end, run[run.length - 1]!.end + 24)) &&
      run.every((t) => t.cap && !t.allCaps) &&
      (givenNamePair(run, lowerWords, text) ||
        (run.length === 1 &&
          isListedGivenName(run[0]!.text) &&
          !lowerWords.has(lower(run[0]!)) &&
          !isPlaceName(run[0]!.text) &&
          !TITLE_WORDS.has(lower(run[0]!))))
    ) {
      spans.push({ tokens: run, kind: 'PERSON', evidence: 2, inTitle: false });
      continue;
    }
    // "... It is not too late to change your mind.\n\nMarta Quell": a given name and a surname alone on a letter's last
    // line are its signer's, no heading's words
    if (
      run[0]!.start >= titleEnd &&
      !text.slice(run[run.length - 1]!.end).trim() &&
      /\n[ \t]*$/.test(text.slice(0, run[0]!.start)) &&
      run.every((t) => t.cap) &&
      givenNamePair(run, lowerWords, text)
    ) {
      spans.push({ tokens: run, kind: 'PERSON', evidence: 2, inTitle: false });
      continue;
    }
    let i = 0;
    while (i < run.length) {
      let found = 0;
      for (let n = run.length - i; n >= 1; n--) {
        const sub = run.slice(i, i + n);
        if (!sub[0]!.cap || !sub[n - 1]!.cap) continue;
        const s = normaliseName(spanText(text, sub));
        // "Ali Qapu Palace", "Shah Mosque": a guide's heading that is a name closed by a place head, its other words no
        // English words ("Train Station", "Old Town" are headings of kind, not names)
        const headed =
          n >= 2 &&
          PLACE_HEADS.has(lower(sub[n - 1]!)) &&
          sub.slice(0, -1).every((t) => t.cap && !t.allCaps && !ordinaryWord(t.text, lowerWords) && !isStop(t));
        // (a lone word that is the last of a person's name the body gives in full is that person's surname, as headlines
        // write it: "Remarks by President Okafor", "Okafor Floor Speech")
        // ("Children Jérôme Okafor" in an infobox: a given name before such a surname names a relative who shares it)
        const surname =
          (n === 1 && sub[0]!.cap && !sub[0]!.allCaps && bodySurnames.has(s) && !bodyNames.has(s)) ||
          (n === 2 &&
            isListedGivenName(sub[0]!.text) &&
            !sub[1]!.allCaps &&
            bodySurnames.has(normaliseName(sub[1]!.text)) &&
            !bodyNames.has(s));
        if (surname) {
          spans.push({ tokens: sub, kind: 'PERSON', evidence: 1, inTitle: true });
          found = n;
          break;
        }
        // ("Terminal 3: Delta, Frontier": a numbered part of a port names itself by its shape, in a guide's short
        // line too)
        const numbered = n === 1 && sub[0]!.start >= titleEnd && numberedPlaceAt(sub[0]!, text);
        // "Plac Kessowy", "Mount Tarvel": so is a name opened by a place's class word, its other words no English words
        // ("City Guide", "State Parks" are headings of kind)
        const opened =
          n >= 2 &&
          PLACE_OPENERS.has(lower(sub[0]!)) &&
          sub.slice(1).every((t) => t.cap && !t.allCaps && !ordinaryWord(t.text, lowerWords) && !isStop(t));
        if (bodyNames.has(s) || isPlaceName(s) || headed || numbered || opened) {
          const sp = typeSpan({ tokens: sub, afterTitle: false }, text, tags, lowerWords);
          if (sp) {
            sp.inTitle = true;
            spans.push(sp);
          }
          found = n;
          break;
        }
      }
      i += found || 1;
    }
  }
  spans.sort((a, b) => a.tokens[0]!.start - b.tokens[0]!.start);
  markCraftNames(spans, text);
  markStormNames(spans, text);
  markAgentive(spans, tokens, tags);
  markContextEvidence(spans, tokens, text, lowerWords);
  markAdministrations(spans, text);
  markReportingBodies(spans, tokens, text);
  markEmployers(spans, text, lowerWords);
  markMatchSides(spans, text);
  markPlaces(spans, text, lowerWords);
  markBodyLists(spans, text, lowerWords);
  markListedBodies(spans, tokens, text);
  markPeopleLists(spans, text);
  markBracketedAliases(spans, text);
  markKnownNames(spans, tokens, text, lowerWords, deepTags);
  // "the Democratic Congress", "a new Republican Senate majority": a party's adjective before a legislature's own word
  // says which party holds it; the legislature's name is the word alone (not "the Democratic Party", "the Labour
  // Caucus": the party's name, or a body of the party's members)
  for (const sp of spans) {
    if (sp.kind !== 'ORGANIZATION' || sp.tokens.length !== 2) continue;
    if (PARTY_ADJECTIVE.test(sp.tokens[0]!.text) && LEGISLATURE_WORD.test(sp.tokens[1]!.text))
      sp.tokens = sp.tokens.slice(1);
  }
  // "the Tomas Quell Justice in Housing Act": a law's name runs on across a lower-case preposition to its "Act" or
  // "Bill", so English words that end a person's name before one ("Justice") are the law's words, not the person's;
  // the person it is named after stays (their given name and surname)
  for (const sp of spans) {
    if (sp.kind !== 'PERSON' || sp.tokens.length < 3) continue;
    if (!LAW_TAIL.test(text.slice(sp.tokens[sp.tokens.length - 1]!.end, sp.tokens[sp.tokens.length - 1]!.end + 80)))
      continue;
    let n = sp.tokens.length;
    while (n > 2 && ordinaryWord(sp.tokens[n - 1]!.text, lowerWords)) n--;
    sp.tokens = sp.tokens.slice(0, n);
  }
  // "the Tomas Ferreira Statue": a statue or a bust named after whom it shows is a thing, its name a mention of them
  // (a monarch's regnal number stays: "Louis XIV" and "Louis XVI" are two people, though GUM's gold leaves it out)
  for (const sp of spans) {
    if (
      sp.kind === 'PERSON' &&
      sp.tokens.length >= 2 &&
      /^(?:Statue|Bust)$/.test(sp.tokens[sp.tokens.length - 1]!.text)
    )
      sp.tokens = sp.tokens.slice(0, -1);
  }
  const entities = groupEntities(spans, text, titleEnd);
  addLeadRenderings(entities, text, titleEnd);
  return entities;
}

/**
 * Knowledge, not evidence from the sentence, so it comes last: a name that nothing in the article typed, not even its
 * context, and that the article never writes in lower case, is what a reader knows it to be (evidence 0, as a plain
 * name's: groupEntities still unsets or folds it, "a Herzl of his own making", "Daniel Montalvo" ... "Montalvo"). Every
 * reading the article gives the word wins ("the CEO of Hilton", "the folk music of Moravia" are read by their context
 * before this). The tagger is asked once per following word, for a bounded number of words an article (a long list
 * of names before common nouns would otherwise run it thousands of times); past the bound a name stays untyped.
 */
function markKnownNames(
  spans: Span[],
  tokens: Token[],
  text: string,
  lowerWords: Set<string>,
  deepTags: TagLookup,
): void {
  const nounAfter = new Map<string, boolean>();
  const modifies = (t: Token) => namesAThing(t, tokens, text, deepTags, nounAfter);
  for (const sp of spans) {
    if (sp.kind !== null || sp.other || sp.acronym) continue;
    const kind = knownPerson(sp, text, lowerWords, modifies) ?? knownPlace(sp, text, lowerWords, modifies);
    if (!kind) continue;
    sp.kind = kind;
    sp.evidence = 0;
  }
}

/**
 * "Herzl was visited by", "with the help of Goldbach", "[Tiberius] reportedly regretted": a lone word that is the
 * surname of a globally known person (`notable-people.txt` holds no English word, place, demonym or organisation) is
 * that person; where one studies or teaches, the school named after its founder ("taught at Cornell"). Not before a
 * common noun, which names a thing after the person ("Doppler radar", see namesAThing).
 */
function knownPerson(
  sp: Span,
  text: string,
  lowerWords: Set<string>,
  modifies: (t: Token) => boolean,
): EntityKind | null {
  if (sp.tokens.length !== 1) return null;
  const t = sp.tokens[0]!;
  if (!t.cap || t.allCaps || lowerWords.has(lower(t)) || !isNotablePersonName(t.text) || modifies(t)) return null;
  return SCHOOL_BEFORE.test(text.slice(Math.max(0, t.start - 32), t.start)) ? 'ORGANIZATION' : 'PERSON';
}

/**
 * "There's a Miramar in Florida", "the wetlands between the Danevirke and Husum", "Try Varkala": a name of one to three
 * words that is a listed town (`world-towns.txt`) is that town, where the name has no other reading: it is no English
 * word (`towns-also-words.txt`), none of its words is written in lower case in the article or read as an ordinary word,
 * a given name, a surname (the lexicon's or a notable person's) or a demonym, and it is no listed organisation. A word
 * that a particle joins to a longer name is part of that name ("Punta del Este", "Centro de Investigación", "née
 * Buckley"); one before a common noun modifies it ("the Harlow chart"). The one word a university is known by
 * (`universities.txt`) is that university, before a noun too ("studied at Harvard", "a Tsinghua professor").
 */
function knownPlace(
  sp: Span,
  text: string,
  lowerWords: Set<string>,
  modifies: (t: Token) => boolean,
): EntityKind | null {
  if (sp.tokens.length > 3 || !sp.tokens.every((t) => t.cap && !t.allCaps)) return null;
  const name = spanText(text, sp.tokens);
  if (sp.tokens.length === 1 && isListedUniversity(name) && !lowerWords.has(lower(sp.tokens[0]!)))
    return 'ORGANIZATION';
  if (!isTownByNameAlone(name) || isListedOrganisation(name)) return null;
  if (sp.tokens.some((t) => otherThanTown(t, lowerWords))) return null;
  const first = sp.tokens[0]!;
  const last = sp.tokens[sp.tokens.length - 1]!;
  if (PARTICLE_BEFORE.test(text.slice(Math.max(0, first.start - 12), first.start))) return null;
  const after = text.slice(last.end, last.end + 12);
  if (PARTICLE_AFTER.test(after) || OWNER_OR_CITED_AFTER.test(after) || APPOSITION_AFTER.test(after)) return null;
  if (modifies(last) || modifiesAfterDeterminer(first, after, text)) return null;
  return 'PLACE';
}

const PARTICLE_BEFORE =
  /\b(?:de|del|de[ \t]+la|de[ \t]+las|de[ \t]+los|da|do|dos|das|di|della|van|von|der|la|le|el|al|bin|ibn|n[ée]e|born)[ \t]+$/i;
// ("Hawthorne's second play", "Hawthorne & Lisle [4]", "Tempe, a design studio,": what a possessive, a co-author, a
// citation or an apposition after the name says of it is for the context rules to read, not for the list)
const OWNER_OR_CITED_AFTER = /^(?:['’]s?\b|[ \t]*(?:&|\[\d|\(\d{4}|et[ \t]+al\b))/;
const APPOSITION_AFTER = /^,[ \t]+(?:a|an|the)[ \t]/i;
/** "the Harlow chart", "a Kessby firm": a name between a determiner and a lower-case word other than a function word. */
function modifiesAfterDeterminer(first: Token, after: string, text: string): boolean {
  const next = /^[ \t]+(\p{Ll}+)/u.exec(after)?.[1];
  return (
    !!next &&
    !FUNCTION_AFTER.has(next) &&
    /\b(?:the|a|an|this|these|those|his|her|its|their|our|my|your)[ \t]+$/i.test(
      text.slice(Math.max(0, first.start - 7), first.start),
    )
  );
}
const PARTICLE_AFTER = /^[ \t]+(?:de|del|da|do|di|della|van|von|der|la|las|los|le|el|y)[ \t]+\p{L}/u;

/** A word of a town's name that reads as something else too: an ordinary word, a given name, a surname, a people. */
function otherThanTown(t: Token, lowerWords: Set<string>): boolean {
  const l = lower(t);
  return (
    lowerWords.has(l) ||
    alsoEnglishWord(t.text) ||
    isListedGivenName(t.text) ||
    isKnownFirstName(t.text) ||
    isNotablePersonName(t.text) ||
    lexiconTags(l).includes('LastName') ||
    isDemonym(t.text)
  );
}

const SCHOOL_BEFORE =
  /\b(?:taught|teach(?:es|ing)?|stud(?:ied|ies|ying)|lectur(?:ed|es|ing)|enrolled|educated|graduat(?:ed|es|ing)|matriculated|professor|professorship|fellow|student|students|degree|degrees|doctorate)[ \t]+(?:at|from)[ \t]+$/i;
const EPONYMOUS_CONDITION_AFTER = /^['’]s[ \t]+(?:disease|syndrome|disorder)\b/;
const MAX_TAGGED_WORDS_AFTER = 64;
/**
 * "Doppler radar", "a Geiger counter", "Alzheimer's disease": a surname before a common noun, or a condition named in
 * the possessive, names a thing called after the person (a device, a method, an illness), not the person.
 */
function namesAThing(
  t: Token,
  tokens: Token[],
  text: string,
  deepTags: TagLookup,
  nounAfter: Map<string, boolean>,
): boolean {
  const after = text.slice(t.end, t.end + 24);
  if (EPONYMOUS_CONDITION_AFTER.test(after)) return true;
  if (!/^[ \t]+\p{Ll}/u.test(after)) return false;
  const k = tokenAt(tokens, t.start);
  const next = k === undefined ? undefined : tokens[k + 1];
  if (!next) return false;
  const key = next.text.toLowerCase();
  let noun = nounAfter.get(key);
  if (noun === undefined) {
    if (nounAfter.size >= MAX_TAGGED_WORDS_AFTER) return true;
    const tags = deepTags.get(next.start) ?? [];
    noun = tags.includes('Noun') && !tags.includes('Verb');
    nounAfter.set(key, noun);
  }
  return noun;
}

// "Ilona Várhegyi (/ ˈvɑːrhɛdʒi / VAR-hedj-ee; Hungarian: [ˈilonɒ ˈvaːrhɛɟi]; Greek: Ιλόνα; 3 May 1901 – 1980)": the
// bracket after a person's name where an encyclopedia's article opens gives the name again, as it is pronounced (IPA
// between slashes or square brackets, a respelling after the slashes) and as it is written in the person's languages
// ("Latin: ...", "Greek: ..."); each is a mention of that person. Dates, ages and "born ..." are no renderings.
const RENDERING_LABEL =
  /^(?:[\p{Lu}][\p{L}-]*[ \t]+)?(?:[\p{Lu}][\p{L}-]*|pronunciation)(?:[ \t]+pronunciation)?:[ \t]*/u;
function addLeadRenderings(entities: ExtractedEntity[], text: string, titleEnd: number): void {
  const bodyStart = titleEnd ? titleEnd + 2 : 0;
  let lead: { entity: ExtractedEntity; at: number } | undefined;
  for (const e of entities) {
    if (e.kind !== 'PERSON') continue;
    for (const m of e.mentions) {
      if (m.start < bodyStart || m.start > bodyStart + 400) continue;
      // the article's subject opens a line or the text, the bracket right after the name
      if (!/(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, m.start - 4), m.start))) continue;
      if (!/^[ \t]*\(/.test(text.slice(m.end, m.end + 3))) continue;
      if (!lead || m.start < lead.at) lead = { entity: e, at: m.end };
    }
  }
  if (!lead) return;
  const open = text.indexOf('(', lead.at);
  // the bracket's own end (brackets inside it, as in "d(ə)", nest)
  let depth = 0;
  let close = -1;
  for (let i = open; i < text.length && i < open + 400 && text[i] !== '\n'; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return;
  const taken = (a: number, b: number) => entities.some((e) => e.mentions.some((m) => m.start < b && a < m.end));
  const add = (a: number, b: number) => {
    while (a < b && /[\s,]/.test(text[a]!)) a++;
    while (b > a && /[\s,]/.test(text[b - 1]!)) b--;
    if (b - a < 2 || !/\p{L}/u.test(text.slice(a, b)) || taken(a, b)) return;
    lead!.entity.mentions.push({ start: a, end: b, text: text.slice(a, b) });
    lead!.entity.mentionCount++;
  };
  let at = open + 1;
  for (const part of text.slice(open + 1, close).split(';')) {
    const start = at;
    at += part.length + 1;
    // "/ ˈvɑːrhɛdʒi, -dʒi / VAR-hedj-ee": the first transcription between the slashes, and a respelling after them
    const slash = /^([ \t]*\/)([^/,]*)(?:,[^/]*)?\/([^/]*)$/u.exec(part);
    if (slash) {
      const a = start + slash[1]!.length;
      add(a, a + slash[2]!.length);
      add(start + part.length - slash[3]!.length, start + part.length);
      continue;
    }
    const label = RENDERING_LABEL.exec(part.trimStart());
    if (!label) continue;
    const a = start + (part.length - part.trimStart().length) + label[0].length;
    const value = text.slice(a, start + part.length);
    // "[ˈilonɒ ˈvaːrhɛɟi]": a transcription in square brackets; else the name as written in that language
    const bracketed = /^\[([^\]]+)\]/.exec(value);
    if (bracketed) add(a + 1, a + 1 + bracketed[1]!.length);
    else if (!/\d/.test(value)) add(a, start + part.length);
  }
  lead.entity.mentions.sort((x, y) => x.start - y.start);
}

// "the Christian name of Leopold", "her pseudonym Jenna Marbles", "the name \"Marbles\"", "\"Mourey\", their legal
// surname": a name cited as a word, after a noun for a name or before one in apposition, is spoken of, not a mention of
// whoever bears it (not "in the name of God", an oath that calls on the one named, nor "a man by the name of ...",
// which introduces the one named)
const NAME_NOUN = '(?:name|surname|pseudonym|nickname|alias|sobriquet)';
const NAME_AS_WORD_BEFORE = new RegExp(String.raw`\b${NAME_NOUN}(?:[ \t]+of)?[ \t]*["“]?$`);
const NAME_AS_WORD_AFTER = new RegExp(
  String.raw`^["”]?,[ \t]+(?:their|his|her|its|the)[ \t]+(?:\p{Ll}+[ \t]+)?${NAME_NOUN}\b`,
  'u',
);
// "their four dogs, Marbles, Kermit, Peach and Bunny": a list that a plural noun for animals introduces names pets,
// not people (as pass 12's lists after a plural noun for people hold people only)
const PETS_LIST_BEFORE =
  /\b(?:dogs|cats|pets|horses|ponies|puppies|kittens|parrots|rabbits|hamsters)[,:][ \t]+(?:\p{Lu}[\p{L}'’-]*(?:[ \t]+\p{Lu}[\p{L}'’-]*)?(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+))*$/u;

// "won the Brannock Award for Best Actress for Viva Quell! (1965)": after a prize's category, a second "for" gives the
// work the prize honoured, a title with its year in brackets (the person honoured is who won it, named before)
const PRIZE_CATEGORY_FOR = /\bfor[ \t]+(?:Best|Outstanding)[ \t][^.;:()\n]{0,40}[ \t]for[ \t]+$/;
const TITLE_YEAR_AFTER = /^[!?]?[ \t]*\((?:1[89]|20)\d\d\)/;
function honouredWork(text: string, m: ExtractedMention): boolean {
  return (
    PRIZE_CATEGORY_FOR.test(text.slice(Math.max(0, m.start - 60), m.start)) &&
    TITLE_YEAR_AFTER.test(text.slice(m.end, m.end + 10))
  );
}
// "her dog \"Mr. Biscuit\"", "his horse Copper Star", "their cat, Tilly": a name in apposition right after a noun for
// one animal is the animal's, however people-like (a courtesy title given to a pet in jest), not a person's
const PET_BEFORE =
  /\b(?:dog|cat|pet|horse|pony|puppy|kitten|parrot|rabbit|hamster)[,:]?[ \t]+["“]?(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lady|Lord)\.?[ \t]+)?$/u;
// "their favorite painting, \"Joan of Arc\", by Jules Bastien-Lepage": a title in quotes credited with "by" is a work's,
// and a name inside it is no mention of a person
// "Fed. R. Civ. P. 12(b)(6)", "Fed. R. Evid. 403", "Cal. R. App. P.": the citation of a body of court rules, whose
// abbreviated words ("R.", "Civ.", "P.") look like a person's initials but name no one
const COURT_RULES_CITATION =
  /\b(?:\p{Lu}\p{Ll}{1,4}\.[ \t]*)?R\.[ \t]*(?:Civ|Crim|App|Evid|Bankr|Prof)\.(?:[ \t]*(?:Proc\.|P\.|Conduct))?/gu;
const QUOTED_WORK_AFTER = /^[^"”\n]{0,40}["”],?[ \t]+by[ \t]/;
const QUOTE_OPEN_BEFORE = /["“][^"”\n]{0,40}$/;

// "their version of “Knuck If You Buck”", "the single \"Love Me Like You Do\"": a quotation in title case whose
// capitalised words include a pronoun, a conjunction or a verb's helper after its first word is a work's title (a
// sentence quoted capitalises no such word mid-way), and a lone given name in it names no one (a full name may be
// the person the work is about: "the headline \"Mara Quist Is Back\"")
const TITLE_CASE_QUOTE = /["“]((?:\p{Lu}[\p{L}'’-]*[ \t]+){1,8}\p{Lu}[\p{L}'’-]*)[?!]?["”]/gu;
const TITLE_FUNCTION_WORD =
  /[ \t](?:If|You|Me|I|We|Us|It|My|Your|Our|They|Them|He|She|Him|Her|When|And|But|Or|Is|Are|Was|Be|Do|Don't|Can't|Will)(?=[ \t]|$)/u;
const WORK_NOUN_BEFORE_QUOTE =
  /\b(?:songs?|singles?|albums?|tracks?|EPs?|films?|movies?|shows?|series|books?|novels?|plays?|poems?|versions?|covers?|hits?|titles?|episodes?|records?|anthems?|ballads?|tunes?|musicals?|sketch(?:es)?|remix(?:es)?|sang|sings|performed|recorded|released|wrote|headlines?)\b/i;
const quotedTitles = perArticle((text): [number, number][] => {
  const ranges: [number, number][] = [];
  if (!/["“]/.test(text)) return ranges;
  for (const m of text.matchAll(TITLE_CASE_QUOTE)) {
    // (after a noun for a work in its sentence: a sign, a banner or a chant is title-cased too and names people, "The
    // sign read "Welcome Home Harry And Meghan"")
    if (
      TITLE_FUNCTION_WORD.test(m[1]!) &&
      WORK_NOUN_BEFORE_QUOTE.test(
        text.slice(Math.max(text.lastIndexOf('. ', m.index!), text.lastIndexOf('\n', m.index!), 0), m.index!),
      )
    )
      ranges.push([m.index! + 1, m.index! + 1 + m[1]!.length]);
  }
  return ranges;
});

// "not present in south Sami", "northern Sotho": a compass adjective in lower case before one word marks a part of a
// land, a people or a language, never a person ("south Sami" had been the given name)
const COMPASS_ADJECTIVE_BEFORE =
  /\b(?:north|south|east|west|northern|southern|eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western)[ \t]+$/;

// "Jin Ping Mei, published in 1610, ...": what is published, in apposition, is a book or a paper, not its author
// (an author is said to publish, or to be published in a journal, not set off so)
const PUBLISHED_AFTER = /^,[ \t]+(?:first[ \t]+)?published[ \t]+(?:in|by|on)\b/;
// (a work's title of more than one word, not a given name and a surname, nor after a title or an author's preposition: "a letter from
// Harris, published on Monday", "the study by Jones, published in Nature", "Dr Patel, published by", "Rowling,
// published by Bloomsbury" and "Sarah Jenkins, published in March" are authors)
const AUTHOR_BEFORE = /(?:\b(?:by|from|of|and|with|to)|&)[ \t]+$/i;
function publishedWork(text: string, m: ExtractedMention): boolean {
  if (!PUBLISHED_AFTER.test(text.slice(m.end, m.end + 32)) || !/\s/.test(m.text)) return false;
  const words = m.text.split(/\s+/);
  if (words.length === 2 && isListedGivenName(words[0]!)) return false;
  const before = text.slice(Math.max(0, m.start - 24), m.start);
  const prev = /(\p{L}+)\.?[ \t]+$/u.exec(before);
  return !AUTHOR_BEFORE.test(before) && !(prev && TITLE_WORDS.has(prev[1]!.toLowerCase()));
}

// "a brand of dog toys called Kermie Worm & Mr. Marbles", "an app called Quell": what a product or a brand is called is
// the product's name, however like a person's (the names a list joins to it too)
// (not a person a brand or a game names to a post or an honour: "The beer brand named Tom Hardy as its face", "the
// game named Harry Kane player of the year")
const APPOINTED_AS_AFTER =
  /^(?:[ \t]+(?:and|&)[ \t]+(?:\p{Lu}[\p{L}'’.-]*[ \t]+)*\p{Lu}[\p{L}'’.-]*)?[ \t]+(?:as|its|their|his|her|our|the|to|chief|chair(?:man|woman)?|head|captain|ambassador|player|man|woman|manager|director|president|boss|editor|coach|winner)\b/u;
const PRODUCT_CALLED_BEFORE =
  /\b(?:brands?|products?|toys?|apps?|games?|drinks?|beers?|perfumes?|fragrances?|gadgets?|dolls?|robots?)(?:[ \t]+of[ \t]+\p{Ll}+(?:[ \t]+\p{Ll}+)?)?[ \t]+(?:called|named|dubbed)[ \t]+["“]?(?:\p{Lu}[\p{L}'’.-]*[ \t]+)*(?:(?:&|and|,)[ \t]+(?:\p{Lu}[\p{L}'’.-]*[ \t]+)*)?$/u;

/** Whether a mention is a name cited as a word (see NAME_AS_WORD_BEFORE). */
function citedAsWord(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  if (NAME_AS_WORD_BEFORE.test(before) && !/\b(?:in|by|under)[ \t]+the[ \t]+name[ \t]+of[ \t]*$/i.test(before))
    return true;
  return /["“]$/.test(before) && NAME_AS_WORD_AFTER.test(text.slice(end, end + 40));
}

// "Terminal 3: Delta, Frontier, Hawaiian, JetBlue": a line that lists names after a label, one or two capitalised words
// each (a bracketed note may follow one: "Alaska (Gates 10 & 11)")
const LABELLED_LIST = /^([\p{Lu}][^\n:]{0,30}):[ \t]+([^\n]+)$/gmu;
const LIST_ITEM = /^(\p{Lu}[\p{L}'’.-]*(?:[ \t]+\p{Lu}[\p{L}'’.-]*){0,2})(?:[ \t]*\([^()\n]*\))?$/u;
/**
 * Like is listed with like: where the lines of a labelled list ("Terminal 2: ...", "Terminal 3: ...", read together
 * when their labels open with the same word) name at least two known bodies and they make up a third of the items,
 * every item is a body of that kind ("Spirit", "United", "Southwest", "Alaska" among the airlines of a travel
 * guide's terminals), whatever its words could be on their own.
 */
function markListedBodies(spans: Span[], tokens: Token[], text: string): void {
  const groups = new Map<string, { start: number; end: number }[][]>();
  for (const m of text.matchAll(LABELLED_LIST)) {
    const listStart = m.index + m[0].length - m[2]!.length;
    const items: { start: number; end: number }[] = [];
    let at = listStart;
    for (const part of m[2]!.split(',')) {
      const lead = part.length - part.trimStart().length;
      const item = LIST_ITEM.exec(part.trim());
      if (!item) {
        items.length = 0;
        break;
      }
      items.push({ start: at + lead, end: at + lead + item[1]!.length });
      at += part.length + 1;
    }
    if (items.length < 2) continue;
    const label = m[1]!.split(/[ \t]/)[0]!.toLowerCase();
    const g = groups.get(label) ?? [];
    g.push(items);
    groups.set(label, g);
  }
  const claimed: { start: number; end: number }[] = [];
  for (const lines of groups.values()) {
    const items = lines.flat();
    if (items.length < 3) continue;
    const known = items.filter((it) => {
      const name = text.slice(it.start, it.end);
      const last = name
        .split(/[ \t]+/)
        .pop()!
        .toLowerCase();
      return isListedOrganisation(name) || isKnownOrganisation(name) || (name.includes(' ') && ORG_HEADS.has(last));
    }).length;
    if (known >= 2 && known * 3 >= items.length) claimed.push(...items);
  }
  if (!claimed.length) return;
  // the spans a listed item overlaps give way to it (one pass over the spans)
  const taken = new Uint8Array(text.length);
  for (const it of claimed) taken.fill(1, it.start, it.end);
  const kept = spans.filter(
    (sp) => !taken.subarray(sp.tokens[0]!.start, sp.tokens[sp.tokens.length - 1]!.end).includes(1),
  );
  for (const it of claimed) {
    const first = tokenAt(tokens, it.start);
    if (first === undefined) continue;
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1]!.end <= it.end) last++;
    kept.push({ tokens: tokens.slice(first, last + 1), kind: 'ORGANIZATION', evidence: 3, inTitle: false });
  }
  kept.sort((a, b) => a.tokens[0]!.start - b.tokens[0]!.start);
  spans.length = 0;
  for (const sp of kept) spans.push(sp);
}

const SPEECH_VERBS = new Set([
  'said',
  'says',
  'told',
  'added',
  'explained',
  'stated',
  'argued',
  'wrote',
  'recalled',
  'noted',
  'claimed',
  'insisted',
  'asked',
  'replied',
  // the present of scholarly and spoken report ("Ruse argues", "as Street claims"): textbooks and papers cite their
  // authors so
  'argues',
  'claims',
  'contends',
  'insists',
  'writes',
  'explains',
]);

const MODAL_SPEECH_AFTER =
  /^[ \t]+(?:could|would|will|can|should|might|may|must)(?:[ \t]+not)?[ \t]+(?:say|tell|speak|explain|argue|claim|write|ask|reply|insist)\b/;

// "the Clarion reported", "The Guardian cited", "the Vessel Trust said": a name after "the" that reports, states or
// says is a body (a newspaper, an agency, a court), since English sets no article before a person's name; not a title
// ("the Chief Justice said", "the Pope said"), a role noun or a people ("the Americans said"). Only the past tense of
// news report: a book or a law speaks in the present ("the Bible says", "the Charter states")
const REPORTING_VERBS = new Set(
  'said told added explained stated argued wrote noted claimed insisted replied reported cited announced revealed confirmed estimated warned ruled'.split(
    ' ',
  ),
);
// "the newspaper "Die Zeit"", "the weekly Quell Anzeiger", "the band Tarrow Kin": a noun that only an outlet or a band
// answers to, right before a name of more than one word (a lone word is read with BODY_BEFORE), with the name's own
// quotation marks or none (not a radio band: "an L-band Sensor"; not "broadcaster", a person's trade too, "the
// broadcaster Gyles Brandreth"; "daily" and "weekly" only before a foreign article, as they are adjectives of events
// too, "the weekly Game Night"; not a band of tax, pay, age or frequency, "council tax band Band D", "the frequency band
// Ka Band")
const OUTLET_NOUN_BEFORE =
  /\b(?:newspapers?|magazine|tabloid|broadsheet|news[ \t]+agency|(?<!-|\b(?:tax|pay|age|income|price|salary|wage|frequency|radio|spectrum|rubber|wedding|time|grade|council)[ \t]+)band)[ \t]+["“]?$/i;
const DAILY_BEFORE = /\b(?:daily|weekly)[ \t]+["“]?$/i;
// "told Le Figaro", "according to El Mundo", "in an interview with Die Welt": a name opened by a French, Spanish,
// Italian, German or Dutch article is a title, and one that is told something or whose account a report follows is an
// outlet's (not a surname the article opens, "Le Pen", whose word is English; a listed place stays one)
const SOURCE_BEFORE =
  /\b(?:told|according[ \t]+to|interview(?:ed)?[ \t]+(?:with|by)|quoted[ \t]+by|(?:wrote|writing)[ \t]+in)[ \t]+["“]?$/i;
const FOREIGN_ARTICLE = /^(?:Le|La|Les|El|Il|Die|Der|Das|Het)$/;
// what may follow an outlet that is told something or whose account a report follows: a clause's or a phrase's opening
// word, no noun that the name modifies
const WORDS_AFTER_SOURCE = new Set(
  'that the a an on in at last this these about after before when while earlier yesterday today he she it they we i you his her their its our how why what who there was is had has were are would will and but so not by for to of with'.split(
    ' ',
  ),
);
const COUNTRYS_TITLE_BEFORE = /(\p{Lu}[\p{L}-]+)['’]s[ \t]+(?:le|la|les|el|il|die|der|das|het)[ \t]+$/u;
/** Whether the article writes `name` after a given name or another word that is only a name, as a person's surname. */
function surnameOfNamedPerson(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at > 0; at = text.indexOf(name, at + 1)) {
    // (a word in the possessive owns the name, "Italy's": it is no given name)
    const before = /(\p{Lu}[\p{L}'’-]*)(?<!['’]s)[ \t]+$/u.exec(text.slice(Math.max(0, at - 30), at))?.[1];
    if (before && !STOP_CAPS.has(before.toLowerCase()) && (isListedGivenName(before) || !alsoEnglishWord(before)))
      return true;
  }
  return false;
}
function namesOutlet(sp: Span, text: string): boolean {
  const [first, ...rest] = sp.tokens;
  const before = text.slice(Math.max(0, first!.start - 24), first!.start);
  const foreign = FOREIGN_ARTICLE.test(first!.text);
  if (rest.length && OUTLET_NOUN_BEFORE.test(before) && (foreign || !isListedGivenName(first!.text))) return true;
  if (rest.length && foreign && DAILY_BEFORE.test(before)) return true;
  // ("Italy's la Repubblica": a country's title, its article in lower case before the span, as English copy writes a
  // foreign title; with a capital the article opens surnames as often, "France's Le Maire said")
  const owned = COUNTRYS_TITLE_BEFORE.exec(before);
  const titled = !!owned && isPlaceName(owned[1]!) && sp.tokens.length <= 3;
  // (the title ends its phrase after "told" or "according to": "according to La Niña forecasts", "according to El
  // Clasico tradition" are no outlets)
  const last = sp.tokens[sp.tokens.length - 1]!;
  const next = /^[ \t]+(\p{Ll}+)/u.exec(text.slice(last.end, last.end + 24))?.[1];
  const source = rest.length > 0 && foreign && SOURCE_BEFORE.test(before) && (!next || WORDS_AFTER_SOURCE.has(next));
  return (
    (source || titled) &&
    (foreign ? rest : sp.tokens).every((t) => t.cap && !alsoEnglishWord(t.text)) &&
    !isPlaceName(spanText(text, sp.tokens)) &&
    // ("Bruno Le Maire ... according to Le Maire": the surname of a person the article names in full)
    !surnameOfNamedPerson(text, spanText(text, sp.tokens))
  );
}
function markReportingBodies(spans: Span[], tokens: Token[], text: string): void {
  for (const sp of spans) {
    if ((sp.kind === null || (sp.kind === 'PERSON' && sp.evidence <= 1)) && !sp.other && namesOutlet(sp, text)) {
      sp.kind = 'ORGANIZATION';
      sp.evidence = 2;
      // ("Italy's la Repubblica": the title's article in lower case is the title's first word)
      const article = tokens[tokenAt(tokens, sp.tokens[0]!.start)! - 1];
      if (
        article &&
        /^(?:le|la|les|el|il|die|der|das|het)$/.test(article.text) &&
        article.end + 1 === sp.tokens[0]!.start
      )
        sp.tokens = [article, ...sp.tokens];
      continue;
    }
    if (!(sp.kind === null || (sp.kind === 'PERSON' && sp.evidence === 0)) || sp.other || sp.acronym) continue;
    const first = sp.tokens[0]!;
    if (!/(?:^|[^\p{L}])[Tt]he[ \t]+$/u.test(text.slice(Math.max(0, first.start - 5), first.start))) continue;
    const next = tokens[tokenAt(tokens, sp.tokens[sp.tokens.length - 1]!.start)! + 1];
    if (!next || !REPORTING_VERBS.has(next.text) || next.start !== sp.tokens[sp.tokens.length - 1]!.end + 1) continue;
    if (sp.tokens.some((t) => TITLE_WORDS.has(lower(t)) || isDemonym(t.text) || isRoleWord(lower(t)))) continue;
    sp.kind = 'ORGANIZATION';
    sp.evidence = 2;
  }
}

// ("a degree in law from Vantorel", "a PhD from the Kessel Institute": where a degree is taken is a school, as
// biographies name one)
// "joined Brevanto in 2001", "worked for Quellmark", "hired by Dunvale", "graduated from Vantorel", "the founder of
// the Tarrow League", "a professor at Vantorel": what a person joins, works for, is hired by, signs with, founds,
// attends or graduates from, what a founder, a chief executive or a spokesman is of, and where a professor, a
// lecturer or a fellow is, is a body (a firm, a school, a club), where nothing else
// types the name; a lone word must be nothing but a name (no English word, given name or place: "joined Anna",
// "attended Mass")
// what is done for a school or a firm alone (founded, studied at, taught at, headed, spoken for): evidence enough for a
// lone word too
const FOUNDED_OR_STUDIED = String.raw`co-?founded|graduated[ \t]+from|enrolled[ \t]+at|(?:chief[ \t]+executive|CEO|founder|co-founder|chairman|chairwoman|spokes(?:man|woman|person))[ \t]+(?:of|for|at)|(?:professors?|lecturers?|researchers?|fellows?|instructors?|dean|doctorate|scientists|scholars|economists|engineers|students)[ \t]+at|(?:degree|diploma|doctorate|PhD|Ph\.D\.|bachelor['’]?s|master['’]?s|MBA)(?:[ \t]+in[ \t]+(?:[A-Za-z-]+[ \t]+){0,2}?[A-Za-z-]+)?[ \t]+from`;
const LONE_EMPLOYER_BEFORE = new RegExp(String.raw`\b(?:${FOUNDED_OR_STUDIED})[ \t]+(?:the[ \t]+)?$`);
const EMPLOYER_BEFORE = new RegExp(
  String.raw`\b(?:joined|joining|worked[ \t]+for|works[ \t]+for|working[ \t]+for|employed[ \t]+by|hired[ \t]+by|signed(?:[ \t]+(?:a|an)(?:[ \t]+[a-z-]+)?[ \t]+(?:contract|deal))?[ \t]+with|attended|${FOUNDED_OR_STUDIED})[ \t]+(?:the[ \t]+)?$`,
);
// "firms such as Brevanto", "services like QuillNet", "such bands as The Quiet Orchard": examples given of a plural
// class noun of bodies are bodies, as "villages like" gives places (see PLACES_LIKE_BEFORE); a lone word here may be a
// brand's ("QuillNet"), but not an English word, a given name or a place
const BODIES_LIKE_BEFORE =
  /\b(?:such[ \t]+)?(?:companies|firms|corporations|businesses|brands|retailers|stores|chains|universities|colleges|institutions|organi[sz]ations|charities|agencies|banks|airlines|publishers|newspapers|broadcasters|networks|clubs|bands|labels|services|platforms|websites|start-?ups|parties)[ \t]+(?:like|such[ \t]+as|including|(?<=\bsuch[ \t]+\p{L}+[ \t]+)as)[ \t]+(?:the[ \t]+)?$/iu;
// "Quellmark's chief executive", "Dunvale's shareholders": what only a firm has, in the possessive after a name, makes
// the name a firm's (not "coach", "staff", "students", "employees" or "headquarters", which people and campaigns have
// too: "Musk's employees", "Sunak's headquarters")
const FIRMS_OWN_AFTER =
  /^['’]s[ \t]+(?:CEO|chief[ \t]+executive|shareholders|subsidiary|subsidiaries|share[ \t]+price|stock[ \t]+price|board[ \t]+of[ \t]+directors)\b/;
// "QuellTel unlimited data customer Ana Ruiz", "Varnco cardholders": who has customers, subscribers, cardholders or
// policyholders is a firm. The words before the noun must be no verb's ("Kessler served customers"), and the name must
// stand mid-sentence, where a capital is no sentence's ("Business customers will pay more"); not in the possessive,
// where a shopkeeper or a broadcaster has them too ("Kessler's customers", "Farage's subscribers"), nor a tariff, which
// a government sets ("Trump's tariffs")
const FIRM_CLIENTS_AFTER =
  /^((?:[ \t]+[\p{Ll}-]+){0,3}?)[ \t]+(customers?|subscribers?|cardholders?|policyholders?)\b/u;
// "Quellmark has become the fourth American company to ...", "Varnco is a Danish carmaker that ...": a name the
// sentence calls a firm by its class noun, as news introduces one, is a firm's (as PLACE_CLASS_AFTER reads a town). The
// noun must close its phrase, so a compound that opens with it is not read ("Kessler was a company director"), and
// nouns that also describe a person's trade are left out ("a publisher", "a manufacturer", "a mail carrier")
const FIRM_CLASS_AFTER =
  /^[ \t]+(?:is|was|has[ \t]+become|had[ \t]+become|became|remains|remained)[ \t]+(?:now[ \t]+)?(?:a|an|the)[ \t]+(?:(?!(?:of|in|on|at|to|for|from|with|by|the|a|an|and|or)\b)[\p{L}\d-]+[ \t]+){0,3}?(?:company|corporation|conglomerate|multinational|automaker|carmaker|airline|broadcaster|insurer|start-?up|bank|newspaper|think[ \t]+tank|charity|non-?profit)(?=[ \t]*[,.;:)]|[ \t]+(?:to|in|of|that|which|with|whose|based|headquartered|founded|and|since|by)\b)/u;
// "the Liberal Democrats", "the National Socialists", "the Christian Democrats": a party named by its members in the
// plural, after "the", with a word of doctrine before it, is the party; not a legislature's members ("Senate
// Republicans", "the House Democrats"), a nation's or a region's ("the American Socialists", "the Southern Democrats"),
// which are groups of people
const PARTY_MEMBERS =
  /^(?:Democrats|Republicans|Socialists|Conservatives|Liberals|Communists|Nationalists|Unionists|Greens|Federalists|Progressives|Radicals|Libertarians)$/;
function partyNamedByMembers(sp: Span, text: string): boolean {
  const toks = sp.tokens;
  const first = toks[0]!;
  return (
    toks.length >= 2 &&
    toks.length <= 3 &&
    toks.every((t) => t.cap && !t.allCaps) &&
    PARTY_MEMBERS.test(toks[toks.length - 1]!.text) &&
    toks.slice(0, -1).every(
      (t) =>
        // a word of doctrine, an adjective ("Liberal", "Social", "Free", "Christian"), not a leader's name ("the
        // Reagan Democrats" are voters)
        (/(?:al|ic|ive|ian|ist)$/.test(lower(t)) ||
          lexiconTags(lower(t)).some((x) => /^(?:Adjective|Noun)$/.test(x))) &&
        !LEGISLATURE_WORD.test(t.text) &&
        !isDemonym(t.text) &&
        !isPlaceName(t.text) &&
        !COMPASS_PART.test(lower(t)),
    ) &&
    /\bthe[ \t]+$/i.test(text.slice(Math.max(0, first.start - 5), first.start))
  );
}
const BRAND_SHAPE = /^\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+$/u;
function firmsClientsAfter(text: string, sp: Span, end: number): boolean {
  const first = sp.tokens[0]!;
  const m = FIRM_CLIENTS_AFTER.exec(text.slice(end, end + 48));
  return (
    !!m &&
    !first.sentStart &&
    // (a lone plain word's subscribers are as often a broadcaster's or a writer's: "the Kardashian subscribers")
    !(m[2]!.startsWith('subscriber') && sp.tokens.length === 1 && !BRAND_SHAPE.test(first.text)) &&
    m[1]!
      .trim()
      .split(/[ \t]+/)
      .filter(Boolean)
      .every((w) => !STOP_CAPS.has(w) && !lexiconTags(w).some((x) => VERB_TAG.test(x) || x === 'Infinitive'))
  );
}
// "the Kessby v Varnholt cricket match", "the annual Quenby vs. Harrowgate game": two names joined by "v", "vs" or
// "versus" before a match, a game or a fixture (a sport's word may stand between) are the sides that play it, teams or
// schools, bodies, though a town's name names them; a side the text has typed a person is a player ("the Ilse Vossler
// v Kara Tarrant match") and is left, and so is a case's party, which no match follows ("Roe v. Wade")
const MATCH_SIDES_GAP = /^[ \t]+(?:v|vs|versus)\.?[ \t]+$/;
const MATCH_AFTER = /^[ \t]+(?:\p{Ll}+[ \t]+){0,2}?(?:match|matches|game|games|fixture|fixtures|derby)\b/u;
function markMatchSides(spans: Span[], text: string): void {
  spans.forEach((a, k) => {
    const b = spans[k + 1];
    if (!b) return;
    const gap = text.slice(a.tokens[a.tokens.length - 1]!.end, b.tokens[0]!.start);
    if (!MATCH_SIDES_GAP.test(gap)) return;
    if (!MATCH_AFTER.test(text.slice(b.tokens[b.tokens.length - 1]!.end, b.tokens[b.tokens.length - 1]!.end + 40)))
      return;
    const sides = [a, b];
    if (sides.some((o) => o.other || (o.kind === 'PERSON' && o.evidence >= 1))) return;
    for (const o of sides) {
      o.kind = 'ORGANIZATION';
      o.evidence = 3;
    }
  });
}
function markEmployers(spans: Span[], text: string, lowerWords: Set<string>): void {
  for (const sp of spans) {
    const end = sp.tokens[sp.tokens.length - 1]!.end;
    if (
      sp.kind === null &&
      !sp.other &&
      !sp.acronym &&
      (FIRMS_OWN_AFTER.test(text.slice(end, end + 32)) || firmsClientsAfter(text, sp, end)) &&
      // (at a sentence's start too: the possessive and what it owns are the evidence; a brand's inner capital,
      // "QuellTel", is no English word's)
      (sp.tokens.length > 1 ||
        isNameOnly({ ...sp.tokens[0]!, sentStart: false }, lowerWords) ||
        BRAND_SHAPE.test(sp.tokens[0]!.text))
    ) {
      sp.kind = 'ORGANIZATION';
      sp.evidence = 2;
      continue;
    }
    if (sp.kind === null && !sp.other && partyNamedByMembers(sp, text)) {
      sp.kind = 'ORGANIZATION';
      sp.evidence = 2;
      continue;
    }
    if (
      (sp.kind === null || (sp.kind === 'PERSON' && sp.evidence === 0)) &&
      !sp.other &&
      FIRM_CLASS_AFTER.test(text.slice(end, end + 80))
    ) {
      sp.kind = 'ORGANIZATION';
      sp.evidence = 2;
      continue;
    }
    if (sp.kind === null && !sp.other && !sp.acronym) {
      const t = sp.tokens[0]!;
      const lone = sp.tokens.length === 1;
      if (
        BODIES_LIKE_BEFORE.test(text.slice(Math.max(0, t.start - 40), t.start)) &&
        !(
          lone &&
          (isCommonWord(t, lowerWords) || isListedGivenName(t.text) || isPlaceName(t.text) || isDemonym(t.text))
        )
      ) {
        sp.kind = 'ORGANIZATION';
        sp.evidence = 2;
        continue;
      }
    }
    if (sp.other || sp.acronym) continue;
    const first = sp.tokens[0]!;
    const before = text.slice(Math.max(0, first.start - 40), first.start);
    // (a plain name's shape yields to the article before it: "the founder of the Tarrow Kin Hall")
    if (!(sp.kind === null || (sp.kind === 'PERSON' && sp.evidence === 0 && /\bthe[ \t]+$/.test(before)))) continue;
    if (!EMPLOYER_BEFORE.test(before)) continue;
    // (a lone word only after what is done for a school or a firm alone: one joins, works for, is hired by or
    // attends a person, an event or a service as often, "Harris joined Walz", "attended Davos", "attended Mass")
    if (sp.tokens.length === 1 && (!isNameOnly(first, lowerWords) || !LONE_EMPLOYER_BEFORE.test(before))) continue;
    sp.kind = 'ORGANIZATION';
    sp.evidence = 2;
  }
}

const ADMINISTRATION_AFTER = /^[ \t]+(?:administration|presidency)\b/;
/**
 * "the Bush administration", "a second Kessler presidency": an administration or a presidency is named after the
 * president who leads it, so a word before either that nothing else typed is that person's name (even an English word:
 * "Bush").
 */
function markAdministrations(spans: Span[], text: string): void {
  for (const sp of spans) {
    if (sp.kind !== null || sp.other || sp.acronym || sp.tokens.length !== 1 || !sp.tokens[0]!.cap) continue;
    if (!ADMINISTRATION_AFTER.test(text.slice(sp.tokens[0]!.end, sp.tokens[0]!.end + 20))) continue;
    sp.kind = 'PERSON';
    sp.evidence = 1;
  }
}

/**
 * Evidence of a kind from the words around a lone unknown word or a plain two- or three-word name that nothing else
 * types. A person: a speech verb ("said Mauer", "Mauer told reporters"), a relative "who", an age in apposition, what
 * only people do ("Dries Mertens, who", "Ana Ruiz, 34,", "Hadid was born", "Vergaud's widow"), a lower-case role noun
 * before it ("goalkeeper Mouez Hassen"), a speaker's label in a transcript, or coordination with people in a list
 * ("Romelu Lukaku, Yannick Carrasco and Dries Mertens": like is coordinated with like). A body: staff after it.
 */
function markContextEvidence(spans: Span[], tokens: Token[], text: string, lowerWords: Set<string>): void {
  const plain = (sp: Span) => sp.kind === 'PERSON' && sp.evidence === 0;
  for (const [k, sp] of spans.entries()) {
    const lone =
      sp.kind === null && sp.tokens.length === 1 && !sp.other && !sp.acronym && !afterDeterminer(text, sp.tokens[0]!);
    if (!plain(sp) && !lone) continue;
    // ("John of Gaunt died in 1399": a word after a one-word person's name and "of" is the byname of a place that person
    // is known by, and what follows it is said of the person, not of the word; see markPlaces)
    const prevSpan = spans[k - 1];
    if (
      lone &&
      prevSpan?.kind === 'PERSON' &&
      prevSpan.tokens.length === 1 &&
      text.slice(prevSpan.tokens[0]!.end, sp.tokens[0]!.start) === ' of '
    )
      continue;
    const i = tokenAt(tokens, sp.tokens[0]!.start)!;
    const end = sp.tokens[sp.tokens.length - 1]!.end;
    const prev = tokens[i - 1];
    const next = tokens[tokenAt(tokens, sp.tokens[sp.tokens.length - 1]!.start)! + 1];
    if (
      (prev && SPEECH_VERBS.has(prev.text)) ||
      (next && SPEECH_VERBS.has(next.text)) ||
      // "if Tiller could speak", "Vell will tell you": a modal before a speech verb's bare form reports speech too
      MODAL_SPEECH_AFTER.test(text.slice(end, end + 32)) ||
      PERSON_APPOSITION.test(text.slice(end, end + 64)) ||
      (text[end] === ',' && KIN_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 40), sp.tokens[0]!.start))) ||
      KIN_AFTER.test(text.slice(end, end + 40)) ||
      // "Zurbarán paintings", "a Rembrandt etching", "Beethoven's symphonies": works that one hand makes are named
      // after their maker
      (lone && MAKERS_WORKS_AFTER.test(text.slice(end, end + 24))) ||
      (lone && THINKERS_IDEAS_AFTER.test(text.slice(end, end + 32))) ||
      // "with the help of Hallbeck", "the line of Ovidius", "the murder of Tessaly", "the reign of Ostrogar": a noun
      // of what only a person has, gives or suffers (kin, help, a death, a reign, a poet's lines and works) and "of"
      // before a word that can only be a name (a place or a body there is typed by its name already: "the help of
      // Google"; an English word is no name: "the mother of invention")
      (lone &&
        PERSONS_OF_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 40), sp.tokens[0]!.start)) &&
        isSurnameLike(sp.tokens[0]!) &&
        !isListedTown(sp.tokens[0]!.text) &&
        // (the name ends its phrase: a noun after it would make it a modifier, "the mother of Mesoamerican cultures")
        /^(?:[ \t]*[,.;:)!?'’"”]|[ \t]+(?:in|at|on|by|and|or|was|is|who|whose|which|to|from|with|for|had|has)\b)/.test(
          text.slice(end, end + 8),
        )) ||
      // "Kessler can only shake his head", "Vandermeer met his wife": the subject of a verb whose clause goes on to
      // "his" or "her" head, hands, temper or kin is a person (a firm or a town is "its"; see ownsGenderedAfter)
      (lone && untypedLoneName(sp, lowerWords) && ownsGenderedAfter(tokens, i, i + 1)) ||
      // "a video starring LaBeouf", "cast his wife opposite Valentino", "the part was played by Okafor": a film's or a
      // play's cast, and who plays a part, are people (a studio or a channel is what something is "produced by")
      ((plain(sp) || (lone && untypedLoneName(sp, lowerWords))) &&
        CAST_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 80), sp.tokens[0]!.start)) &&
        // (the name ends its phrase: before a noun it modifies it, "starring Pixar characters"; a possessive owns the
        // star, "an advert starring Quellmark's new phone")
        /^(?![ \t]*['’]s\b)(?:[ \t]*(?:[,.;:)(!?'’"”]|$)|[ \t]+(?:and|in|as|at|on|with|who|whose|from|for|to|was|is|had|has)\b)/.test(
          text.slice(end, end + 8),
        )) ||
      // "Negan's (Jeffrey Dean Morgan) top guys", "his brother Dean (Jensen Ackles)": a character followed by the actor
      // who plays them in brackets, as reviews and cast lists write them, is a person in the story
      (lone && playedByAfter(text, end) && writesOfCast(text)) ||
      // "Leucippus and Democritus argued": two who speak together are both speakers
      (lone &&
        SPEECH_VERBS.has(/^[ \t]+and[ \t]+\p{Lu}\p{Ll}+[ \t]+(\p{Ll}+)/u.exec(text.slice(end, end + 48))?.[1] ?? '')) ||
      // "See Klenk (2019).", "cf. Ostrander (1998)": what a reader is sent to with a year is a cited author's work ("in
      // Hydrodynamica (1738)" names a work and its year, so only after "see" and "cf.")
      (lone &&
        /\b(?:[Ss]ee|cf\.)[ \t]+$/.test(text.slice(Math.max(0, sp.tokens[0]!.start - 6), sp.tokens[0]!.start)) &&
        /^[ \t]*\((?:1[5-9]|20)\d\d[a-z]?[,;)]/.test(text.slice(end, end + 10))) ||
      // "Jane Roe: We never expected it": a speaker's label opening a line of an interview or a transcript
      (plain(sp) &&
        /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, sp.tokens[0]!.start - 4), sp.tokens[0]!.start)) &&
        /^:[ \t]/.test(text.slice(end, end + 2))) ||
      // "Binderman et al., 2005", "Cruse and Croft (2004)", "(Brieber 2014; ...)": an author cited by name and year, the
      // author-date convention of scholarly writing that news and encyclopedic text quote from
      CITED_AFTER.test(text.slice(end, end + 16)) ||
      (YEAR_AFTER.test(text.slice(end, end + 10)) && insideParentheses(text, sp.tokens[0]!.start)) ||
      (NARRATIVE_CITATION_AFTER.test(text.slice(end, end + 64)) && citesScholarship(text)) ||
      // "studied under Tessaly", "served under Ostrander", "married Halvorsen", "met Brennick in Paris": whom one serves
      // or studies under, marries or meets is a person
      // (the name ends its phrase: "met Acme CEO Jane Roe", "met Kessby officials" meet people of a body or a place)
      (lone &&
        PERSON_GOVERNOR_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 40), sp.tokens[0]!.start)) &&
        PHRASE_END_AFTER.test(text.slice(end, end + 12)) &&
        isSurnameLike(sp.tokens[0]!)) ||
      // "Labov (1972) and Trudgill (1974) disagree", "consistent with Eckert (2000)": in a text that cites as scholarship
      // does, a word that can only be a name with a year in brackets after it is an author cited by name and year,
      // whatever the sentence goes on to say (a work's title there is an English word, more than one word or introduced
      // by a noun for a work: "Harbour Lights (1958)", "the film Quellmoor (1997)")
      // ("Duckworth and colleagues (2007)", "as shown by Ioannidis [12]": so is one before co-workers, or before a
      // reference number)
      (lone &&
        (AUTHOR_YEAR_AFTER.test(text.slice(end, end + 24)) ||
          COLLEAGUES_AFTER.test(text.slice(end, end + 24)) ||
          REFERENCE_AFTER.test(text.slice(end, end + 12))) &&
        isSurnameLike(sp.tokens[0]!) &&
        !WORK_NOUN_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 20), sp.tokens[0]!.start)) &&
        citesScholarship(text)) ||
      // "directed by François Truffaut", "saved by Thibaut Courtois": the agent of a passive, named by two or three
      // plain words, is a person (a body's name carries a head word or a known name, which types it already)
      (plain(sp) && !!prev && prev.text === 'by' && /\p{Ll}(?:ed|en|wn|lt|ne)$/u.test(tokens[i - 2]?.text ?? '')) ||
      // "Biden versus Nebraska", "Roe v. Wade": a lone name that nothing else types, as the first party to a case, is a
      // person's (a body's or a place's name is known or carries a head word)
      // ("Green versus United States": an English word capitalised mid-sentence there is a surname too)
      // ("Pardew v. Olsky": and so is the second party, the one sued)
      (lone &&
        (isSurnameLike(sp.tokens[0]!) || (!sp.tokens[0]!.sentStart && !sp.tokens[0]!.allCaps)) &&
        (PARTY_AFTER.test(text.slice(end, end + 12)) ||
          PARTY_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 9), sp.tokens[0]!.start)))) ||
      // "Nacer Chadli replaced Axel Witsel", "Tove Lindqvist succeeded Per Aronsson": who takes a person's place is one
      (plain(sp) &&
        spans[k + 1]?.kind === 'PERSON' &&
        spans[k + 1]!.evidence >= 1 &&
        /^[ \t]+(?:replaced|succeeded)[ \t]+$/.test(text.slice(end, spans[k + 1]!.tokens[0]!.start))) ||
      // "Ferjani Sassi scored from the penalty spot", "Kyle Walker was booked": a player, not a team (a team is named
      // by a place or a body's name, which types it already)
      (plain(sp) && PLAYER_AFTER.test(text.slice(end, end + 24))) ||
      // "goalkeeper Mouez Hassen", "actor Dennis Hopper": a role noun in lower case right before a plain name
      // (and a lone word so, "fashion designer Halston", unless a noun follows it, which it modifies: "native
      // Chitonga words" names a language)
      ((plain(sp) ||
        (lone && !(next && !next.cap && lexiconTags(next.text).some((x) => /^(?:Noun|Plural|Singular)$/.test(x))))) &&
        !!prev &&
        !prev.cap &&
        text.slice(prev.end, sp.tokens[0]!.start) === ' ' &&
        isRoleWord(prev.text) &&
        // ("his native Varnholt": after a possessive, "native" is the adjective of a homeland; see NATIVE_LAND_BEFORE)
        !NATIVE_LAND_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 16), sp.tokens[0]!.start))) ||
      // "Beto O'Rourke", "Sinéad O’Dwyer": a plain name ending in a Gaelic patronymic, O' and a capitalised stem, is a
      // person's (a place or a body so named carries a head word: "O'Hare Airport")
      (plain(sp) && /^O['’]\p{Lu}\p{Ll}+$/u.test(sp.tokens[sp.tokens.length - 1]!.text)) ||
      // "the team's coach, Alireza Mehraban,": a plain name in apposition to a role noun
      (plain(sp) && roleBeforeComma(text, sp.tokens[0]!.start) && /^[ \t]*[,.;:)]/.test(text.slice(end, end + 2)))
    ) {
      sp.kind = 'PERSON';
      sp.evidence = 1;
    } else if (
      lone &&
      ((next && STAFF_NOUN.test(text.slice(end, end + 32))) ||
        BODY_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 24), sp.tokens[0]!.start)) ||
        BODY_APPOSITION.test(text.slice(end, end + 48)))
    ) {
      // "Wikinews reporters", "Umicore shareholders": only a body has staff, spokespeople and shareholders, and only a
      // listed firm a market value or a share price ("Hilton's market capitalization")
      sp.kind = 'ORGANIZATION';
      sp.evidence = 1;
    }
  }
  // "Barrie enrolled at the University of Edinburgh", "Jordan was born in 1963", "Paris himself": a town's name (never a
  // country's) as the subject of the events of a person's life is a person's, as a town is not born, educated, married
  // or a man (no locative preposition governing it; not "died", "retired", "resigned": "Detroit died a slow death",
  // "Chelsea retired his shirt")
  for (const sp of spans) {
    if (sp.kind !== 'PLACE' || sp.tokens.length !== 1) continue;
    const t = sp.tokens[0]!;
    if (isCountryName(t.text) || LOCATIVE_BEFORE.test(text.slice(Math.max(0, t.start - 8), t.start))) continue;
    if (TOWNS_DO_NOT_AFTER.test(text.slice(t.end, t.end + 32))) {
      sp.kind = 'PERSON';
      sp.evidence = 2;
    }
  }
  // "head of the Koinonia", "leader of the Tories", "a member of the SCBA Bar": what has a head, a leader or members
  // is a body, where nothing else typed the name
  for (const sp of spans) {
    if (sp.kind !== null || sp.other || !sp.tokens.every((t) => t.cap)) continue;
    const start = sp.tokens[0]!.start;
    if (MEMBER_OF.test(text.slice(Math.max(0, start - 32), start)) && !isPlaceName(spanText(text, sp.tokens))) {
      sp.kind = 'ORGANIZATION';
      sp.evidence = 1;
    }
  }
  // "Vagabond Tours, Bjerrebyvej 6 (Tranekær), ☏ +4562...": a name opening a line of a directory or a travel guide that
  // gives a telephone number is a business's, whatever its words could otherwise be (a named kind of place, "Fairway
  // Market", is typed by its head already)
  for (const sp of spans) {
    const untypedName =
      (sp.kind === null || (sp.kind === 'PERSON' && sp.evidence === 0)) && !sp.other && sp.tokens.every((t) => t.cap);
    if (!untypedName) continue;
    const start = sp.tokens[0]!.start;
    const end = sp.tokens[sp.tokens.length - 1]!.end;
    if (
      /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, start - 4), start)) &&
      LISTING_AFTER.test(text.slice(end, end + 100))
    ) {
      sp.kind = 'ORGANIZATION';
      sp.evidence = 1;
    }
  }
  // "Carrano & Biewener [7]", "Cruse and Croft (2004)": the citation follows the last author only, and the names
  // before it joined by "&", "and" or commas are its co-authors
  const untyped = (o: Span) => o.kind === null && !o.other && !o.acronym && o.tokens.every((t) => t.cap);
  // ("Simmons, Nelson and Simonsohn (2011)": a co-author whose surname is also a town's that is named like a person)
  const namedLikePerson = (o: Span) =>
    o.kind === 'PLACE' &&
    o.tokens.length === 1 &&
    (isListedGivenName(o.tokens[0]!.text) || lexiconTags(o.tokens[0]!.text).some((t) => /Name$/.test(t)));
  spans.forEach((sp, k) => {
    const end = sp.tokens[sp.tokens.length - 1]!.end;
    const before = spans[k - 1];
    // two names joined by "&" or "and" before a reference number, or by "&" before a year ("Brandt & Lusk (2019)";
    // not "Romeo and Juliet (1968)", a work and its year), are two authors cited together
    const gap = before ? text.slice(before.tokens[before.tokens.length - 1]!.end, sp.tokens[0]!.start) : '';
    if (
      (untyped(sp) || plain(sp)) &&
      before &&
      (untyped(before) || plain(before)) &&
      ((/^[ \t]+(?:&|and)[ \t]+$/.test(gap) && REFERENCE_AFTER.test(text.slice(end, end + 12))) ||
        (/^[ \t]+(?:&|and)[ \t]+$/.test(gap) &&
          /^[ \t]*\((?:1[5-9]|20)\d\d[a-z]?[,;)]/.test(text.slice(end, end + 10)) &&
          // "by Cruse and Croft (2004)", "adapted from Palmeri and Gazio (1995)": with "and", only where the pair is
          // what a work is by or from, as cited authors are ("in Romeo and Juliet (1968)" is a work and its year)
          (gap.includes('&') ||
            /\b(?:by|from|see|cf\.|following|after)[ \t]+$/i.test(
              text.slice(Math.max(0, before.tokens[0]!.start - 12), before.tokens[0]!.start),
            ))))
    ) {
      for (const author of [before, sp]) {
        author.kind = 'PERSON';
        author.evidence = 1;
      }
    }
    if (sp.kind !== 'PERSON' || sp.evidence < 1) return;
    if (
      !CITED_AFTER.test(text.slice(end, end + 16)) &&
      !YEAR_AFTER.test(text.slice(end, end + 10)) &&
      !REFERENCE_AFTER.test(text.slice(end, end + 12)) &&
      // ("Simmons, Nelson and Simonsohn (2011)": the year in brackets after the last of authors cited in a sentence)
      !(AUTHOR_YEAR_AFTER.test(text.slice(end, end + 24)) && citesScholarship(text))
    )
      return;
    for (let m = k - 1; m >= 0; m--) {
      const other = spans[m]!;
      const gap = text.slice(other.tokens[other.tokens.length - 1]!.end, spans[m + 1]!.tokens[0]!.start);
      if (!LIST_GAP.test(gap) || !(untyped(other) || plain(other) || namedLikePerson(other))) break;
      other.kind = 'PERSON';
      other.evidence = 1;
    }
  });
  // coordination: a list's members pass the type along. The result is the closure of "a person's neighbour in a list
  // is a person", so a worklist reaches it in one visit per span (passes until nothing changed took one per name)
  const isPerson = (o: Span | undefined) => !!o && o.kind === 'PERSON' && o.evidence >= 1;
  // "Luis Buñuel (Viridiana), Elia Kazan (The Last Tycoon)": a list's members may each carry a bracketed work, party
  // or year, as lists of people with what they made or stand for are written
  const joined = (a: Span, b: Span) => {
    const gap = text.slice(a.tokens[a.tokens.length - 1]!.end, b.tokens[0]!.start);
    // (a name after "the" is no person's: "performed at the Folies Bergère (d. 1990), and ..." ends a clause)
    return (
      LIST_GAP.test(gap) ||
      (LIST_GAP_AFTER_BRACKET.test(gap) && !afterDeterminer(text, a.tokens[0]!) && !afterDeterminer(text, b.tokens[0]!))
    );
  };
  // a plain name, or two or three capitalised words nothing typed ("Dries Mertens": "dries" is also a verb)
  const canJoin = (sp: Span) =>
    plain(sp) ||
    (sp.kind === null &&
      !sp.other &&
      !sp.acronym &&
      sp.tokens.length >= 2 &&
      sp.tokens.length <= 3 &&
      sp.tokens.every((t) => t.cap && !t.allCaps));
  // "writers Mark Twain, Christopher Moore, Morris and Goscinny", "two brothers, Niklaus and Johann II": a list that a
  // plural noun for people introduces holds people only, so there a lone word that can only be a name is a member too
  // (elsewhere a lone word in a list of people is as often a people, "Rohingya", or a pet)
  const peopleList = new Array<boolean>(spans.length).fill(false);
  // ("historians, such as Chandler and Weller, assert": a list given as examples of people of a kind holds people even
  // where none of them is typed yet; see the seeds below)
  const byExample = new Array<boolean>(spans.length).fill(false);
  spans.forEach((sp, k) => {
    const prevJoined = k > 0 && joined(spans[k - 1]!, sp);
    if (prevJoined) {
      peopleList[k] = peopleList[k - 1]!;
      byExample[k] = byExample[k - 1]!;
    } else {
      const before = PLURAL_BEFORE.exec(text.slice(Math.max(0, sp.tokens[0]!.start - 36), sp.tokens[0]!.start));
      peopleList[k] = !!before && isRoleWord(before[1]!.replace(/s$/, ''));
      byExample[k] =
        peopleList[k] && /\b(?:as|like|including)[ \t]+$/.test(before![0]) && !ACTS_PLURAL.test(before![1]!);
    }
  });
  // (not where a member is a body or a place: "partners such as Deloitte and Okafor" lists firms)
  for (let k = 0; k < spans.length; ) {
    let m = k + 1;
    while (m < spans.length && byExample[k] && joined(spans[m - 1]!, spans[m]!)) m++;
    if (spans.slice(k, m).some((o) => o.kind === 'ORGANIZATION' || o.kind === 'PLACE')) byExample.fill(false, k, m);
    k = m;
  }
  const loneName = (sp: Span) => untypedLoneName(sp, lowerWords);
  const work: number[] = [];
  spans.forEach((sp, k) => {
    if (byExample[k] && (canJoin(sp) || loneName(sp))) {
      sp.kind = 'PERSON';
      sp.evidence = 1;
    }
    if (isPerson(sp)) work.push(k);
  });
  // the names inside a member's brackets ("(La notte and Beyond the Clouds)") are no members: the neighbour in the list
  // is the nearest name outside them (a bracket holds at most 80 characters, see LIST_GAP_AFTER_BRACKET, so few names)
  const bracketed = spans.map((sp) => insideParentheses(text, sp.tokens[0]!.start));
  const neighbour = (k: number, step: number) => {
    let m = k + step;
    while (bracketed[m] && !bracketed[k] && m + step >= 0 && m + step < spans.length && m - k < 8 && k - m < 8)
      m += step;
    return m;
  };
  while (work.length) {
    const k = work.pop()!;
    for (const m of [neighbour(k, -1), neighbour(k, 1)]) {
      const other = spans[m];
      if (!other || !(canJoin(other) || (peopleList[m] && loneName(other)))) continue;
      if (!joined(m < k ? other : spans[k]!, m < k ? spans[k]! : other)) continue;
      other.kind = 'PERSON';
      other.evidence = 1;
      work.push(m);
    }
  }
}

/**
 * Evidence that a name is a place's, from the words before it, for a name nothing else types: a settlement noun
 * and "of" ("the village of Thionk Essil", "the town of Neiafu"), a verb of living or going with its preposition
 * ("born at Stridon"), or a bare locative preposition before a listed town ("in Tempe"). A bare preposition before
 * any capitalised word is not enough ("in Latin", "at Google", "in Psychology" are as common): only before a word
 * that is nothing but a name and that the article never uses otherwise (see SPATIAL_BEFORE).
 */
// "East Varnland", "Upper Ostria", "North Kessary": a compass point or "Upper"/"Lower" before a word that is nothing
// but a name is the part of a land, a region, as maps name them ("North Americans" is a demonym's plural, not read)
const REGION_PREFIXES = new Set([...CARDINAL_POINTS, 'upper', 'lower', 'northern', 'southern', 'eastern', 'western']);
function compassNamed(sp: Span, lowerWords: Set<string>): boolean {
  const [point, name] = sp.tokens;
  return (
    sp.tokens.length === 2 &&
    !!point &&
    !!name &&
    point.cap &&
    REGION_PREFIXES.has(lower(point)) &&
    isNameOnly(name, lowerWords) &&
    !/\p{Ll}s$/u.test(name.text)
  );
}

const ADDRESS_TAIL =
  /^(?:[ \t]+\d{3,6})?(?:,[ \t]+(?:\d{3,6}[ \t]+)?\p{Lu}[\p{L}'’-]*(?:[ \t]+\p{Lu}[\p{L}'’-]*){0,2})?[ \t]*(?:\n|$)/u;
// "Monte Carlo", "Casa Rosada", "Punta Arenas", "Porto Alegre", "Borgo San Lorenzo": a Romance class word of place (a
// mount, a house, a point, a port, a town, a castle, a bridge) opening a name of two words or more; and "Sesto San
// Giovanni", "Casa Santa Marta", "Castel San Pietro": a saint's title inside a name, after a capitalised word that is no
// particle and before a given name, names a town or a house after the saint (a person's name sets "San" first, "San
// Martín", or after a particle, "José de San Martín"; "Aung San Suu Kyi" has no given name after it)
const ROMANCE_PLACE_OPENERS = new Set(
  'monte casa punta porto puerto ciudad castel castello borgo vila isola ponte colle'.split(' '),
);
function romancePlaceName(toks: Token[], toPerson: boolean): boolean {
  if (toks.length < 2 || !toks.every((t) => t.cap && !t.allCaps)) return false;
  // ("Monte" is a given name too: "Monte Hellman" has a surname after it, "Monte Carlo", "Monte Rosa" a saint's name;
  // a given name the lexicon knows as a surname too is the surname there, "to Monte Walsh")
  if (ROMANCE_PLACE_OPENERS.has(lower(toks[0]!)))
    return (
      !isListedGivenName(toks[0]!.text) ||
      (isListedGivenName(toks[1]!.text) && !lexiconTags(toks[1]!.text).includes('LastName'))
    );
  return toks.some(
    (t, k) =>
      k >= 1 &&
      k < toks.length - 1 &&
      /^(?:san|santa|santo|são)$/.test(lower(t)) &&
      !CONNECTORS.has(lower(toks[k - 1]!)) &&
      // (nor after a given name after "to", which takes a person as often, and the saint's name is a surname: "passed
      // to Pablo San Juan", "went to Maria Santa Cruz"; "in Sesto San Giovanni" stays)
      (!toPerson || ROMANCE_PLACE_OPENERS.has(lower(toks[k - 1]!)) || !isListedGivenName(toks[k - 1]!.text)) &&
      isListedGivenName(toks[k + 1]!.text),
  );
}

const NEAR_AFTER =
  /^,[ \t]+(?:(?:just|not[ \t]+far|close|very[ \t]+close)[ \t]+)?(?:close[ \t]+to|near|from|outside|(?:north|south|east|west)(?:-?(?:east|west))?[ \t]+of|on[ \t]+the[ \t]+(?:banks|shores?|outskirts|edge)[ \t]+of)[ \t]+(?:the[ \t]+)?(\p{Lu}[\p{L}'’-]*(?:[ \t]+\p{Lu}[\p{L}'’-]*){0,3})/u;
function nearPlaceAfter(after: string): boolean {
  const m = NEAR_AFTER.exec(after.slice(0, 80));
  if (!m) return false;
  const words = m[1]!.split(/[ \t]+/);
  return (
    isPlaceName(m[1]!) ||
    isListedGeography(m[1]!) ||
    (words.length > 1 && PLACE_HEADS.has(words[words.length - 1]!.toLowerCase()))
  );
}

// the last words of the article's names of two words or more ("Federer" of "Roger Federer"), asked once per article
const surnameSets = new WeakMap<Span[], Set<string>>();
function surnamesOf(spans: Span[]): Set<string> {
  let set = surnameSets.get(spans);
  if (!set) {
    set = new Set(spans.filter((sp) => sp.tokens.length > 1).map((sp) => sp.tokens[sp.tokens.length - 1]!.text));
    surnameSets.set(spans, set);
  }
  return set;
}
function markPlaces(spans: Span[], text: string, lowerWords: Set<string>): void {
  for (const [k, sp] of spans.entries()) {
    // a personal-name shape or a listed organisation's name is the weakest evidence (see typeRun); a place may still
    // take its lower-case head
    // (a place read from its shape alone, "Kessel-Varga", takes its context's evidence too: "Kessel-Varga is a town")
    // (and so does a town of more than one word the lists hold that the lexicon's given name in it made a person's:
    // "in Sesto San Giovanni")
    const untyped =
      sp.kind === null ||
      (sp.kind !== 'PLACE' && sp.evidence === 0) ||
      (sp.kind === 'PLACE' && sp.evidence <= 1) ||
      (sp.kind === 'PERSON' && sp.evidence <= 1 && sp.tokens.length >= 2 && isListedTown(spanText(text, sp.tokens)));
    const after = text.slice(sp.tokens[sp.tokens.length - 1]!.end);
    // "7 Ālī Qāpū (The Royal Palace)": a gloss that calls the name a palace or a mosque outranks the given name its
    // first word looks like (Ali)
    if (sp.kind === 'PERSON' && sp.evidence <= 2 && !sp.other && placeGlossAfter(after)) {
      sp.kind = 'PLACE';
      continue;
    }
    // "battle in Freeman, close to the Hudson River", "born at Kessby, north of Varnholt": after a locative preposition, a
    // name that a comma and a phrase of nearness to a place follow is located by it, a place, whatever given name or
    // surname it looks like ("Kessler, close to tears," has no place after it)
    if (
      (untyped || (sp.kind === 'PERSON' && sp.evidence <= 2)) &&
      !sp.other &&
      sp.tokens.every((t) => t.cap && !t.allCaps) &&
      /\b(?:in|at|near|from)[ \t]+$/i.test(text.slice(Math.max(0, sp.tokens[0]!.start - 8), sp.tokens[0]!.start)) &&
      nearPlaceAfter(after)
    ) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
      continue;
    }
    // "in Monte Carlo", "at Casa Santa Marta", "in Sesto San Giovanni": after a locative preposition, a name that a
    // Romance class word of place opens, or in which a saint's name follows a word of it, is the town or the building
    // named so, whatever given names it holds (see romancePlaceName)
    if (
      sp.kind === 'PERSON' &&
      sp.evidence <= 2 &&
      !sp.other &&
      romancePlaceName(
        sp.tokens,
        /\bto[ \t]+$/i.test(text.slice(Math.max(0, sp.tokens[0]!.start - 4), sp.tokens[0]!.start)),
      ) &&
      LOCATIVE_BEFORE.test(text.slice(Math.max(0, sp.tokens[0]!.start - 12), sp.tokens[0]!.start)) &&
      !/^['’]s\b/.test(after)
    ) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
      continue;
    }
    if (!(untyped || sp.kind === 'PLACE') || sp.other || sp.acronym) continue;
    // "Bohai sea", "East China sea": a listed sea's or river's name before its head in lower case, as writers other
    // than mapmakers often set it; the head belongs to the name (the list holds "Bohai Sea", "East China Sea")
    const last = sp.tokens[sp.tokens.length - 1]!;
    const head = /^[ \t]+(sea|ocean|river|strait|gulf|desert|mountains|peninsula|islands?)\b/.exec(
      text.slice(last.end, last.end + 12),
    );
    if (head && isListedGeography(`${spanText(text, sp.tokens)} ${head[1]}`)) {
      const start = last.end + head[0].length - head[1]!.length;
      sp.tokens.push({
        ...last,
        text: head[1]!,
        start,
        end: start + head[1]!.length,
        cap: false,
        allCaps: false,
        sentStart: false,
      });
      sp.kind = 'PLACE';
      sp.evidence = 2;
      continue;
    }
    if (!untyped) continue;
    const before = text.slice(Math.max(0, sp.tokens[0]!.start - 40), sp.tokens[0]!.start);
    // a possessive, a co-author, a citation or the other party of a case after the name makes it a person's or a
    // body's: "in Shaw's Pygmalion", "in Marlow & Tennant [4]", "in Marlow (2014)", "in Marlow et al.", "in Roe v. Wade"
    // ("to Tempe & Mesa": a town after the ampersand makes a list of towns, see refineSegment)
    const townAfter = /^[ \t]*&[ \t]*(\p{Lu}[\p{L}-]*)(?![ \t]*\p{Lu})/u.exec(after)?.[1];
    const cited =
      (/^(?:['’]s\b|[ \t]*(?:&|\[\d|\(\d{4}|et[ \t]+al\b))/.test(after) || PARTY_AFTER.test(after)) &&
      !(townAfter && (isPlaceName(townAfter) || isListedTown(townAfter)));
    // ("stay at Tarowai Marae [1]": a bracketed number after a venue is a guide's link to a listing's site, no citation
    // of an author)
    const linked = /^[ \t]*\[\d{1,3}\]/.test(after);
    const prevSpan = spans[k - 1];
    const gapBefore = prevSpan ? text.slice(prevSpan.tokens[prevSpan.tokens.length - 1]!.end, sp.tokens[0]!.start) : '';
    const renamed =
      prevSpan?.kind === 'PLACE' &&
      (NAMING_GAP.test(gapBefore) ||
        // "the Chatham Islands (Rekohu in the Moriori language)": the place's name in another language
        (/^[ \t]*\($/.test(gapBefore) && OTHER_LANGUAGE_AFTER.test(after)));
    const nameOnly =
      sp.tokens.every((t) => isNameOnly(t, lowerWords)) && !surnamesOf(spans).has(spanText(text, sp.tokens));
    if (
      SETTLEMENT_OF.test(before) ||
      (((CONQUEST_BEFORE.test(before) && writesOfWar(text)) ||
        RULER_OR_SITE_BEFORE.test(before) ||
        (MONARCH_OF_BEFORE.test(before) && writesOfReigns(text))) &&
        nameOnly &&
        !cited) ||
      (VISIT_BEFORE.test(before) &&
        (isListedGeography(spanText(text, sp.tokens)) || isListedTown(spanText(text, sp.tokens))) &&
        // (one visits a person as often: "visited Florence in hospital")
        !isListedGivenName(sp.tokens[0]!.text) &&
        !cited) ||
      ((NAMED_PLACE_BEFORE.test(before) || renamed) && !cited) ||
      (seatOfBody(spans, k, text) && isListedTown(spanText(text, sp.tokens))) ||
      PLACE_GOVERNOR.test(before) ||
      placeGlossAfter(after) ||
      (NATIVE_LAND_BEFORE.test(before) && sp.tokens.every((t) => t.cap && !t.allCaps) && !cited) ||
      // "a Harnwell-born cellist": where someone was born (the suffix split off in tokenize)
      // (a name, not an English word: "Mutation-born errors")
      (/^-(?:born|bred|raised)\b/.test(after) &&
        (isPlaceName(spanText(text, sp.tokens)) || isNameOnly(sp.tokens[sp.tokens.length - 1]!, lowerWords))) ||
      (PLACE_CLASS_AFTER.test(after) && !cited) ||
      (VENUE_BEFORE.test(before) && (!cited || linked)) ||
      // "the Harnby neighbourhood", "Kessby station", "Quenby harbour", "the Ostrel district": a name before a place's
      // class noun in lower case, which it modifies, is that place's name, as guides write districts and stops
      (PLACE_NOUN_AFTER.test(after) && sp.tokens.every((t) => t.cap && !t.allCaps) && !cited) ||
      (BUILDING_NOUN_AFTER.test(after) && nameOnly && !cited) ||
      // "south of the Danevirke", "just west of the Harnwald": a compass point "of" a feature named after "the" (pass
      // 7 reads it without the article); the name must end its phrase, not modify a noun ("east of the Johnson house")
      (COMPASS_OF_THE_BEFORE.test(before) && nameOnly && PHRASE_END_AFTER.test(after)) ||
      // "Dunmere lies on the east bank", "Quenby is situated in a valley": where a name lies or is situated is said of
      // places (typeRun reads ", located in" and ", situated on" after a comma)
      (LIES_AFTER.test(after) && sp.tokens.every((t) => t.cap && !t.allCaps)) ||
      // "daily flights between Kessby and Varnholt", "the ferry to Tarrowey", "buses for Quenby": where a means of
      // travel goes to or from is a place, as a guide's "Get in" and "Get around" say
      (TRAVEL_BEFORE.test(before) && sp.tokens.every((t) => t.cap && !t.allCaps) && !cited) ||
      // "along S Harrowgate", "turn onto N Kessel": a compass letter before a name, after a preposition of route, is a
      // street's direction, as American guides abbreviate it ("N 44th St"); "N S Andres", an author's initials, has none
      (sp.tokens.length >= 2 &&
        /^[NSEW]$/.test(sp.tokens[0]!.text) &&
        sp.tokens.slice(1).every((t) => t.cap && !t.allCaps) &&
        /\b(?:along|onto|off|via|down|up)[ \t]+$/i.test(before)) ||
      // "Kessowa.\n\nThis is the second largest island of the group": a guide's heading line that the next sentence
      // calls a place by its class noun names that place
      (/(?:^|\n)[ \t]*$/.test(before) && INTRODUCED_PLACE_AFTER.test(after)) ||
      (PLACES_LIKE_BEFORE.test(before) && !cited) ||
      compassNamed(sp, lowerWords) ||
      (REGION_PART_BEFORE.test(before) && sp.tokens.every((t) => t.cap && !t.allCaps) && !cited) ||
      (LOCATIVE_BEFORE.test(before) &&
        isListedTown(spanText(text, sp.tokens)) &&
        !cited &&
        !STANCE_BEFORE.test(before)) ||
      (GEO_BEFORE.test(before) && isListedGeography(spanText(text, sp.tokens)) && !cited) ||
      // "Vindebyørevej 42 (Taasinge), ☏ ...", "Strynø Brovej 12 (Strynø)": the locality in brackets after a street and
      // a house number, as a directory or a travel guide gives an address
      (ADDRESS_BEFORE.test(before) && /^\)/.test(after)) ||
      // "Quellby Cabs 412 Harrow Row North, tel: ...": a house number before the name and a telephone number after it
      // make the name a street, as a directory or a guide's listing gives an address (American order)
      (/(?:^|[ \t])\d{1,5}[a-zA-Z]?[ \t]+$/.test(before) && /^,?[ \t]*(?:☏|tel[.:]|phone:|\+\d)/i.test(after))
    ) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
    } else if (
      sp.tokens.length === 1 &&
      SPATIAL_BEFORE.test(before) &&
      !TOPIC_BEFORE.test(before) &&
      !STANCE_BEFORE.test(before) &&
      !PERSONAL_TO_BEFORE.test(before) &&
      !cited &&
      // "in Carrano and Biewener's study": a pair after the preposition may be two people
      !/^(?:[ \t]+(?:and|or|&)[ \t]+\p{Lu}|:)/u.test(after) &&
      isNameOnly(sp.tokens[0]!, lowerWords) &&
      standsAlone(text, sp.tokens[0]!.text)
    ) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
    }
  }
  // "Theodorus of Tabennese", "Bonosus of Sardica", "Catherine of Siena": a person known by one name takes a byname
  // of where they came from; "of" after a one-word person's name governs a place, not an employer (a body after a
  // person's full name, "Nick Rhodes of Duran Duran", is another convention and is not read here)
  const seen = new Map<string, number>();
  for (const sp of spans) {
    if (sp.tokens.length === 1) seen.set(lower(sp.tokens[0]!), (seen.get(lower(sp.tokens[0]!)) ?? 0) + 1);
  }
  spans.forEach((sp, k) => {
    if (sp.kind !== null || sp.other || sp.acronym || sp.tokens.length !== 1) return;
    const t = sp.tokens[0]!;
    if (!t.cap || t.allCaps) return;
    const prev = spans[k - 1];
    const p = prev?.tokens[0];
    // the name before "of" is a person's by evidence, or a word that is nothing but a name (no English word, place,
    // title or head: "Bonosus") and that the article uses again on its own, as it does a person it follows; so
    // "Gospel of Matthew", "Battle of Chudnov" or a degree ("Bachelor of Science") are not read as person and byname
    const nameOnly = (w: Token) =>
      w.cap &&
      !w.allCaps &&
      lexiconTags(lower(w)).length === 0 &&
      !isPlaceName(w.text) &&
      !ORG_HEADS.has(lower(w)) &&
      !PLACE_HEADS.has(lower(w)) &&
      !TITLE_WORDS.has(lower(w)) &&
      !OTHER_NAME_HEADS.has(lower(w));
    const byname =
      !!prev &&
      !!p &&
      prev.tokens.length === 1 &&
      !prev.other &&
      !prev.acronym &&
      (prev.kind === 'PERSON' || (prev.kind === null && nameOnly(p) && (seen.get(lower(p)) ?? 0) >= 2)) &&
      text.slice(p.end, t.start) === ' of ' &&
      nameOnly(t);
    if (byname) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
      if (prev.kind === null) {
        prev.kind = 'PERSON';
        prev.evidence = 2;
      }
    }
  });
  // "Scottsdale, Tempe, Glendale, Peoria, Chandler, and Gilbert": like is listed with like, so a name nothing types
  // that stands in a list with places is a place (the same closure as for people in markContextEvidence)
  const isPlace = (o: Span | undefined) => !!o && o.kind === 'PLACE' && o.evidence >= 2 && !o.agentive;
  // (a lone given name typed a person by the lexicon alone is such a name where it is also a town: "and Gilbert"; a
  // personal-name shape or a listed organisation's name is the weakest evidence, as above: "Apache Junction")
  const weakPerson = (o: Span) =>
    o.kind === 'PERSON' && o.evidence <= 1 && o.tokens.length === 1 && isListedTown(o.tokens[0]!.text);
  const canJoin = (o: Span) =>
    (o.kind === null || weakPerson(o) || (o.kind !== 'PLACE' && o.evidence === 0)) &&
    !o.other &&
    !o.acronym &&
    o.tokens.length <= 3 &&
    o.tokens.every((t) => t.cap && !t.allCaps) &&
    !afterDeterminer(text, o.tokens[0]!);
  // "Braunsberg, East Prussia, then part of Poland": a word that is nothing but a name, followed by a comma and a place
  // that context has typed, and then a comma or the sentence's end, is a town and its region, as isFollowedByItsRegion
  // reads a listed region
  spans.forEach((sp, k) => {
    const region = spans[k + 1];
    if (sp.kind !== null || sp.tokens.length !== 1 || sp.other || sp.acronym || region?.kind !== 'PLACE') return;
    if (region.evidence < 2 || region.tokens.length > 3 || !isNameOnly(sp.tokens[0]!, lowerWords)) return;
    const gap = text.slice(sp.tokens[0]!.end, region.tokens[0]!.start);
    const tail = text.slice(
      region.tokens[region.tokens.length - 1]!.end,
      region.tokens[region.tokens.length - 1]!.end + 2,
    );
    if (/^,[ \t]+$/.test(gap) && /^(?:[,.;:)]|$)/.test(tail)) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
    }
  });
  // "born in Kessby, Ostria)", "died at Quenby, Varnland, in 1890": a word that is nothing but a name after a town that
  // context has typed and a comma, and before punctuation, is the town's region or country, as biographies give a
  // birthplace (the reverse of the rule above)
  spans.forEach((sp, k) => {
    const town = spans[k - 1];
    if (sp.kind !== null || sp.other || sp.acronym || sp.tokens.length > 2 || town?.kind !== 'PLACE') return;
    if (town.evidence < 2 || town.tokens.length > 3 || !sp.tokens.every((t) => isNameOnly(t, lowerWords))) return;
    const gap = text.slice(town.tokens[town.tokens.length - 1]!.end, sp.tokens[0]!.start);
    const end = sp.tokens[sp.tokens.length - 1]!.end;
    // (only where a verb of birth, death or residence governs the town: "in Paris, Macron; in Berlin, Scholz" lists
    // people by where they are)
    const townStart = town.tokens[0]!.start;
    if (
      /^,[ \t]+$/.test(gap) &&
      /^[,.;:)]/.test(text.slice(end, end + 1)) &&
      /\b(?:born|died|buried|raised|lived|grew[ \t]+up|settled|resided?)\b[^.;\n]{0,40}\b(?:in|at|near)[ \t]+$/.test(
        text.slice(Math.max(0, townStart - 60), townStart),
      )
    ) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
    }
  });
  // "Department of Linguistics, Harnwell University, Kessby, Ostria": an affiliation line ends, after its bodies, with
  // the town and the country they are in, as papers print an author's address; a name nothing types after a body and
  // a comma, with at most one more name (and a postcode) before the line ends unpunctuated, is a place
  spans.forEach((sp, k) => {
    // (the country after the town: "Kessby, Ostria")
    const town = spans[k - 1]?.kind === 'PLACE' ? spans[k - 1] : undefined;
    const body = town ? spans[k - 2] : spans[k - 1];
    if (sp.kind !== null || sp.other || sp.acronym || sp.tokens.length > 3 || body?.kind !== 'ORGANIZATION') return;
    if (body.evidence < 2 || !sp.tokens.every((t) => t.cap && !t.allCaps)) return;
    if (town) {
      const gaps = [
        text.slice(body.tokens[body.tokens.length - 1]!.end, town.tokens[0]!.start),
        text.slice(town.tokens[town.tokens.length - 1]!.end, sp.tokens[0]!.start),
      ];
      const rest = text.slice(sp.tokens[sp.tokens.length - 1]!.end, sp.tokens[sp.tokens.length - 1]!.end + 4);
      if (gaps.every((g) => /^(?:[ \t]+\d{3,6})?,[ \t]+$/.test(g)) && /^[ \t]*(?:\n|$)/.test(rest)) {
        sp.kind = 'PLACE';
        sp.evidence = 2;
      }
      return;
    }
    const gap = text.slice(body.tokens[body.tokens.length - 1]!.end, sp.tokens[0]!.start);
    const rest = text.slice(sp.tokens[sp.tokens.length - 1]!.end, sp.tokens[sp.tokens.length - 1]!.end + 60);
    if (/^,[ \t]+$/.test(gap) && ADDRESS_TAIL.test(rest)) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
    }
  });
  // "Washington, D.C.", "Teaneck, N.J.": after a place, the state's abbreviation (stateAfterTown) is a place however
  // it was typed (an acronym, "D.C.", which compromise holds as a firm's "DC"; the undotted postal codes are read with
  // the town, see isFollowedByItsRegion)
  spans.forEach((sp, k) => {
    const town = spans[k - 1];
    if (town?.kind !== 'PLACE' || sp.tokens.length !== 1 || sp.other || !stateAfterTown(text, sp.tokens[0]!)) return;
    sp.kind = 'PLACE';
    sp.evidence = 3;
    sp.acronym = false;
  });
  // "along N 44th St & Tatum": the street a street crosses at a corner
  spans.forEach((sp, k) => {
    const st = spans[k - 1];
    if (st?.kind !== 'PLACE' || sp.evidence >= 3 || sp.other || sp.acronym) return;
    const gap = text.slice(st.tokens[st.tokens.length - 1]!.end, sp.tokens[0]!.start);
    if (/^[ \t]*&[ \t]*$/.test(gap) && isStreetHead(st.tokens[st.tokens.length - 1]!)) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
    }
  });
  // "Tåsinge, Langeland and a few of the small islands ... Ferries leave from Langeland": one sense per article, so a
  // name the article places elsewhere is a place in a list before that sentence too
  const placed = new Set<string>();
  for (const sp of spans) if (isPlace(sp)) placed.add(spanText(text, sp.tokens));
  const work: number[] = [];
  spans.forEach((sp, k) => {
    if (canJoin(sp) && placed.has(spanText(text, sp.tokens))) {
      sp.kind = 'PLACE';
      sp.evidence = 2;
    }
    if (isPlace(sp)) work.push(k);
  });
  spreadThroughLists(
    spans,
    work,
    text,
    'PLACE',
    2,
    (other, from) =>
      // "Marrow Kettle, Harbour Road 12": a name before its street is a business and its address, no list of places
      canJoin(other) &&
      !(other.kind !== null && STREET_HEADS.has(lower(from.tokens[from.tokens.length - 1]!))) &&
      !parallelPhrases(text, from, other),
  );
}

// "known as Meänkieli in Sweden and Kven in Norway": where the name after "and" takes the preposition that governs the
// place before it, "and" joins two phrases of the same shape, and the name is what is said of a second place, not a
// second member of a list of places
function parallelPhrases(text: string, from: Span, other: Span): boolean {
  const start = from.tokens[0]!.start;
  const end = other.tokens[other.tokens.length - 1]!.end;
  if (other.tokens[0]!.start < start) return false;
  const p = /\b(in|at|on|from|to|near)[ \t]+$/i.exec(text.slice(Math.max(0, start - 6), start));
  return (
    !!p &&
    /^[ \t]+and[ \t]+$/.test(text.slice(from.tokens[from.tokens.length - 1]!.end, other.tokens[0]!.start)) &&
    new RegExp(`^[ \\t]+${p[1]!.toLowerCase()}[ \\t]+\\p{Lu}`, 'u').test(text.slice(end, end + 12))
  );
}

const CLOSED_PAIR_BEFORE = /[ \t](?:and|or)[ \t]+(?:the[ \t]+)?$/;
/**
 * One sense per article, through lists: a name that a list's comma, "and" or "or" joins to a name of `kind` (the spans
 * at `work`) takes that kind and passes it on to its own neighbours. A comma alone also ends a fronted phrase ("Born in
 * England, Norton spent ..."): the member a comma joins must go on as a list does, with another comma, "and", "or" or
 * a closing bracket.
 */
function spreadThroughLists(
  spans: Span[],
  work: number[],
  text: string,
  kind: EntityKind,
  evidence: Evidence,
  canTake: (other: Span, from: Span) => boolean,
): void {
  const endOf = (o: Span) => o.tokens[o.tokens.length - 1]!.end;
  const joined = (a: Span, b: Span, untyped: Span) => {
    const gap = text.slice(endOf(a), b.tokens[0]!.start);
    if (!LIST_GAP.test(gap)) return false;
    if (/[ \t](?:and|or)[ \t]/.test(gap)) return true;
    // ("between Sulla and Trump, Rome and the U.S.": a comma after a pair that "and" closed starts another pair, no
    // further member of the same list)
    return LIST_GOES_ON.test(text.slice(endOf(untyped))) && !CLOSED_PAIR_BEFORE.test(text.slice(0, a.tokens[0]!.start));
  };
  while (work.length) {
    const k = work.pop()!;
    for (const m of [k - 1, k + 1]) {
      const other = spans[m];
      const from = spans[k]!;
      if (!other || !canTake(other, from) || !joined(m < k ? other : from, m < k ? from : other, other)) continue;
      other.kind = kind;
      other.evidence = evidence;
      work.push(m);
    }
  }
}

/**
 * People are listed with people: in a list that names a person on each side ("starred opposite Ama Quist, Paris Delorme,
 * and Joel Vantarra", "with Ama Quist, Lyon Barrett and Joel Vantarra"), a pair or a triple of capitalised words that a
 * place opening it made a body or a place ("Paris Delorme": a town, then a surname) is a person's name too, when its
 * last word can only be a surname. A list of a person and a place ("Ama Quist, Paris and Rome") has no such member.
 */
function markPeopleLists(spans: Span[], text: string): void {
  const endOf = (o: Span) => o.tokens[o.tokens.length - 1]!.end;
  const person = (o: Span | undefined) => !!o && o.kind === 'PERSON' && !o.other && o.tokens.length >= 2;
  const joined = (a: Span, b: Span) => LIST_GAP.test(text.slice(endOf(a), b.tokens[0]!.start));
  spans.forEach((sp, k) => {
    if (sp.kind === 'PERSON' || sp.kind === null || sp.other || sp.acronym || sp.evidence >= 3) return;
    if (sp.tokens.length < 2 || sp.tokens.length > 3 || !isPlaceName(sp.tokens[0]!.text)) return;
    if (!sp.tokens.slice(1).every((t) => isSurnameLike(t) && t.text.length >= 3)) return;
    const before = spans[k - 1];
    const after = spans[k + 1];
    const left = person(before) && joined(before!, sp);
    const right = person(after) && joined(sp, after!);
    // both neighbours people, or two people before it and the list closing on it
    const twoBefore = left && person(spans[k - 2]) && joined(spans[k - 2]!, before!);
    if ((left && right) || twoBefore) {
      sp.kind = 'PERSON';
      sp.evidence = 2;
    }
  });
}

/**
 * "Copper Field (still known as \"The Jake\" after its sponsor)": a name in quotes that a bracket right after a place or
 * a body gives as what it is "known as" or "called" is another name of the same place or body, a nickname, so it takes
 * that type, however much it looks like a given name. Not after a person ("Ama Harte (known as \"Tilly\")" stays a
 * person's nickname), and only in a bracket right after the name.
 */
const ALIAS_IN_BRACKET =
  /^[ \t]*\((?:(?:still|also|now|formerly|once|often|locally|popularly)[ \t]+)?(?:known[ \t]+as|called|nicknamed)[ \t]+["“](?:the[ \t]+)?$/i;
function markBracketedAliases(spans: Span[], text: string): void {
  spans.forEach((sp, k) => {
    const named = spans[k - 1];
    if (!named || sp.other || (named.kind !== 'PLACE' && named.kind !== 'ORGANIZATION') || named.evidence < 2) return;
    const gap = text.slice(named.tokens[named.tokens.length - 1]!.end, sp.tokens[0]!.start);
    if (!ALIAS_IN_BRACKET.test(gap) || !/^["”]/.test(text.slice(sp.tokens[sp.tokens.length - 1]!.end))) return;
    sp.kind = named.kind;
    sp.evidence = 3;
  });
}

const INSTITUTION_PLACE_HEADS = /^(?:museum|gallery|library|cent(?:er|re)|observatory|hospital|planetarium|zoo)$/;
/**
 * One word, typed by nothing, that is nothing but a name: no English word the article writes in lower case or the
 * lexicon reads, no place, demonym, head or title ("Marriott", "Halston"), the words that context may type.
 */
function untypedLoneName(sp: Span, lowerWords: Set<string>): boolean {
  const t = sp.tokens[0]!;
  const l = lower(t);
  return (
    sp.kind === null &&
    !sp.other &&
    !sp.acronym &&
    sp.tokens.length === 1 &&
    t.cap &&
    !t.allCaps &&
    !lowerWords.has(l) &&
    !lexiconTags(l).some((x) => !/Name|Person/.test(x)) &&
    !isPlaceName(t.text) &&
    !isDemonym(t.text) &&
    !ORG_HEADS.has(l) &&
    !PLACE_HEADS.has(l) &&
    !TITLE_WORDS.has(l)
  );
}

/**
 * Like is listed with like for bodies as for people and places: a lone word nothing types that stands in a list with
 * an organisation is an organisation ("the CEO of Hilton or Marriott", "Ubisoft, Microsoft, and Sony all had booths"),
 * as firms, parties and teams are listed with their peers. Only a word that is nothing but a name (no English word,
 * place, demonym, head or title: see loneName in markContextEvidence), and not after an article. So is such a word
 * whose possessive owns an institution named in full ("the Smithsonian's National Air and Space Museum").
 */
function markBodyLists(spans: Span[], text: string, lowerWords: Set<string>): void {
  const isBody = (o: Span | undefined) => !!o && o.kind === 'ORGANIZATION' && o.evidence >= 1 && !o.other;
  const nameOnly = (o: Span) => untypedLoneName(o, lowerWords) && !OTHER_NAME_HEADS.has(lower(o.tokens[0]!));
  const canJoin = (o: Span) => nameOnly(o) && !afterDeterminer(text, o.tokens[0]!);
  const endOf = (o: Span) => o.tokens[o.tokens.length - 1]!.end;
  // "the Smithsonian's National Air and Space Museum": a word nothing types whose possessive owns an institution named in
  // full (a museum, a school, a department) is the body that runs it (a place or a person before it is not read so:
  // "New York's Metropolitan Museum", "Berkeley's Department of Linguistics")
  spans.forEach((sp, k) => {
    const owned = spans[k + 1];
    if (!owned || !nameOnly(sp) || isListedTown(sp.tokens[0]!.text) || isListedGivenName(sp.tokens[0]!.text)) return;
    if (!/^['’]s[ \t]+$/.test(text.slice(endOf(sp), owned.tokens[0]!.start))) return;
    const head = lower(owned.tokens[owned.tokens.length - 1]!);
    if (owned.tokens.length >= 2 && (ORG_HEADS.has(head) || INSTITUTION_PLACE_HEADS.test(head))) {
      sp.kind = 'ORGANIZATION';
      sp.evidence = 1;
    }
  });
  // one sense per article: a name typed a body anywhere is one in a list elsewhere ("Hilton's market capitalization
  // ... the CEO of Hilton or Marriott")
  const bodies = new Set<string>();
  for (const sp of spans) if (isBody(sp)) bodies.add(spanText(text, sp.tokens));
  const work: number[] = [];
  spans.forEach((sp, k) => {
    if (isBody(sp) || (sp.kind === null && !sp.other && bodies.has(spanText(text, sp.tokens)))) work.push(k);
  });
  spreadThroughLists(spans, work, text, 'ORGANIZATION', 1, canJoin);
}

/**
 * "the University of California, Berkeley", "Trinity College, Cambridge": a town after a body's name and a comma is
 * where the body sits (a campus, a college's university town), as addresses and affiliations are written.
 */
function seatOfBody(spans: Span[], k: number, text: string): boolean {
  const body = spans[k - 1];
  if (body?.kind !== 'ORGANIZATION' || body.evidence < 2) return false;
  return /^,[ \t]+$/.test(text.slice(body.tokens[body.tokens.length - 1]!.end, spans[k]!.tokens[0]!.start));
}

// "in Bohemia", "through Thrace", "from Langeland", "on Lolland": a spatial preposition before a word that is nothing
// but a name (no English word, given name, title, head, demonym or acronym) that the article never uses as a modifier
// or after "the" ("the Eegimaa language", "the Hajj", "in Hajj stampede") nor inside a longer name ("Phoenix Sky
// Harbor") is a place nothing else lists: islands, historical regions and villages the gazetteers lack. Not after "at"
// ("studied at Vantorel", "worked at Ubisoft": as often an institution or a firm)
const SPATIAL_BEFORE = /\b(?:in|on|through|to|from|near|into|across)[ \t]+$/i;
// "Lectures on Deixis", "a book on Byzantium": "on" after a work is its topic, not where it is (and after a decision or
// a debate: "the judicial ruling on Brexit", "a referendum on Quenexit", "talks on Taiwan")
const TOPIC_BEFORE =
  /\b(?:lectures?|books?|essays?|papers?|stud(?:y|ies)|thesis|treatise|works?|reports?|talks?|articles?|notes|remarks|commentary|conference|seminar|course|rulings?|votes?|referendums?|referenda|debates?|negotiations|deals?|decisions?|views|stance|statements?|inquiry|hearings?|consultations?|speech|speeches)[ \t]+on[ \t]+$/i;
// "their trust in Kessler", "lost confidence in Marlow", "an interest in Tarrowen", "invested in Quenby": "in" after a
// stance, a belief or a stake takes a person or a firm as often as a place
const STANCE_BEFORE =
  /\b(?:faith|trust|confidence|belief|believes?|believed|believing|interests?|interested|stakes?|invest(?:s|ed|ing|ment|ments)?|pride|delight|hopes?)[ \t]+in[ \t]+$/i;
// "according to Gelman", "thanks to Rosenthal", "a letter to Holloway", "married to Tessaly": "to" after a source, a
// debt, an attribution, a bond or a message takes a person (or a body) as often as a place, so it is no evidence of one
const PERSONAL_TO_BEFORE =
  /\b(?:according|thanks|owing|attributed|credited|dedicated|married|engaged|tribute|homage|letters?|repl(?:y|ies)|response|answer)[ \t]+to[ \t]+$/i;
// "Psychology", "Linguistics", "Modernism": a capitalised word with a common noun's suffix names a subject
// (not "-ing", "-ence", "-ance" or "-ment", which end surnames too: "Fleming", "Lawrence", "Vance", "Clement")
const ABSTRACT_NOUN_SUFFIX = /(?:ology|ics|ism|ity|tion|sion|ness|ship)$/;
const COMMON_NOUN_SUFFIX = /(?:ology|ics|ism|ity|tion|sion|ness|ment|ence|ance|ship|ing)$/;
const FUNCTION_AFTER = new Set(
  'and or but is was are were has had have in on at to of with from via where which that there when while then for by as near between during before after lies lay became remained until since into without throughout within along beyond onto toward towards'.split(
    ' ',
  ),
);
// every word of the text and its context, scanned once per text (a per-word scan of a long text would be
// quadratic): the words written after "the" or before a word other than a function word
const WORDS_IN_CONTEXT =
  /(\b[Tt]he[ \t]+)?(?<![\p{L}\p{N}])([\p{L}\p{N}]+(?:[-‐][\p{L}\p{N}]+)*)(?![\p{L}\p{N}])(?=(?:[ \t]+(\p{L}+))?)/gu;
const wordsInContext = perArticle((text) => {
  const words = new Set<string>();
  for (const m of text.matchAll(WORDS_IN_CONTEXT)) {
    if (m[1] || (m[3] && !FUNCTION_AFTER.has(m[3]))) words.add(m[2]!);
  }
  return words;
});
function standsAlone(text: string, word: string): boolean {
  return !wordsInContext(text).has(word);
}
function isNameOnly(t: Token, lowerWords: Set<string>): boolean {
  const l = lower(t);
  return (
    t.cap &&
    !t.allCaps &&
    !t.sentStart &&
    // "FrameNet", "iPhone": a capital inside the word marks a product or a brand
    !/^.\p{Ll}*\p{Lu}/u.test(t.text) &&
    !COMMON_NOUN_SUFFIX.test(l) &&
    lexiconTags(l).length === 0 &&
    !lowerWords.has(l) &&
    !isListedGivenName(t.text) &&
    !ORG_HEADS.has(l) &&
    !PLACE_HEADS.has(l) &&
    !TITLE_WORDS.has(l) &&
    !OTHER_NAME_HEADS.has(l) &&
    !isDemonym(t.text)
  );
}

// "born at Stridon", "moved to Trier", "near Ellon", "east of Ziguinchor": where a person is born, dies, lives or goes,
// and what something is near or east of, is a place. The verb or the spatial word carries the evidence; a bare
// preposition does not ("in Latin", "at Google")
const PLACE_GOVERNOR =
  /\b(?:(?:born|died|buried|raised|lived|lives|living|settled|located|situated|based|headquartered|grew[ \t]+up|stationed|arrived|resides?|resided)[ \t]+(?:in|at|near|on)|(?:moved|travell?ed|returned|fled|emigrated|relocated|went|flew|sailed|drove|walked|journeyed|driving|travell?ing|moving|returning)[ \t]+(?:back[ \t]+)?(?:to|from)|near|outside|(?:north|south|east|west|northeast|northwest|southeast|southwest)[ \t]+of|suburbs?[ \t]+of|outskirts[ \t]+of)[ \t]+$/i;

// "Hasht Behesht (The Palace of Eight Paradises)", "Ālī Qāpū (The Royal Palace)": a name with its English gloss in
// brackets after it, the gloss a place's class noun, is that place
// (the class noun is the gloss's last word or the one before its "of": "(The Royal Palace)", "(The Palace of Forty Columns)")
const GLOSS_AFTER = /^[ \t]*\((?:The[ \t]+)?(?:\p{Lu}[\p{L}'’-]*[ \t]+){0,3}?(\p{Lu}\p{Ll}+)(?=\)|[ \t]+of\b)/u;
function placeGlossAfter(after: string): boolean {
  const m = GLOSS_AFTER.exec(after.slice(0, 60));
  return !!m && PLACE_HEADS.has(m[1]!.toLowerCase());
}
// "in Tempe", "from Weehawken", "near Paramus": a bare locative preposition before a town the GeoNames list holds; the
// list is the evidence of kind, the preposition that it is the town that is meant (not "Gilbert" the person)
const LOCATIVE_BEFORE = /\b(?:in|at|from|near|to|outside|via)[ \t]+$/i;
// "an island in the Adriatic", "a valley in the Allier", "down the Danube": English names seas, rivers and regions after
// "the" or a preposition of place, and a name from data/geography.txt there is the place; alone it is no evidence
// (rivers and islands share their names with towns, people and clubs), nor after a bare "of" or "at" ("the speeches
// of Churchill", "studied at Churchill": as often a person or a college)
const GEO_BEFORE =
  /\b(?:the|in|on|to|from|into|onto|through|across|along|near|over|up|down|beyond|towards?|around|off|via)[ \t]+(?:the[ \t]+)?$/i;

// "in northern Velmark", "across rural Ostrava", "to mainland Tessaly", "in downtown Harwick": a lower-case adjective of
// a region's part (a compass point, "central", "coastal", "rural", "upper", "mainland", "downtown") after a preposition
// is said of a territory, so the name it modifies is a place
const REGION_PART_BEFORE =
  /\b(?:in|of|across|from|to|through|throughout|around|into|over)[ \t]+(?:the[ \t]+)?(?:(?:north|south)(?:-?(?:east|west))?(?:ern|ernmost)|(?:east|west)(?:ern|ernmost)|central|coastal|rural|upper|lower|inland|mainland|downtown|outer|inner)[ \t]+$/;
// "villages like Ostrelby", "cities such as Varnholt", "such towns as Kessby": examples given of a plural class
// noun of places are places (a list goes on through spreadThroughLists)
const PLACES_LIKE_BEFORE =
  /\b(?:such[ \t]+)?(?:cities|towns|villages|hamlets|islands|countries|nations|states|provinces|regions|districts|neighbou?rhoods|suburbs|counties|ports|capitals|destinations)[ \t]+(?:like|such[ \t]+as|including|(?<=\bsuch[ \t]+\p{L}+[ \t]+)as)[ \t]+$/iu;
// "performed at the Velvet Corral", "on display in the Long Gallery", "the fair took place at Marrow Yard", "stay at
// Tarowai Marae": where a show is staged, a work displayed, an event takes place or a traveller stays is a venue, a
// place (not "held at": a conference is held at a university, a body)
const VENUE_BEFORE =
  /\b(?:performed|perform|performing|staged|exhibited|displayed|(?:on|go[ \t]+on|went[ \t]+on)[ \t]+display|screened|premiered|took[ \t]+place|takes[ \t]+place|take[ \t]+place|stay|stayed|staying|lodged)[ \t]+(?:at|in)[ \t]+(?:the[ \t]+)?$/i;
// ("the Battle of Chudnov", "the siege of Azov": a battle or a siege is named after the place it was fought at; "the
// residents of Kessby", "a native of Varnholt", "the mayor of Ostrel", "the streets of Dunmere": people who live in or
// come from a place, its mayor and its streets are of a town)
// "returned to his native Varnholt", "their native Quenland": after a possessive, "native" is an adjective and what it
// qualifies is the land someone comes from, a place, as biographies name a birthplace ("a native" alone is a person)
const NATIVE_LAND_BEFORE = /\b(?:his|her|their|its|my|our|your)[ \t]+native[ \t]+$/i;
// "Thutmose's campaigns conquered Tunip", "the army invaded Kessary", "to besiege Varnholt": what an army conquers,
// invades, annexes, besieges or overruns is a land or a town, as histories write campaigns ("captured" is left
// out: armies capture people as often as towns); not after a lone singular name, as a player conquers a player ("Nadal
// conquered Federer"), nor a surname of someone the article names in full (see surnamesOf)
const CONQUEST_BEFORE =
  /(?:^|[^\p{L}'’]|\b\p{L}+s|\b\p{Ll}\p{L}*)[ \t]+(?:(?:re)?conquer(?:s|ed|ing)?|invad(?:e|es|ed|ing)|annex(?:es|ed|ing)?|besieg(?:e|es|ed|ing)|overr(?:an|un|uns|unning))[ \t]+$/u;
// (only in an article that writes of war, as a crowd besieges a person and a side overruns a side: "Reporters besieged
// Kessler outside the court", "The Saints overran Harnwell in the second half")
const writesOfWar = perArticle((text) =>
  /\b(?:army|armies|troops|soldiers|legions?|forces|fleet|cavalry|war|wars|wartime|siege|invasion|invaders|military|empire|kingdom|kings?|emperors?|sultans?|pharaohs?|crusaders?|BCE?)\b/i.test(
    text,
  ),
);
// "the kings of Gezer", "the ruler of Tunip", "the temple at Karnak", "the palace at Versailles": a ruler of a land in
// lower case (capitalised it is a title: "the Kings of Leon"), and a building or a site of a town "at" or "in" it,
// make the name a place
// (a king, a queen or a prince alone is as often a figure of speech, "the king of Motown", "the queen of clay": only in
// an article that writes of reigns and thrones, see writesOfReigns)
const MONARCH_OF_BEFORE = /\b(?:king|queen|prince|princess)[ \t]+of[ \t]+$/;
const writesOfReigns = perArticle((text) =>
  /\b(?:reign(?:s|ed)?|throne|dynasty|dynasties|crowned|coronation|monarchs?|monarchy|kingdoms?|empires?|conquests?|conquered|pharaohs?|BCE?)\b/.test(
    text,
  ),
);
const RULER_OR_SITE_BEFORE =
  /\b(?:(?:kings|queens|rulers?|princes|emperors?|sultans?|emirs?|khans?|pharaohs?|kingdom|governor)[ \t]+of|(?:temples?|palaces?|castles?|cathedral|churche?s?|monaster(?:y|ies)|abbey|fort(?:ress)?|tombs?|shrines?|sanctuary|basilica|citadel|ruins|excavations?|harbou?r|garrison)[ \t]+(?:at|in))[ \t]+$/;
// "visited Kamchatka", "toured Andalusia", "crossed Lolland": a listed region, island or town where someone visits,
// tours or crosses is the place (the list says what kind of name it is, the verb that the place is meant; as with a
// bare preposition, GEO_BEFORE and LOCATIVE_BEFORE)
const VISIT_BEFORE = /\b(?:visit(?:s|ed|ing)?|tour(?:s|ed|ing)?|cross(?:es|ed|ing)?)[ \t]+$/;
const SETTLEMENT_OF =
  /\b(?:village|town|city|hamlet|port|province|region|county|district|island|islands|state|municipality|capital|suburb|kingdom|republic|emirate|diocese|parish|desert|coast|shores|banks?|borders?|quarter|neighbou?rhood|outskirts|valley|archipelago|battle|siege|residents?|inhabitants?|natives?|citizens?|populations?|peoples|townspeople|townsfolk|mayor|streets)[ \t]+of[ \t]+$/i;

// "the river known as Kamobeul Bolon", "an Armenian quarter called Jolfa", "the city was renamed Litzmannstadt": a name
// given to something the sentence has just called a place, by its class noun, is that place's name
const PLACE_CLASS =
  'city|town|village|hamlet|river|stream|lake|island|islet|quarter|district|neighbou?rhood|suburb|region|province|valley|mountain|hill|peninsula|bay|settlement';
const NAMING =
  '(?:(?:is|was|are|were)[ \\t]+)?(?:(?:also|commonly|originally|formerly|once|later|still|locally|popularly|officially|colloquially|simply)[ \\t]+)?(?:known[ \\t]+(?:(?:locally|popularly|officially|colloquially|simply)[ \\t]+)?as|called|named|renamed(?:[ \\t]+(?:to|as))?)[ \\t]+$';
const TRAVEL_BEFORE =
  /\b(?:flights?|trains?|buses|bus|coach(?:es)?|ferry|ferries|boats?|trams?|trip|journey|road|highway|motorway|railway)[ \t]+(?:(?:run|runs|go|goes|leave|leaves|depart|departs|operate|operates)[ \t]+)?(?:to|from|for|between|via)[ \t]+$/i;
const LIES_AFTER =
  /^(?:[ \t]+(?:lies|lay)|,?[ \t]+(?:(?:is|was)[ \t]+)?situated)[ \t]+(?:(?:just|some|about|roughly|directly|slightly|high|deep)[ \t]+)?(?:on|in|at|near|between|along|beside|off|within|north|south|east|west)\b(?![ \t]+(?:\d|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|joint|equal|last|place|hospital|state|wait)\b)/;
const PLACE_NOUN_AFTER =
  /^[ \t]+(?:(?:bus|train|railway|metro|ferry)[ \t]+)?(?:district|neighbou?rhood|quarter|suburb|harbou?r|borough|valley|estuary|glacier|fjord|lagoon)\b(?![ \t]+(?:of|court|council|attorney|judge|manager|master|office|chief)\b)/;
// "the Disibodenberg cloister", "the Harnwald fortress": a religious house or a fortress in lower case after a name
// that is nothing but a name (not "the Clinton abbey": a lexicon name; "castle" was left out: "the Trump castle")
const COMPASS_OF_THE_BEFORE = /\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ward)?[ \t]+of[ \t]+the[ \t]+$/i;
const PHRASE_END_AFTER =
  /^(?:[ \t]*[,.;:)]|[ \t]+(?:and|or|had|has|have|was|were|is|are|in|on|at|to|from|for|near|where|which|until|since)\b)/;
const BUILDING_NOUN_AFTER = /^[ \t]+(?:cloister|monastery|abbey|convent|priory|nunnery|fortress)\b(?![ \t]+of\b)/;
const INTRODUCED_PLACE_AFTER = new RegExp(
  `^\\.?[ \\t]*\\n\\s*(?:This|It)[ \\t]+(?:is|was)[ \\t]+(?:a|an|the)[ \\t]+(?:[\\p{Ll}\\d-]+[ \\t]+){0,3}?(?:${PLACE_CLASS})\\b`,
  'u',
);
const NAMED_PLACE_BEFORE = new RegExp(
  `\\b(?:the|a|an)[ \\t]+(?:[\\p{L}-]+[ \\t]+)?(?:${PLACE_CLASS})[ \\t]+${NAMING}`,
  'iu',
);
// "Dunmere is a market town in Kent", "Ostrel, a small village near the coast,", "Kessby was the capital of the
// province": a name that the sentence goes on to call a town, a village or a district by its class noun, as an
// encyclopaedia or a guide introduces a place, is that place. The class noun must close its phrase (punctuation, a
// preposition or a relative after it), so a compound that only starts with it is not read ("a town councillor", "the
// city's mayor"), and the words between the article and the noun are modifiers, not "of" or "in" phrases ("Marlow was a
// member of the city council")
const PLACE_CLASS_AFTER = new RegExp(
  String.raw`^(?:,[ \t]+|[ \t]+(?:is|was)[ \t]+)(?:a|an|the)[ \t]+(?:(?!(?:of|in|on|at|to|for|from|with|by|the|a|an|and|or)\b)[\p{L}\d-]+[ \t]+){0,3}?(?:${PLACE_CLASS}|capital|municipality|parish|county|port)(?=[ \t]*[,.;:)]|[ \t]+(?:in|of|on|near|and|with|that|which|where|located|situated|between|along|at|off|(?:north|south|east|west)\b|known|whose|founded))`,
  'u',
);
// "York was known as Eboracum", "Piotrkowska Street was called Adolf-Hitler-Strasse": another name of a place named
// just before
// the rest of a listing's line up to its telephone number: "☏", "tel:", "phone:"
const ADDRESS_BEFORE = /\p{Lu}[\p{L}.'’-]*[ \t]+\d{1,5}[a-zA-Z]?[ \t]*\($/u;
const LISTING_AFTER = /^[^\n]*?(?:☏|\btel[.:]|\bphone:)/i;
const OTHER_LANGUAGE_AFTER =
  /^[ \t]+in[ \t]+(?:the[ \t]+)?(?:\p{Ll}+[ \t]+)?\p{Lu}\p{Ll}+(?:[ \t]+language)?[ \t]*[);,]/u;
const NAMING_GAP = new RegExp(`^(?:,[ \\t]+|[ \\t]+\\(?)${NAMING}`, 'i');

const MEMBER_OF = /\b(?:head|leader|leaders|member|members|chairman|chairwoman|treasurer)[ \t]+of[ \t]+(?:the[ \t]+)?$/;
const STAFF_NOUN =
  /^(?:(?:['’]s)?[ \t]+(?:market[ \t]+(?:capitali[sz]ation|value)|(?:stock|share)[ \t]+price)|[ \t]+(?:reporters?|correspondents?|spokes(?:man|woman|person)|officials|executives|employees|staff|shareholders|board|chief[ \t]+executive|chairman|chairwoman|president))\b/;

// "the publishing giant Elsevier", "tech firm Umicore", "Elsevier, a Dutch publisher,": nouns that describe only
// bodies, before a name or in apposition after it ("publisher" alone also describes people, so it needs the comma)
const BODY_NOUN =
  'company|firm|giant|retailer|airline|carrier|broadcaster|conglomerate|automaker|carmaker|manufacturer|insurer|start-?up|publishing[ \\t]+house|publisher|newspaper|website|think[ \\t]+tank|charity|non-?profit|watchdog|regulator|(?<!-|\\b(?:tax|pay|age|income|price|salary|wage|frequency|radio|spectrum|rubber|wedding|time|grade|council)[ \\t]+)band';
const BODY_BEFORE = new RegExp(`\\b(?:${BODY_NOUN.replace('|publisher', '')})[ \\t]+$`);
const BODY_APPOSITION = new RegExp(`^,[ \\t]+(?:a|an|the)[ \\t]+(?:[\\p{L}-]+[ \\t]+){0,3}?(?:${BODY_NOUN})\\b`, 'u');

/** Whether a lower-case role noun and a comma come right before `at` ("the team's coach, "). */
function roleBeforeComma(text: string, at: number): boolean {
  const m = /(\p{Ll}+),[ \t]+$/u.exec(text.slice(Math.max(0, at - 32), at));
  return !!m && isRoleWord(m[1]!);
}

/** A lower-case role noun: a title word ("goalkeeper", "coach") or one compromise tags as a role ("actor", "curator"). */
// in lower case anyone who speaks ("speaker G makes a statement"); only "Mr. Speaker" is the chair
const TITLES_ONLY_CAPITALISED = new Set(['speaker']);
function isRoleWord(word: string): boolean {
  const l = word.toLowerCase();
  if (!/^\p{Ll}+$/u.test(word) || TITLES_ONLY_CAPITALISED.has(l)) return false;
  return (
    (TITLE_WORDS.has(l) && !TITLE_MODIFIERS.has(l)) ||
    lexiconTags(l).includes('Actor') ||
    PARTY_ROLES.has(l) ||
    RANKS_OF_OLD.has(l)
  );
}

// ranks and rulers of history the lexicon does not know as people ("the knight Lyvet", "the pharaoh Ahmose")
const RANKS_OF_OLD = new Set(['knight', 'squire', 'pharaoh', 'empress', 'caliph', 'shah', 'vizier', 'chieftain']);
// "appellant Brell", "the defendant, Kessel,": the parties to a case, as a court and its transcripts name them, are
// roles that people hold (a body or a state that is a party is named by its own name, which types it already)
const PARTY_ROLES = new Set(
  'petitioner petitioners respondent respondents appellant appellants appellee appellees plaintiff plaintiffs defendant defendants claimant claimants complainant movant intervenor relator'.split(
    ' ',
  ),
);

// Title words that modify a role rather than name one ("former", "senior"): in lower case they are no role noun
const TITLE_MODIFIERS = new Set([
  'former',
  'acting',
  'senior',
  'head',
  'chief',
  'foreign',
  'private',
  'major',
  'general',
  'assistant',
  'executive',
  'crown',
  'superior',
]);

// works of one maker's hand, after the maker's name (not films, songs or series, which firms and studios make too)
const MAKERS_WORKS_AFTER =
  /^(?:['’]s)?[ \t]+(?:paintings?|artworks?|sculptures?|frescoe?s?|etchings?|drawings|portraits|canvases|sonatas?|symphon(?:y|ies)|operas|concertos?|poems|sonnets)\b/;
// "Newton's concept of gravity", "Piaget's stages of development", "Einstein's general theory": a thinker's ideas are
// named after them, as a maker's works are (a country's or a firm's view is typed by its name already)
const THINKERS_IDEAS_AFTER =
  /^['’]s?[ \t]+(?:[a-z]+[ \t]+)?(?:concepts?|theory|theories|ideas?|insights?|hypothesis|conjecture|theorem|thesis|stages|libido|philosophy|arguments?)\b/;
// "Dries Mertens, who", "Ana Ruiz, 34,", "Hadid was born", "Galois died": what only people are or do
// ("Okafor has been married twice", "Veltri enrolled at the Corona Academy", "Pell was educated at home", "Ruiz grew up
// in", "Maro took command of two legions", "Quell herself appears": a life's events, and a reflexive pronoun of a sex,
// are said of people only; "Dorn's early life and career", "Velk's feats", "Marrow's earliest inventions": so are a
// life, a career, a marriage and its deeds in the possessive, after at most one modifier; a firm's name is typed by
// its list already, "Ford's life"; not a compound the noun opens, which a firm has: "Quellmark's retirement plan", "the
// life sciences unit")
const TOWNS_DO_NOT_AFTER =
  /^(?:[ \t]+(?:was[ \t]+born[ \t]+(?:(?:in|on)(?=[ \t]+[\p{Lu}\d])|to|into)|(?:has[ \t]+been[ \t]+|had[ \t]+been[ \t]+|was[ \t]+|got[ \t]+|re)married|married(?=[ \t]*[,.;]|[ \t]+(?:a|an|his|her)\b|[ \t]+\p{Lu}\p{Ll}+[ \t]+\p{Lu})|divorced|enrolled[ \t]+(?:at|in)(?=[ \t]+(?:the[ \t]+)?\p{Lu})|was[ \t]+educated|graduated[ \t]+from|testified|pleaded[ \t]+guilty|himself|herself)\b|['’]s?[ \t]+(?:wife|husband|widow|widower|fiancée?|parents)\b)/u;
const PERSON_LIFE_AFTER =
  /^(?:[ \t]+(?:was[ \t]+born|died|married|divorced|graduated|retired|resigned|testified|pleaded[ \t]+guilty|was[ \t]+sentenced|(?:has|had)[ \t]+been[ \t]+(?:married|divorced)|(?:was|got)[ \t]+married|remarried|enrolled[ \t]+(?:at|in)|was[ \t]+(?:educated|knighted|ordained|bapti[sz]ed)|grew[ \t]+up[ \t]+(?:in|on|with|as|during|near|poor)|fell[ \t]+in[ \t]+love|(?:returned[ \t]+to[ \t]+live|lived|lives)[ \t]+(?:in|at)(?=[ \t]+\p{Lu})|(?:acts|acted|served|serves|took[ \t]+over)[ \t]+as[ \t]+(?:(?:the|its|their)[ \t]+)?(?:spokes(?:man|woman|person)|chairman|chairwoman|president|editor|coach|captain)|(?:was|is)[ \t]+(?:a|an|the)[ \t]+(?:\p{Ll}+[ \t]+)?(?:descendant|son|daughter|grandson|granddaughter|nephew|niece|pupil|disciple|protégé|widow|widower)[ \t]+of|took[ \t]+command[ \t]+of[ \t]+(?:(?:the|his|her|an?|\p{Ll}+)[ \t]+){0,3}(?:army|armies|legions?|troops|forces|fleet|regiments?|divisions?|brigades?|battalions?|garrison)|himself|herself)\b|['’]s?[ \t]+(?:wife|husband|son|sons|daughter|daughters|mother|father|brother|brothers|sister|sisters|parents|widow|widower|fiancée?|death|funeral|birth|childhood)\b|['’]s?[ \t]+(?:\p{Ll}+[ \t]+)?(?:life(?![ \t-]*(?:cycle|span|expectancy))|lifetime|marriage|retirement|boyhood|girlhood|adolescence|upbringing|feats|exploits|memoirs|autobiography|deathbed)\b(?![ \t-]+(?:plans?|schemes?|funds?|savings|pots?|packages?|age|insurance|polic(?:y|ies)|accounts?|benefits?|homes?|villages?|cover|partners?|rates?|sciences?|products?|business|units?|division|insurers?)\b))/u;
const PERSON_APPOSITION = new RegExp(
  String.raw`^(?:,?[ \t]+(?:who|whose)\b|,[ \t]*\d{1,3},|${PERSON_LIFE_AFTER.source.slice(1)})`,
  'u',
);
// "George's brother, Philonise, said", "Philonise, his brother, asked": a name in apposition to a kinship noun that a
// possessive determines is a relative's, a person's
const KIN =
  '(?:brother|sister|son|daughter|wife|husband|mother|father|cousin|uncle|aunt|nephew|niece|grandson|granddaughter|grandfather|grandmother|widow|widower|fiancée?)';
const KIN_BEFORE = new RegExp(
  String.raw`(?:\b(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur|[Yy]our)|\p{L}['’]s?)[ \t]+(?:\p{Ll}+[ \t]+)?${KIN},[ \t]+$`,
  'u',
);
const KIN_AFTER = new RegExp(String.raw`^,[ \t]+(?:his|her|their|my|our|your)[ \t]+(?:\p{Ll}+[ \t]+)?${KIN},`, 'u');
const PERSONS_OF_BEFORE = new RegExp(
  String.raw`\b(?:${KIN}s?|heir|disciple|pupil|reign|death|murder|assassination|execution|funeral|tomb|grave|biography|memoirs|line|lines|verses|poems|works|writings|sermons)[ \t]+of[ \t]+$`,
);
const PLAYER_AFTER = /^[ \t]+(?:scored|netted|was[ \t]+(?:booked|sent[ \t]+off|substituted))\b/;
// "Binderman et al.", "Sapir's (1971) classification"; not "Hydrodynamica (1738)": a work's title takes its year too
const CITED_AFTER = /^(?:[ \t]+et[ \t]+al\b|['’]s[ \t]*\((?:1[5-9]|20)\d\d[a-z]?[,;:)])/;
// "Carrano & Biewener [7]": a reference number; after one word it is as often an encyclopedia's footnote ("Skylab [7]")
const REFERENCE_AFTER = /^(?:['’]s)?[ \t]*\[\d{1,3}(?:[,–-][ \t]*\d{1,3})*\]/;
const YEAR_AFTER = /^,?[ \t]+(?:1[5-9]|20)\d\d[a-z]?[;),:]/;
const PERSON_GOVERNOR_BEFORE =
  /\b(?:(?:studied|served|trained|apprenticed|worked|fought|sang|played|taught)[ \t]+under|married|befriended|met|(?:was|were)[ \t]+(?:tutored|mentored|taught|accompanied)[ \t]+by)[ \t]+$/i;
const COLLEAGUES_AFTER =
  /^[ \t]+and[ \t]+(?:his[ \t]+|her[ \t]+|their[ \t]+)?(?:colleagues|co-?workers|collaborators|associates)\b/;
// "Eckert (2000)", "Halloran (1999: 34)", "Podesva (2007, p. 12)": a year in brackets, with a page after it or none
// ("Tilsby (in press)", "Marr (n.d.)", "Rowan (forthcoming)": a work not yet dated)
const AUTHOR_YEAR_AFTER =
  /^[ \t]*\((?:(?:1[5-9]|20)\d\d[a-z]?(?:[:,][ \t]*(?:pp?\.[ \t]*)?\d+(?:[–-]\d+)?)?|in[ \t]+press|n\.[ \t]*d\.|forthcoming)\)/;
// "Winford (2003) distinguishes", "as Halloran (1999: 34) notes", "Brandt and Ostrel (2010) propose": the narrative
// citation of scholarly writing puts the author in the sentence, the year (and page) in brackets after the name, then a
// verb of report, of argument or of finding whose subject the author is; a co-author may stand between ("and Ostrel").
// Only such verbs: a work's title with its year takes others ("Harbour Lights (1958) with ...", "(1958) by ...")
// (only in a text that cites as scholarship does, with "et al." or a name and a year in brackets: "Titanic (1997)
// shows" in a review is a film)
const citesScholarship = perArticle((text) =>
  /\bet[ \t]+al\.|\(\p{Lu}[\p{L}'’-]+(?:,|[ \t]+(?:and|&)[ \t]+\p{Lu}[\p{L}'’-]+,?)?[ \t]+(?:1[5-9]|20)\d\d[a-z]?[);,:]/u.test(
    text,
  ),
);
const NARRATIVE_CITATION_AFTER =
  /^(?:,?[ \t]+(?:and|&)[ \t]+\p{Lu}[\p{Ll}'’-]+)?[ \t]*\((?:1[5-9]|20)\d\d[a-z]?(?:[:,][ \t]*(?:pp?\.[ \t]*)?\d+(?:[–-]\d+)?)?\)[ \t]+(?:also[ \t]+|further[ \t]+|rightly[ \t]+)?(?:argue[sd]?|note[sd]?|shows?|showed|shown|finds?|found|suggest(?:s|ed)?|propose[sd]?|claim(?:s|ed)?|observe[sd]?|report(?:s|ed)?|describe[sd]?|define[sd]?|distinguish(?:es|ed)?|demonstrate[sd]?|state[sd]?|points?[ \t]+out|pointed[ \t]+out|discuss(?:es|ed)?|identif(?:y|ies|ied)|examine[sd]?|introduce[sd]?|maintain(?:s|ed)?|contend(?:s|ed)?|explain(?:s|ed)?|emphasi[sz]e[sd]?|coin(?:s|ed)|writes|wrote|conclude[sd]?|analy[sz]e[sd]?|posit(?:s|ed)|characteri[sz]e[sd]?|criticis(?:es|ed)|criticiz(?:es|ed)|challenge[sd]?|assert(?:s|ed)|observes|provides?|provided|describes|offer(?:s|ed)|defend(?:s|ed)|reject(?:s|ed)|predict(?:s|ed)|hypothesi[sz]e[sd]?|investigate[sd]?|studie[sd]|surveye?d?s?|recogni[sz]e[sd]?)\b/u;

// (only in an article about a film, a show or a book and its characters: "Apple (Tim Cook) said" is a firm and its chief)
const writesOfCast = perArticle((text) =>
  /\b(?:films?|movies?|series|episodes?|seasons?|shows?|characters?|cast|roles?|sitcom|drama|novel|sequel|actors?|actress(?:es)?|starring|starred|plays|played|villain|hero|heroine)\b/i.test(
    text,
  ),
);
const ACTOR_IN_BRACKETS = /^(?:['’]s?)?[ \t]*\((\p{Lu}\p{Ll}+)(?:[ \t]+\p{Lu}\p{Ll}+){1,2}\)/u;
/** Whether a bracket right after `end` holds only a person's name, a listed given name and one or two surnames. */
function playedByAfter(text: string, end: number): boolean {
  const m = ACTOR_IN_BRACKETS.exec(text.slice(end, end + 48));
  return !!m && isListedGivenName(m[1]!);
}
const CAST_BEFORE =
  /\b(?:(?:co-)?starring|(?:(?:co-)?starred|cast(?:ing)?)\b[^.;!?]{0,60}?\bopposite|(?:played|portrayed|voiced)[ \t]+by)[ \t]+$/;
// a clause's subject stands first or after punctuation or a word that opens a clause, never after a preposition or a
// verb, whose object it would be
const CLAUSE_OPENERS = new Set(
  'and but when after before while as because since until then so that where though although once if'.split(' '),
);
const CLAUSE_ENDERS = new Set(['him', 'them', 'it', 'its', 'their', 'who', 'whom', 'which', 'that', 'whose']);
const SELF_NOUN = new RegExp(
  `^(?:head|hands?|eyes|face|shoulders|arms|fists?|lips|tongue|breath|voice|temper|mind|heart|tears|own|teeth|nose|hair|${KIN.slice(3, -1)})$`,
);
/**
 * Whether the word at `i` is the subject of a verb (at `j`, after at most an adverb or a modal) whose clause goes on,
 * within six lower-case words and before any punctuation, name or other pronoun, to "his" or "her" before a part of
 * the body, the mind or a relative, which the subject owns ("can only shake his head", "met her husband"). Not any
 * possessive: a club or a firm acts on a person's things ("Juventus extended his contract", "confirmed his departure").
 */
function ownsGenderedAfter(tokens: Token[], i: number, j: number): boolean {
  const prev = tokens[i - 1];
  if (prev?.word && !CLAUSE_OPENERS.has(lower(prev))) return false;
  let verb = false;
  for (let k = j; k < j + 8; k++) {
    const t = tokens[k];
    if (!t?.word || t.cap) return false;
    const l = lower(t);
    if (!verb) {
      const tags = lexiconTags(l);
      if (k - j > 1) return false;
      if (tags.some((x) => VERB_TAG.test(x)) || /\p{Ll}ed$/u.test(l)) verb = true;
      else if (!(tags.includes('Adverb') || /ly$/.test(l))) return false;
      continue;
    }
    if (CLAUSE_ENDERS.has(l)) return false;
    if (l === 'his' || l === 'her') return !!tokens[k + 1] && SELF_NOUN.test(lower(tokens[k + 1]!));
  }
  return false;
}

/** Whether `at` is inside an unclosed parenthesis that opened shortly before it ("(Lewis, Simons, & Fennig, 2014)"). */
function insideParentheses(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 80), at);
  const open = before.lastIndexOf('(');
  return open !== -1 && !before.slice(open).includes(')') && !before.slice(open).includes('\n');
}

// a plural noun, perhaps after a number, and perhaps a comma or colon, right before a list ("two brothers, ")
// ("historians, such as Chandler and Weller", "students like Rai", "poets including Ovidius": the plural may introduce
// the list through "such as", "like" or "including")
// who perform may be bands as well as people ("artists such as Coldplay")
const ACTS_PLURAL = /^(?:artists|acts|performers|headliners|musicians)$/;
const PLURAL_BEFORE = /\b(\p{Ll}{3,}s)(?:[,:]?[ \t]+|,?[ \t]+(?:such[ \t]+as|like|including)[ \t]+)$/u;
const LIST_GOES_ON = /^(?:,|[ \t]+(?:and|or)[ \t]|[ \t]*\()/;
const LIST_GAP = /^(?:,[ \t]*|,?[ \t]+(?:and|or|&)[ \t]+)$/;
const LIST_GAP_AFTER_BRACKET = /^[ \t]*\([^()\n]{1,80}\)(?:,[ \t]*|,?[ \t]+(?:and|or|&)[ \t]+)$/;

const AGENT_SHARE = 0.3; // chosen on the tuning split
// a match score: goals of one or two digits joined by a dash ("3 – 0", "2-1"), not a year, a range of years or of days
const SCORE_AFTER =
  /^[ \t]+\d{1,2}[ \t]*[-–—][ \t]*\d{1,2}(?![\p{L}\p{N}])(?![ \t]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/iu;
// a match's words and a score between names ("Belgium 3 – 0 Panama"), read once per text
const MATCH_WORDS = /\b(?:match|tournament|World Cup|championship|qualifier|goals?|fixture)\b/;
const SCORE_BETWEEN = /\p{Lu}[\p{L}.]{0,30}[ \t]{1,3}\d{1,2}[ \t]*[-–—][ \t]*\d{1,2}[ \t]{1,3}\p{Lu}/u;
/** "putting the Belgians in the lead": in a match report, a nation's people in the plural after "the" is its team. */
function nationsTeam(toks: Token[], text: string): boolean {
  return (
    toks.length === 1 &&
    /^\p{Lu}\p{Ll}+s$/u.test(toks[0]!.text) &&
    isDemonym(toks[0]!.text.slice(0, -1)) &&
    /\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 5), toks[0]!.start)) &&
    reportsMatch(text)
  );
}
/** Whether the article reports a sports match: a score between two names and a match's words. */
const reportsMatch = perArticle((text) => SCORE_BETWEEN.test(text) && MATCH_WORDS.test(text));
const SCORE_BEFORE = /[\p{L}.][ \t]+\d{1,2}[ \t]*[-–—][ \t]*\d{1,2}[ \t]+$/u;
const VERB_TAG = /^(Verb|PastTense|PresentTense|Modal|Auxiliary|Copula)$/;
const PREPOSITION = new Set([
  'in',
  'to',
  'from',
  'of',
  'at',
  'on',
  'by',
  'for',
  'with',
  'into',
  'across',
  'throughout',
  'near',
  'than',
  'against',
  'between',
  'visit',
  'visited',
  'and',
]);

/** Mark country mentions that act as agents: the subject of a verb and not governed by a preposition. */
function markAgentive(spans: Span[], tokens: Token[], tags: TagLookup): void {
  for (const sp of spans) {
    if (sp.kind !== 'PLACE' || !isCountryName(sp.tokens.map((t) => t.text).join(' '))) continue;
    const i = tokenAt(tokens, sp.tokens[0]!.start)!;
    const j = tokenAt(tokens, sp.tokens[sp.tokens.length - 1]!.start)! + 1;
    const prev = tokens[i - 1];
    const next = tokens[j];
    if (!next || (prev && PREPOSITION.has(lower(prev)))) continue;
    sp.agentive = (tags.get(next.start) ?? []).some((t) => VERB_TAG.test(t));
  }
}

/** Letters an acronym would take from a name: "Korean Central News Agency" -> "kcna". */
function initials(tokens: Token[]): string {
  return tokens
    .filter((t) => t.cap)
    .map((t) => t.text[0]!.toLowerCase())
    .join('');
}

/**
 * An acronym names a body or a place when the article spells it out: "Korean People's Army (KPA)", or a typed
 * multi-word name elsewhere in the article with the same initials. An acronym the article introduces after
 * ordinary words ("sea surface salinity (SSS)") is a term; one it never explains is left out.
 */
function resolveAcronyms(spans: Span[], text: string): void {
  const named = spans.filter((s) => s.kind && !s.acronym && s.tokens.filter((t) => t.cap).length >= 2);
  const endOf = (s: Span) => s.tokens[s.tokens.length - 1]!.end;
  // the last named span (in article order) that ends before an offset, for offsets that only grow
  const byEnd = named.map((_, i) => i).sort((a, b) => endOf(named[a]!) - endOf(named[b]!));
  let ended = 0;
  let lastEnded = -1;
  const byInitials = new Map<string, Span>();
  for (const n of named) {
    const key = initials(n.tokens);
    if (!byInitials.has(key)) byInitials.set(key, n);
  }
  for (const sp of spans) {
    if (!sp.acronym) continue;
    const letters = sp.tokens[0]!.text.replace(/[.&-]/g, '').toLowerCase();
    const start = sp.tokens[0]!.start;
    // ("Digital Learning Technology (DLT)": a field's letters stand for no one, whatever the run before them was taken for)
    if (termAcronyms(text).has(letters)) continue;
    while (ended < byEnd.length && endOf(named[byEnd[ended]!]!) <= start)
      lastEnded = Math.max(lastEnded, byEnd[ended++]!);
    // ("Sky Harbor International Airport (IATA: PHX)": an acronym before a colon labels what follows, it names no one)
    if (opensParenthesis(text, start) && text[sp.tokens[0]!.end] !== ':') {
      const prev = lastEnded >= 0 ? named[lastEnded] : undefined;
      // (a person is not known by letters that are not their initials: "Shahid Beheshti (IATA: IFN)" is a code's label,
      // "Jo Grady (UCU)" her union)
      const ownLetters = prev?.kind !== 'PERSON' || initials(prev.tokens) === letters;
      if (prev && ownLetters && /^\s*\(\s*$/.test(text.slice(endOf(prev), start))) {
        sp.kind = prev.kind;
        sp.evidence = 2;
        continue;
      }
    }
    const match = byInitials.get(letters);
    if (match) {
      sp.kind = match.kind;
      sp.evidence = 2;
      continue;
    }
    // "the WHO said", "by the FBI.": an acronym with the definite article that heads its noun phrase names a body;
    // one that modifies a following noun ("the HTML demo", "a VIP pass") names a thing
    const after = text.slice(sp.tokens[0]!.end, sp.tokens[0]!.end + 12);
    // only as the subject of a reporting verb, which bodies are in news copy; a technical term after "the" ("the GRF
    // is expected", "the SUT.") is as common in any text as a body's short name
    if (
      (/\bthe\s+$/i.test(text.slice(Math.max(0, start - 5), start)) && REPORTING_VERB_AFTER.test(after)) ||
      acronymNamesBody(text, sp.tokens[0]!)
    ) {
      sp.kind = 'ORGANIZATION';
      sp.evidence = 1;
    }
  }
}

// "UK spy agency GCHQ", "the ruling party FSLN": a noun that describes only bodies right before capitals (not
// "website", before which capitals are as often its code: "the website CSS")
const ACRONYM_BODY_BEFORE = new RegExp(
  String.raw`\b(?:${BODY_NOUN.replace('|website', '')}|agency|party|union|regulator|militia|alliance|coalition|bank)[ \t]+["“]?$`,
);
// (the noun with a word of its own before it, "the rail union RMT", "UK spy agency GCHQ": right after an article or a
// possessive it opens a compound with the capitals, a thing the body has, "the company IPO", "the union AGM", "the
// party PPB")
const BARE_BODY_NOUN_BEFORE = /\b(?:the|a|an|its|their|this|that|our|his|her)[ \t]+\p{L}+[ \t]+["“]?$/iu;
// "the GOP nominee", "Dozens of FSLN followers", "the CIA headquarters": what only a party, an agency or an armed group has,
// its nominee, its followers, its officers and its fighters (not its staff or members, which a department and a
// community have too, "the IT staff", "LGBT members"; nor candidates, supporters, a leader or leaders, a chief,
// delegates, executives, hearings, investigators or officials, which a degree, a cause, a topic, a disease or a
// referee's aid has as well: "MBA candidates", "LGBT supporters", "STEM leaders", "the ESG chief", "the DEI chief",
// "LGBTQ delegates", "ESG executives", "the COVID hearings", "SARS investigators", "the VAR officials")
const ACRONYM_BODY_AFTER =
  /^[ \t]+(?:nominees?|followers|loyalists|lawmakers|legislators|spokes(?:man|woman|person)|chair(?:man|woman)?|headquarters|militants|fighters|rebels|agents|operatives)\b/;
// "told SPIEGEL that", "according to the IPCC.": who is told, or whose account a report follows, named by capitals
// that end the phrase, is an outlet or a body (a person's name is not written in capitals; a plural "MPs" is no
// acronym; before a noun the capitals modify it: "according to IMF data")
const ACRONYM_SOURCE_BEFORE = /\b(?:told|according[ \t]+to|interview[ \t]+with|quoted[ \t]+by)[ \t]+(?:the[ \t]+)?$/i;
const PHRASE_ENDS_AFTER = /^(?:[ \t]*[,.;:)!?"”’]|[ \t]+(?:that|on|in|last|this|about|after|when|earlier|,)\b)/;

// "SMITH: I told JONES that ...": a transcript that labels its speakers in capitals writes people's names so
const CAPS_SPEAKER_LABEL = /(?:^|\n)[ \t]*(?:(?:MR|MRS|MS|DR)\.[ \t]+)?\p{Lu}{2,}(?:[ \t]+\p{Lu}{2,})?:/u;
const capsSpeakerLabels = perArticle((text) => CAPS_SPEAKER_LABEL.test(text));

const STRESSED_PRONOUN = /^(?:every|any|some|no)(?:one|body|thing)$/;
/** Capitals that may be a body's: three letters or more, not a role's ("MEP"), a state's or a place's ("DRC"), nor a
 * pronoun written in capitals for stress ("I told HIM that", "He told EVERYONE that"). */
function acronymShape(t: Token): boolean {
  return (
    t.allCaps &&
    t.text.replace(/\./g, '').length >= 3 &&
    !STRESSED_PRONOUN.test(lower(t)) &&
    !lexiconTags(lower(t)).some((x) => /^(?:Pronoun|Possessive|Determiner)$/.test(x)) &&
    !isRoleWord(lower(t)) &&
    !US_STATE_ABBREVIATIONS.has(t.text) &&
    !isPlaceName(t.text)
  );
}

/** Context that makes an unexplained acronym a body: a body's noun before it, a body's people or proceedings after it,
 * or a report's source before it. */
function acronymNamesBody(text: string, t: Token): boolean {
  if (!acronymShape(t)) return false;
  const before = text.slice(Math.max(0, t.start - 40), t.start);
  const after = text.slice(t.end, t.end + 32);
  return (
    (ACRONYM_BODY_BEFORE.test(before) && !BARE_BODY_NOUN_BEFORE.test(before)) ||
    ACRONYM_BODY_AFTER.test(after) ||
    (ACRONYM_SOURCE_BEFORE.test(before) && PHRASE_ENDS_AFTER.test(after) && !capsSpeakerLabels(text))
  );
}

/** An opening parenthesis, then only white space, right before `at`. */
function opensParenthesis(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return i >= 0 && text[i] === '(';
}

/** "Lord Halifax": whether "Lord" or "Lady" stands right before `t` (see peerAt: the title is split off before the
 * place's name only there). */
function peerBefore(text: string, t: Token): boolean {
  return /\b(?:Lord|Lady)[ \t]+$/.test(text.slice(Math.max(0, t.start - 6), t.start));
}

/** Whether the word right before `t` is a title of office or rank that only people hold (`Senator`, `President`), not
 * a weak one that also opens other names (`General`, `Dean`). */
function officeBefore(text: string, t: Token): boolean {
  const m = /(\p{L}+\.?)[ \t]+$/u.exec(text.slice(Math.max(0, t.start - 20), t.start));
  if (!m) return false;
  const w = m[1]!.toLowerCase();
  return TITLE_WORDS.has(w) && !WEAK_TITLE_WORDS.has(w);
}

function speechBefore(text: string, t: Token): boolean {
  const m = /(\p{L}+)[ \t]+$/u.exec(text.slice(Math.max(0, t.start - 14), t.start));
  return !!m && SPEECH_VERBS.has(m[1]!);
}

function speechAfter(text: string, t: Token): boolean {
  const m = /^[ \t]+(\p{L}+)/u.exec(text.slice(t.end, t.end + 14));
  return !!m && SPEECH_VERBS.has(m[1]!);
}

/**
 * Lone words that the article regularly puts after an article or a demonstrative ("the Eegimaa language", "the
 * Moriori people"): they name a group, a language or a thing; a surname or a town takes one only now and then ("the
 * Galois memorial"), so at least a quarter of the lone mentions is the line.
 */
function determinedWords(spans: Span[], text: string): Set<string> {
  const loneUse = new Map<string, { all: number; determined: number }>();
  for (const s of spans) {
    if (s.tokens.length !== 1) continue;
    const key = normaliseName(s.tokens[0]!.text);
    const u = loneUse.get(key) ?? { all: 0, determined: 0 };
    u.all++;
    if (afterDeterminer(text, s.tokens[0]!)) u.determined++;
    loneUse.set(key, u);
  }
  return new Set([...loneUse].filter(([, u]) => u.determined * 4 >= u.all).map(([k]) => k));
}

function afterDeterminer(text: string, t: Token): boolean {
  return /\b(?:the|a|an|this|these|those)\s+$/i.test(text.slice(Math.max(0, t.start - 7), t.start));
}

const INSTITUTIONS = new Set([
  'congress',
  'senate',
  'parliament',
  'court',
  'cabinet',
  'legislature',
  'knesset',
  'duma',
  'bundestag',
  'politburo',
  'kremlin',
  'pentagon',
  'crown', // "the Crown prosecutor": the state as a party to a case in Commonwealth courts
  'judiciary', // "broadcast live on the Judiciary's YouTube channel": the courts of a state as one body
]);

// "Space Shuttle Atlantis", "Apollo spacecraft": words that, before a name, make it a craft's
/**
 * "Space Shuttle Columbia lifted off ... Columbia was lost": a name the article gives a craft or a ship after its prefix
 * ("Space Shuttle", "USS") is the vessel's at its other mentions too, one sense per article, though it is also a
 * place's name; a vessel is no person, body or place, so it is not output.
 */
function markCraftNames(spans: Span[], text: string): void {
  const names = new Set<string>();
  for (const sp of spans) {
    if (!sp.other) continue;
    const at = sp.tokens.findIndex((t) => CRAFT_WORDS.has(lower(t)) || SHIP_PREFIXES.has(lower(t)));
    if (at >= 0 && at < sp.tokens.length - 1) names.add(spanText(text, sp.tokens.slice(at + 1)));
  }
  if (!names.size) return;
  for (const sp of spans) {
    if (sp.other || !names.has(spanText(text, sp.tokens))) continue;
    sp.other = true;
    sp.kind = null;
    sp.evidence = 3;
  }
}

const CRAFT_WORDS = new Set([
  'shuttle',
  'spacecraft',
  'spaceship',
  'rover',
  'lander',
  'orbiter',
  'airship',
  'frigate',
  'destroyer',
  'submarine',
]);

// "59 games for", "signed with": what a player does for a team (before its place's name, or "the" and its nickname)
// (and what drafts, releases or waives a player, or what a player is traded, loaned or transferred to: "drafted by the
// Quenby Otters", "traded to Varnholt", "loaned to Harrowgate", as sports biographies move a player between teams)
const PLAYS_FOR =
  '\\b(?:(?:games|matches|appearances|goals|caps|debut|debuted|played|plays|playing|signed|scored|pitched)[ \\t]+(?:for|with)|(?:drafted|waived)[ \\t]+by|(?:traded|loaned|transferred)[ \\t]+to)[ \\t]+';
const PLAYS_FOR_THE = new RegExp(`${PLAYS_FOR}the[ \\t]+$`, 'i');
const PLAYS_FOR_BEFORE = new RegExp(`${PLAYS_FOR}$`, 'i');
const SCHOOL_HEADS = new Set(['school', 'college', 'university', 'academy']);
const TOWN_BEFORE = /\b(?:in|of|near|from|outside|around|into|across|through)[ \t]+$/i;

const REPORTING_VERB_AFTER =
  /^\s+(?:said|says|announced|announces|reported|reports|confirmed|confirms|denied|denies|warned|warns|stated|states|added|told|urged|urges|called|claimed|claims|insisted|declined)\b/;

const ISLAND_GROUP = /\bgroup[ \t]+of[ \t]+(?:[\p{L}\d,]+[ \t]+){0,4}?islands\b|\bisland[ \t]+group\b/iu;
/** Whether the article calls something a group of islands ("Vava'u is a group of more than 50 islands"). */
const callsIslandGroup = perArticle((text) => ISLAND_GROUP.test(text));
// "Green versus United States", "Roe v. Wade", "Smith vs. Jones": the word that joins the parties to a case, and a party
// after it
const VERSUS = String.raw`(?:versus|vs?\.)`;
const CASE_PARTIES = new RegExp(String.raw`\b${VERSUS}[ \t]+\p{Lu}`, 'u');
/** Whether the article reports a case: it names the parties with "versus" ("Green versus United States"). */
const reportsCase = perArticle((text) => CASE_PARTIES.test(text));
const CHAMBER = /\bHouse[ \t]+of[ \t]+(?:Representatives|Commons|Lords|Delegates|Assembly|Keys|Councillors)\b/;
/** Whether the article names a legislative chamber in full ("the House of Representatives", "the House of Lords"). */
const namesChamber = perArticle((text) => CHAMBER.test(text));
const PARTY_BEFORE = new RegExp(String.raw`\b${VERSUS}[ \t]+$`);
const PARTY_AFTER = new RegExp(String.raw`^[ \t]+${VERSUS}[ \t]+\p{Lu}`, 'u');
const LEGAL_FORM = /^(?:County|City|State|Commonwealth|Town|Village|Borough) of \p{Lu}/u;

// "Trump Tower", "Lincoln Center", "Rosslyn Street": heads of buildings and streets, which are named after a person, a
// town or a firm, so the words before the head alone name that, not the building ("We want Trump"); a natural
// feature's name alone is the feature ("the Chatham Islands" ... "Chatham")
const BUILT_HEADS =
  /^(?:tower|towers|building|center|centre|hall|stadium|arena|museum|gallery|hotel|theatre|theater|hospital|library|memorial|street|avenue|road|boulevard|square|plaza|bridge|airport|station)$/;
// units of government and land that take "of" as a class noun ("the State of Ohio", "the city of Philadelphia"), and
// institutions named after what they serve ("the Library of Congress" is a body)
const ADMIN_UNITS =
  /^(?:state|county|city|district|region|province|territory|village|town|borough|parish|precinct|quarter|prefecture|oblast|republic|kingdom|empire|border|coast|port|library|hospital)$/;
// "Presidency", "Chairmanship", "Priesthood", "Ministership": nouns of an office or a state, none a family's name
const OFFICE_NOUN = /^\p{L}{3,}(?:ency|ship|hood|ism|ology|tion|sion|ness)$/u;
const OF_TITLE_AFTER = /^[ \t]+of[ \t]+(\p{Lu}\p{Ll}+)/u;
/** "the Office of President", "the Office of Vice Presidency": an office named by its title, where a body has "the". */
function officeOfTitle(text: string, end: number): boolean {
  const m = OF_TITLE_AFTER.exec(text.slice(end, end + 32));
  if (!m) return false;
  const w = m[1]!.toLowerCase();
  return TITLE_WORDS.has(w) || TITLE_QUALIFIERS.has(w);
}
/** "College career" after "Navarro College": a head noun alone, without "the", is a word of kind, no short name. */
function bareHead(toks: Token[], text: string): boolean {
  if (toks.length !== 1) return false;
  const l = lower(toks[0]!);
  return (
    (ORG_HEADS.has(l) || PLACE_HEADS.has(l)) &&
    !/\bthe[ \t]+$/i.test(text.slice(Math.max(0, toks[0]!.start - 8), toks[0]!.start))
  );
}
const PARTS_OF_TEXT = new Set([
  // the numbered parts of a mathematical text
  'proposition',
  'theorem',
  'lemma',
  'corollary',
  'porism',
  'definition',
  'axiom',
  'postulate',
  'chapter',
  'section',
  'figure',
  'fig',
  'table',
  'appendix',
  'volume',
  'vol',
  'part',
  'page',
  'exhibit',
  'lesson',
  'unit',
]);
const CHAIR_OF_BEFORE = /\b(\p{Lu}\p{Ll}+)[ \t]+of[ \t]+(?:\p{Lu}[\p{L}-]*[ \t]+){0,2}$/u;
/** "Professor of Intellectual [Property]": a title, "of", and at most two capitalised words before `at`. */
function chairOfBefore(text: string, at: number): boolean {
  const m = CHAIR_OF_BEFORE.exec(text.slice(Math.max(0, at - 48), at));
  return !!m && TITLE_WORDS.has(m[1]!.toLowerCase());
}
const NOUN_AFTER = /^[ \t]+\p{Ll}{3,}\b/u;
/** "Democratic control", "Royal visits": one word with an adjective's form or the lexicon's tag, before a lower-case word. */
function modifiesNoun(toks: Token[], text: string): boolean {
  if (toks.length !== 1) return false;
  const t = toks[0]!;
  const l = lower(t);
  return (
    (/(?:ic|al)$/.test(l) || lexiconTags(l).includes('Adjective')) && NOUN_AFTER.test(text.slice(t.end, t.end + 20))
  );
}

function groupEntities(spans: Span[], text: string, titleEnd: number): ExtractedEntity[] {
  resolveAcronyms(spans, text);
  // a plain two- or three-word name with nothing else marking it is a person's only when the article goes on to
  // call them by the surname alone, as news copy does after the first mention ("Nick Moreau ... Moreau said")
  // A place name is a surname only where it stands as a speaker ("Paris says"): anywhere else ("in Brussels",
  // "Brussels officials", "Cleveland is a city") it is the place, so "Euronext Brussels" gets no surname from it
  const governedAsPlace = (t: Token) =>
    /\b(?:in|to|from|at|near|outside|across|into|through|around|of)\s+$/i.test(
      text.slice(Math.max(0, t.start - 12), t.start),
    );
  const speaks = (t: Token) => (speechBefore(text, t) || speechAfter(text, t)) && !governedAsPlace(t);
  const determined = determinedWords(spans, text);
  const loneWords = new Set(
    spans
      .filter((s) => s.tokens.length === 1 && (!isPlaceName(s.tokens[0]!.text) || speaks(s.tokens[0]!)))
      .map((s) => normaliseName(s.tokens[0]!.text))
      // ("a Bachelor of Science in Psychology" is no surname of "Sport Psychology": a word with the suffix of an
      // abstract noun names a field or a quality, not a family)
      .filter((w) => !determined.has(w) && !(w.length >= 6 && ABSTRACT_NOUN_SUFFIX.test(w))),
  );
  // "Shen Kuo ... In 1072, Shen was sent", "Tokugawa Ieyasu ... Tokugawa": a two-word name whose first word, no listed
  // given name, stands alone in the article is written family name first, as Chinese, Japanese and Korean names are;
  // that first word is the surname the article goes on to call the person by
  // (standing alone as a name stands: not in a longer name, "Punta" of "Punta del Este"; not after a locative
  // preposition or an article, nor before a people's or a language's noun, "on Strynø", "the Jóola", "Jóola speakers";
  // not in brackets, where a word is a gloss or a citation, "(Sikong n.d.)"; and no title, "Madam Chair")
  const aloneAsPerson = new Map<string, boolean>();
  for (const s of spans) {
    if (s.tokens.length !== 1) continue;
    const t = s.tokens[0]!;
    const key = normaliseName(t.text);
    const after = text.slice(t.end, t.end + 24);
    const ok =
      wholeNameAt(text, t.start, t.end) &&
      !governedAsPlace(t) &&
      !afterDeterminer(text, t) &&
      !insideParentheses(text, t.start) &&
      !LANGUAGE_NOUN_AFTER.test(after) &&
      !GROUP_NOUN_AFTER.test(after) &&
      !FOLLOWERS_NOUN_AFTER.test(after);
    aloneAsPerson.set(key, (aloneAsPerson.get(key) ?? true) && ok);
  }
  const familyNameFirst = (sp: Span) =>
    sp.tokens.length === 2 &&
    sp.tokens.every((t) => NAME_WORD.test(t.text)) &&
    !isListedGivenName(sp.tokens[0]!.text) &&
    !TITLE_WORDS.has(lower(sp.tokens[0]!)) &&
    // (the given name after it is no English word and no place, as a firm's or a club's second word is: "Virgin
    // Atlantic", "Wetherspoon Pubs", "Benfica Lisbon", "Celta Vigo")
    !alsoEnglishWord(sp.tokens[1]!.text) &&
    !alsoEnglishWord(sp.tokens[1]!.text.replace(/s$/, '')) &&
    !isPlaceName(sp.tokens[1]!.text) &&
    !isListedTown(sp.tokens[1]!.text) &&
    // ("Strynø Brovej 12": a name before a house number is a street's)
    !/^[ \t]+\d/.test(text.slice(sp.tokens[1]!.end, sp.tokens[1]!.end + 3)) &&
    aloneAsPerson.get(normaliseName(sp.tokens[0]!.text)) === true;
  for (const sp of spans) {
    if (
      sp.kind === 'PERSON' &&
      sp.evidence === 0 &&
      // ("the Campbell Soup cans": a person's name takes no article, whatever the article calls "Soup" alone; "Mozilla
      // Firefox, its main rival,": what "its" describes in apposition is a thing or a body, never a person)
      ((!loneWords.has(normaliseName(sp.tokens[sp.tokens.length - 1]!.text)) && !familyNameFirst(sp)) ||
        afterDeterminer(text, sp.tokens[0]!) ||
        /^,[ \t]+its[ \t]/.test(
          text.slice(sp.tokens[sp.tokens.length - 1]!.end, sp.tokens[sp.tokens.length - 1]!.end + 6),
        ))
    ) {
      sp.kind = null;
    }
  }
  // 1. one type per surface form: the best-evidenced reading wins
  const best = new Map<string, { kind: EntityKind; evidence: number }>();
  for (const sp of spans) {
    if (!sp.kind) continue;
    const key = normaliseName(spanText(text, sp.tokens));
    const cur = best.get(key);
    if (!cur || sp.evidence > cur.evidence) best.set(key, { kind: sp.kind, evidence: sp.evidence });
  }
  // "Sharon Street ... Street claims ... Street's argument": a given name before a place head names a person, not a
  // street, where the article calls that person by the head word alone as by a surname (a street is never called
  // "Street" alone)
  for (const sp of spans) {
    if (sp.tokens.length !== 2 || !sp.tokens.every((t) => t.cap) || !isListedGivenName(sp.tokens[0]!.text)) continue;
    const key = normaliseName(spanText(text, sp.tokens));
    if (best.get(key)?.kind !== 'PLACE' || !PLACE_HEADS.has(lower(sp.tokens[1]!))) continue;
    if (best.get(normaliseName(sp.tokens[1]!.text))?.kind === 'PERSON') best.set(key, { kind: 'PERSON', evidence: 3 });
  }
  // 2. surnames and given names of multi-word people ("Pashinyan" after "Nikol Pashinyan")
  const personParts = new Map<string, string>();
  const familyNames = new Map<string, string | null>();
  for (const sp of spans) {
    const key = normaliseName(spanText(text, sp.tokens));
    if (best.get(key)?.kind !== 'PERSON') continue;
    const words = sp.tokens.filter((t) => t.cap);
    if (words.length < 2) continue;
    personParts.set(normaliseName(words[words.length - 1]!.text), key);
    // (the family name of a name written family name first; null where two people share it)
    const family = normaliseName(words[0]!.text);
    if (familyNameFirst(sp))
      familyNames.set(family, familyNames.has(family) && familyNames.get(family) !== key ? null : key);
  }
  for (const [family, key] of familyNames) if (key && !personParts.has(family)) personParts.set(family, key);
  // 3. single words that occur inside a typed multi-word name inherit its type ("Scientology")
  const partKinds = new Map<string, EntityKind>();
  for (const [key, v] of best) {
    const parts = key.split(' ');
    if (parts.length < 2 || v.evidence < 2) continue;
    // (not an abbreviated head: "Main St." makes no "on 177 St." a place of its own)
    // (nor a place's head word alone: "Street claims" after "Sharon Street" is no street; nor any word of a building's
    // or a street's name: see BUILT_HEADS)
    const head = v.kind === 'PLACE' && PLACE_HEADS.has(parts[parts.length - 1]!) ? parts[parts.length - 1] : undefined;
    if (head && BUILT_HEADS.test(head)) continue;
    for (const p of parts)
      if (!CONNECTORS.has(p) && !partKinds.has(p) && !/^(?:st|ave)\.$/.test(p) && p !== head) partKinds.set(p, v.kind);
  }

  // "the Union army", "states that had left the Union", "the laws of the Union": "Union" capitalised alone is the federal
  // union of states, a country, where the article names no body with the word in its name ("the European Union",
  // "the Transport Workers Union" ... "the Union" is that body)
  if (best.get('union')?.kind === 'ORGANIZATION' && best.get('union')!.evidence <= 1) {
    let body = false;
    for (const [key, v] of best)
      if (key !== 'union' && key.split(' ').includes('union') && v.kind !== 'PLACE') body = true;
    if (!body) best.set('union', { kind: 'PLACE', evidence: 1 });
  }

  const bodyTails = new Map<string, EntityKind>();
  for (const [key, v] of best) {
    const parts = key.split(' ');
    if (v.kind !== 'ORGANIZATION' || v.evidence < 2 || parts.length < 3) continue;
    for (let n = 2; n < parts.length; n++) bodyTails.set(parts.slice(parts.length - n).join(' '), v.kind);
  }

  // 4. countries that mostly act (teams, governments) are organisations in this article (metonymy)
  const agent = new Map<string, { yes: number; all: number }>();
  for (const sp of spans) {
    if (sp.agentive === undefined) continue;
    const key = normaliseName(spanText(text, sp.tokens));
    const a = agent.get(key) ?? { yes: 0, all: 0 };
    a.all++;
    if (sp.agentive) a.yes++;
    agent.set(key, a);
  }
  for (const [key, a] of agent) {
    if (a.yes >= 2 && a.yes / a.all >= AGENT_SHARE) best.set(key, { kind: 'ORGANIZATION', evidence: 3 });
  }
  // "Belgium 3 – 0 Panama", "Sweden defeated South Korea 1 – 0": a place on either side of a match score is the team
  // that plays for it, in the whole report
  for (const sp of spans) {
    if (sp.kind !== 'PLACE') continue;
    const start = sp.tokens[0]!.start;
    const end = sp.tokens[sp.tokens.length - 1]!.end;
    if (SCORE_AFTER.test(text.slice(end, end + 16)) || SCORE_BEFORE.test(text.slice(Math.max(0, start - 16), start))) {
      best.set(normaliseName(spanText(text, sp.tokens)), { kind: 'ORGANIZATION', evidence: 3 });
      // "Sweden 1 – 0 Korea Republic ... Korea substituted Park Joo-Ho": the short form of the team's country is it too
      for (const t of sp.tokens)
        if (sp.tokens.length > 1 && best.get(normaliseName(t.text))?.kind === 'PLACE')
          best.set(normaliseName(t.text), { kind: 'ORGANIZATION', evidence: 3 });
    }
  }

  // "North Korea ... propaganda into the North", "The South retaliated": a cardinal point alone after "the" (see
  // compassRegion) is the short form of a country the article names with it, and takes that country's type
  for (const point of CARDINAL_POINTS) {
    if (best.get(point)?.kind !== 'PLACE') continue;
    for (const [key, v] of best)
      if (key.startsWith(`${point} `) && isCountryName(key)) {
        best.set(point, { ...v });
        break;
      }
  }

  // "Green versus United States", "versus Richard T. Bissen Jr., County of Maui, Office of the Mayor": in the report or
  // transcript of a case, a government that is a party is the body that sues or is sued, and so is a local government
  // named in its legal form ("the County of Maui", "the State of Ohio had then directed the jury")
  if (reportsCase(text)) {
    for (const sp of spans) {
      if (sp.kind !== 'PLACE') continue;
      const start = sp.tokens[0]!.start;
      const end = sp.tokens[sp.tokens.length - 1]!.end;
      if (
        LEGAL_FORM.test(spanText(text, sp.tokens)) ||
        PARTY_BEFORE.test(text.slice(Math.max(0, start - 9), start)) ||
        PARTY_AFTER.test(text.slice(end, end + 12))
      )
        best.set(normaliseName(spanText(text, sp.tokens)), { kind: 'ORGANIZATION', evidence: 3 });
    }
  }

  // "attended Suffolk University ... At Suffolk she obtained", "sent to Harrow ... at Harrow School": a town that names
  // a school or a university of the article is that body's short name, where the article never writes it as a place
  // (after "in", "of", "near", "from", a verb of living or going, or before its region)
  // "in 24 games for Indianapolis", "debuted for Boston", "signed with Ajax": likewise a place that a player plays,
  // scores or signs for is the team, where the article never writes it as a place
  const bodyTowns = new Set<string>();
  for (const [key, v] of best) {
    const parts = key.split(' ');
    if (v.kind === 'ORGANIZATION' && parts.length === 2 && SCHOOL_HEADS.has(parts[1]!)) bodyTowns.add(parts[0]!);
  }
  for (const sp of spans) {
    const start = sp.tokens[0]!.start;
    if (sp.kind === 'PLACE' && PLAYS_FOR_BEFORE.test(text.slice(Math.max(0, start - 24), start)))
      bodyTowns.add(normaliseName(spanText(text, sp.tokens)));
  }
  const placeUse = new Set<string>();
  for (const sp of spans) {
    const key = normaliseName(spanText(text, sp.tokens));
    if (!bodyTowns.has(key)) continue;
    const start = sp.tokens[0]!.start;
    const before = text.slice(Math.max(0, start - 40), start);
    const end = sp.tokens[sp.tokens.length - 1]!.end;
    if (TOWN_BEFORE.test(before) || PLACE_GOVERNOR.test(before) || isFollowedByItsRegion(text, end)) placeUse.add(key);
  }
  for (const town of bodyTowns) {
    if (!placeUse.has(town) && best.get(town)?.kind === 'PLACE') best.set(town, { kind: 'ORGANIZATION', evidence: 3 });
  }

  // surface forms seen capitalised somewhere other than at a sentence start, or as a multi-word span
  const capitalisedMidSentence = new Set<string>();
  for (const sp of spans) {
    if (sp.tokens.length > 1 || !sp.tokens[0]!.sentStart)
      capitalisedMidSentence.add(normaliseName(spanText(text, sp.tokens)));
  }

  // "Michael Ruse ... Ruse argues ... Ruse's claim": a place's name that is a person's surname in the article and stands
  // as a speaker is that person wherever it stands alone, unless a locative preposition governs it somewhere ("in Ruse")
  const speakingSurnames = new Set<string>();
  const placedSurnames = new Set<string>();
  for (const sp of spans) {
    if (sp.tokens.length !== 1) continue;
    const key = normaliseName(sp.tokens[0]!.text);
    if (!personParts.has(key) || best.get(key)?.kind !== 'PLACE') continue;
    if (governedAsPlace(sp.tokens[0]!)) placedSurnames.add(key);
    else if (speaks(sp.tokens[0]!)) speakingSurnames.add(key);
  }
  for (const key of placedSurnames) speakingSurnames.delete(key);

  const groups = new Map<string, MentionGroup>();
  for (const sp of spans) {
    const surface = spanText(text, sp.tokens);
    const key = normaliseName(surface);
    let kind = best.get(key)?.kind ?? null;
    let evidence = best.get(key)?.evidence ?? 0;
    let groupKey = key;
    const full = personParts.get(key);
    // one sense per article: once "Valeska Paris" is a person, a bare "Paris" is her too, unless a locative
    // preposition governs it ("flew to Paris")
    // one sense per article: once "Zorvana Paris" is a person, a bare "Paris" is her too where it stands as a
    // speaker ("Paris says"); a place never folds into a person otherwise, and a word after an article ("the
    // Polaroid") or an ordinary word ("Soup") is no surname
    const lone = sp.tokens.length === 1 ? sp.tokens[0]! : undefined;
    const foldable =
      !!full &&
      full !== key &&
      !!lone &&
      !afterDeterminer(text, lone) &&
      !determined.has(key) &&
      // ("Irène Joliot-Curie ... Joliot-Curie allowed her": a place read from the word's shape alone, no gazetteer's or
      // context's, is the surname the article gives in full)
      (kind === 'PLACE' && evidence >= 2
        ? (speaks(lone) || speakingSurnames.has(key)) && !isCountryName(surface)
        : (kind === 'PERSON' || evidence < 3) && !lexiconTags(lower(lone)).some((t) => !/Name|Person/.test(t)));
    if (foldable) {
      kind = 'PERSON';
      groupKey = full;
      evidence = 3;
    }
    // ("ICT" after "the ICT Authority": a field's acronym is no short form of the body named after it)
    // ("Democratic control", "Federal officials" after "the Democratic Party", "the Federal Reserve": a word of a name
    // that is an adjective, alone before a noun, describes the noun and names nothing)
    if (!kind && !termAcronyms(text).has(key) && !modifiesNoun(sp.tokens, text) && !bareHead(sp.tokens, text))
      kind = partKinds.get(key) ?? null;
    // "the Red Sox" after "the Boston Red Sox": a later short form that ends a body's full name is that body
    if (!kind && sp.tokens.length > 1) kind = bodyTails.get(key) ?? null;
    // A word capitalised only because it opens a sentence carries no evidence of being a name at all
    // ("Construction was underway", "Photos released ..."): without any other evidence, skip it.
    if (!kind && !capitalisedMidSentence.has(key)) continue;
    // A capitalised word or run with no evidence of its kind (no gazetteer, title, head word, acronym expansion or
    // full-name antecedent) is as often a product, a work, a language or a group as a body: leave it out
    if (!kind || sp.other) continue;
    const gk = `${kind}|${groupKey}`;
    let g = groups.get(gk);
    if (!g) {
      g = { kind, mentions: [], forms: new Map(), title: 0 };
      groups.set(gk, g);
    }
    g.mentions.push({ start: sp.tokens[0]!.start, end: sp.tokens[sp.tokens.length - 1]!.end, text: surface });
    g.forms.set(surface, (g.forms.get(surface) ?? 0) + 1);
    if (sp.tokens[0]!.start < titleEnd) g.title++;
  }

  addRepeatedMentions(groups.values(), text, titleEnd);
  addGivenAndSurnameForms(groups, text, titleEnd);
  addWordSurnames(groups, text, titleEnd);
  addAddressedGivenNames(groups, text, titleEnd);
  addCounselFirms(groups, text);
  addCitedWordSurnames(groups, text);
  // "the indigenous Moriori language", "the Atlantic languages of the Niger Congo language phylum", "Jóola Kaasa
  // speakers", "Moriori culture": a name that modifies a language, a people or a culture describes them, as a nationality
  // word does, and names no one there; so does a surname before the family or the dynasty it names ("the Bernoulli
  // family"). Only that mention goes: elsewhere the same word may be the people ("the Moriori") or the person. A known
  // place stays where it says where the group lives ("Quebec speakers"), not before a language ("Atlantic languages").
  const describesGroup = (m: ExtractedMention) => {
    const after = text.slice(m.end, m.end + 24);
    return LANGUAGE_NOUN_AFTER.test(after) || (GROUP_NOUN_AFTER.test(after) && !isPlaceName(m.text));
  };
  const rules = [...text.matchAll(COURT_RULES_CITATION)].map((m) => [m.index!, m.index! + m[0].length] as const);
  for (const [gk, g] of groups) {
    g.mentions = g.mentions.filter(
      (m) =>
        !describesGroup(m) &&
        !rules.some(([a, b]) => m.start < b && a < m.end) &&
        !honouredWork(text, m) &&
        // ("The name \"Caribbean\" derives from the Caribs": a place's or a body's name cited as a word too)
        !citedAsWord(text, m.start, m.end) &&
        !(
          g.kind === 'PERSON' &&
          (PETS_LIST_BEFORE.test(text.slice(Math.max(0, m.start - 80), m.start)) ||
            (!/\s/.test(m.text) && quotedTitles(text).some(([a, b]) => m.start >= a && m.end <= b)) ||
            (!/\s/.test(m.text) && COMPASS_ADJECTIVE_BEFORE.test(text.slice(Math.max(0, m.start - 16), m.start))) ||
            publishedWork(text, m) ||
            (PRODUCT_CALLED_BEFORE.test(text.slice(Math.max(0, m.start - 80), m.start)) &&
              !APPOINTED_AS_AFTER.test(text.slice(m.end, m.end + 24))) ||
            PET_BEFORE.test(text.slice(Math.max(0, m.start - 40), m.start)) ||
            (QUOTE_OPEN_BEFORE.test(text.slice(Math.max(0, m.start - 41), m.start)) &&
              QUOTED_WORK_AFTER.test(text.slice(m.end, m.end + 48))))
        ),
    );
    if (!g.mentions.length) groups.delete(gk);
  }

  const len = Math.max(1, text.length);
  const raw: { e: Omit<ExtractedEntity, 'salience'>; score: number }[] = [];
  for (const g of groups.values()) {
    g.mentions.sort((a, b) => a.start - b.start);
    const forms = [...g.forms.keys()].sort((a, b) => b.length - a.length || g.forms.get(b)! - g.forms.get(a)!);
    const name = forms[0]!;
    const firstOffset = g.mentions[0]!.start;
    // title mentions weigh most, then frequency (diminishing), then how early the entity appears
    const score = (g.title > 0 ? 2 : 0) + Math.log2(1 + g.mentions.length) + (1 - firstOffset / len);
    raw.push({
      e: {
        name,
        kind: g.kind,
        aliases: forms.slice(1),
        mentions: g.mentions,
        mentionCount: g.mentions.length,
        firstOffset,
      },
      score,
    });
  }
  const max = raw.reduce((m, r) => Math.max(m, r.score), 1e-9);
  return raw
    .map((r) => ({ ...r.e, salience: Math.round((r.score / max) * 1000) / 1000 }))
    .sort(
      (a, b) =>
        b.salience - a.salience || a.firstOffset - b.firstOffset || KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind],
    );
}

// a capitalised word, or one joined to the name by a name connector ("Bank of America", "Universidade da Coruña"), on
// either side of an occurrence makes it part of a longer name
const NAME_BEFORE =
  /(?:\p{Lu}[\p{L}\p{N}.'’]*(?:[-‐][\p{L}\p{N}]+)*[ \t]+(?:(?:of|de|da|del|di|du|von|van|der|la|le|the|and|&)[ \t]+)?|[-‐])$/u;
const NAME_AFTER =
  /^(?:[ \t]+(?:(?:of|de|da|del|di|du|von|van|der|la|le|and|&)[ \t]+)?\p{Lu}|[-‐]\p{L}|['’]\p{L}{2,})/u;

/** Whether text[at, end) is a whole word run that no other capitalised name word continues on either side. */
const wholeNameAt = (text: string, at: number, end: number): boolean =>
  !/[\p{L}\p{N}]/u.test(text[at - 1] ?? '') &&
  !/[\p{L}\p{N}]/u.test(text[end] ?? '') &&
  !NAME_BEFORE.test(text.slice(Math.max(0, at - 40), at)) &&
  !NAME_AFTER.test(text.slice(end, end + 40));

/**
 * One sense per article: a name the article uses as a name somewhere is that name wherever it stands on its own, also
 * where nothing around it would have marked it ("Łódź today may not ..." after "Łódź is Poland's third city", a line
 * that holds only the name). Only where the same capitalised form stands alone: next to another capitalised word it
 * is part of a longer name ("Boston" in "Boston Red Sox"); and a one-word name that is also an English word ("Will",
 * "Hope", "Court") is that word wherever nothing marks it as the name (a sentence's first word is capitalised anyway).
 */
function addRepeatedMentions(
  groups: Iterable<{ mentions: ExtractedMention[]; forms: Map<string, number>; title: number }>,
  text: string,
  titleEnd: number,
): void {
  const all = [...groups];
  // characters already inside a mention
  const taken = new Uint8Array(text.length);
  const take = (s: number, e: number) => taken.fill(1, s, e);
  for (const g of all) for (const m of g.mentions) take(m.start, m.end);
  const overlaps = (s: number, e: number) => taken.subarray(s, e).includes(1);
  for (const g of all) {
    for (const form of [...g.forms.keys()]) {
      if (form.length < 2 || (!form.includes(' ') && alsoEnglishWord(form))) continue;
      for (const at of occurrences(text, form, 0)) {
        const end = at + form.length;
        if (wholeNameAt(text, at, end) && !overlaps(at, end)) {
          g.mentions.push({ start: at, end, text: form });
          g.forms.set(form, g.forms.get(form)! + 1);
          if (at < titleEnd) g.title++;
          take(at, end);
        }
      }
    }
  }
}

const LANGUAGE_NOUN_AFTER = /^[ \t]+(?:languages?|language[ \t]+(?:family|phylum)|dialects?)\b/;
const GROUP_NOUN_AFTER = /^[ \t]+(?:peoples?|culture|tribes?|speakers|family|families|dynasty|clan)\b/;
// "Aston Villa won. Aston fans cheered": a word before a club's or a firm's people modifies them, as a town's or a
// brand's name does, and stands for no one's surname there
const FOLLOWERS_NOUN_AFTER =
  /^[ \t]+(?:fans|supporters|players|squad|shares|shareholders|investors|staff|employees|workers|executives|bosses|customers)\b/;
type MentionGroup = { kind: EntityKind; mentions: ExtractedMention[]; forms: Map<string, number>; title: number };
// a capitalised word of a name: "Antonín", "O'Rourke", "Bailey-Ross"; not an initial ("H."), a numeral ("II") or an
// honour ("DBE"), which are no given name or surname
const NAME_WORD = /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u;

/** Records the group a word names, or null once a second group claims the word too (two people share it). */
function claim(owners: Map<string, MentionGroup | null>, word: string, g: MentionGroup): void {
  owners.set(word, owners.has(word) && owners.get(word) !== g ? null : g);
}

/** The offsets where `word` stands in the text from `from` on, each after the one before it ends. */
function* occurrences(text: string, word: string, from: number): Generator<number> {
  for (let at = text.indexOf(word, from); at !== -1; at = text.indexOf(word, at + word.length)) yield at;
}

/** What the groups' mentions already cover, and one more mention added to a group (its form counted, its span taken). */
function mentionAdder(groups: Map<string, MentionGroup>, text: string) {
  const taken = new Uint8Array(text.length);
  for (const g of groups.values()) for (const m of g.mentions) taken.fill(1, m.start, m.end);
  return {
    free: (start: number, end: number): boolean => !taken.subarray(start, end).includes(1),
    add(g: MentionGroup, start: number, end: number): void {
      const form = text.slice(start, end);
      g.mentions.push({ start, end, text: form });
      g.forms.set(form, (g.forms.get(form) ?? 0) + 1);
      taken.fill(1, start, end);
    },
  };
}

/**
 * "I represent Darnell Hurt. ... the jury's finding in Hurt's favor": the surname of a person the article names in full,
 * capitalised where no sentence starts, is that person even where it is also an English word ("Hurt", "Bush", "Young"),
 * which a lone word alone never shows (see addRepeatedMentions: "Will", "Hope"). Not at a sentence's start or a line's,
 * nor after an article ("the Young Turks"), nor next to another capitalised word (part of a longer name), nor where two
 * people of the article share the surname.
 */
function addWordSurnames(groups: Map<string, MentionGroup>, text: string, titleEnd: number): void {
  const owner = new Map<string, MentionGroup | null>();
  // ("Understand Newton's concept of force. ... Newton considered space absolute. Newton's view": a surname the
  // article types a person by evidence, that is also an English word, is that person at a sentence's start too where a
  // possessive or a verb in the past follows it, as a sentence's subject or owner; not a given name, "Bill passed")
  const opening = new Map<string, MentionGroup | null>();
  for (const g of groups.values()) {
    if (g.kind !== 'PERSON') continue;
    for (const form of g.forms.keys()) {
      if (form.includes(' ') || !NAME_WORD.test(form) || [...g.forms.keys()].some((f) => f.startsWith(`${form} `)))
        continue;
      if (alsoEnglishWord(form)) claim(opening, form, g);
    }
  }
  for (const g of groups.values()) {
    if (g.kind !== 'PERSON') continue;
    for (const form of g.forms.keys()) {
      const words = form.split(' ');
      if (words.length < 2 || words.length > 3 || !words.every((w) => NAME_WORD.test(w))) continue;
      const surname = words[words.length - 1]!;
      if (alsoEnglishWord(surname)) claim(owner, surname, g);
    }
  }
  if (!owner.size && !opening.size) return;
  const mentions = mentionAdder(groups, text);
  const personAt = new Uint8Array(text.length);
  for (const g of groups.values())
    if (g.kind === 'PERSON') for (const m of g.mentions) personAt.fill(1, m.start, m.end);
  for (const [surname, g] of owner) if (!opening.has(surname)) opening.set(surname, g);
  for (const [form, g] of opening) {
    if (!g) continue;
    for (const at of occurrences(text, form, titleEnd)) {
      const end = at + form.length;
      if (
        /(?:^|[.!?]["”’]?[ \t]+|\n[ \t]*)$/.test(text.slice(Math.max(0, at - 4), at)) &&
        /^(?:['’]s?[ \t]|[ \t]+\p{Ll}{2,}ed\b)/u.test(text.slice(end, end + 24)) &&
        mentions.free(at, end)
      )
        mentions.add(g, at, end);
    }
  }
  for (const [surname, g] of owner) {
    if (!g) continue;
    for (const at of occurrences(text, surname, titleEnd)) {
      const end = at + surname.length;
      const before = text.slice(Math.max(0, at - 8), at);
      // ("analysed by Coase and North": joined by "and" to a person's name, it is a second person, not the end of one
      // name, "Procter and Gamble")
      const joined = /[ \t]+(?:and|or|&)[ \t]+$/.exec(text.slice(Math.max(0, at - 6), at));
      const afterPerson = !!joined && personAt[at - joined[0].length - 1] === 1;
      if (
        (wholeNameAt(text, at, end) || (afterPerson && !NAME_AFTER.test(text.slice(end, end + 40)))) &&
        mentions.free(at, end) &&
        /[\p{L}\p{N},;:)]["”’']?[ \t]+$/u.test(before) &&
        !/\b(?:the|a|an|The|A|An)[ \t]+$/.test(before)
      )
        mentions.add(g, at, end);
    }
  }
}

/**
 * "My name is Ilsa Varrow. I'm with Dunmore and Pascoe. I'm here on behalf of the appellee.": counsel who introduce
 * themselves to a court name the firm they are with, and a firm of lawyers is named after its partners, surnames joined
 * by "and" or "&" (and commas before them); that joined name is one body, not two people. Only where the introduction
 * goes on to the party represented ("on behalf of", "representing", "counsel for"): "I'm with Anna and Tom." is company.
 */
const COUNSEL_FIRM =
  /\bI(?:['’]m|[ \t]+am)[ \t]+with[ \t]+(?:the[ \t]+(?:law[ \t]+)?firm[ \t]+of[ \t]+)?(\p{Lu}[\p{Ll}'’-]+(?:,[ \t]+\p{Lu}[\p{Ll}'’-]+)*,?[ \t]+(?:and|&)[ \t]+\p{Lu}[\p{Ll}'’-]+)(?=[ \t]*[.,;])/gu;
const COUNSEL_PARTY_AFTER = /^[\s\S]{0,120}?\b(?:on[ \t]+behalf[ \t]+of|representing|counsel[ \t]+for)\b/;
function addCounselFirms(groups: Map<string, MentionGroup>, text: string): void {
  for (const m of text.matchAll(COUNSEL_FIRM)) {
    const name = m[1]!;
    const start = m.index! + m[0].length - name.length;
    const end = start + name.length;
    if (!COUNSEL_PARTY_AFTER.test(text.slice(end, end + 160))) continue;
    for (const [gk, g] of groups) {
      g.mentions = g.mentions.filter((x) => x.end <= start || x.start >= end);
      if (!g.mentions.length) groups.delete(gk);
    }
    const key = `ORGANIZATION|${normaliseName(name)}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind: 'ORGANIZATION', mentions: [], forms: new Map(), title: 0 };
      groups.set(key, g);
    }
    g.mentions.push({ start, end, text: name });
    g.forms.set(name, (g.forms.get(name) ?? 0) + 1);
  }
}

/**
 * "Rose et al. (2019) report", "(Little et al., 2001)", "as Long (2009) notes": only an author's surname stands before
 * "et al." or opens a narrative citation (see NARRATIVE_CITATION_AFTER), so a surname that is also an English word
 * ("Rose", "Little", "Long", "Young"), which nothing else reads as a name, is that author there; not a pronoun or a
 * function word (STOP_CAPS).
 */
const CITED_WORD = /(?<![\p{L}\p{N}'’-])\p{Lu}\p{Ll}+(?=[ \t]+et[ \t]+al\b)/gu;
const CITED_WORD_NARRATIVE =
  /(?<![\p{L}\p{N}'’-])\p{Lu}\p{Ll}+(?=(?:,?[ \t]+(?:and|&)[ \t]+\p{Lu}[\p{Ll}'’-]+)?[ \t]*\((?:1[5-9]|20)\d\d)/gu;
function addCitedWordSurnames(groups: Map<string, MentionGroup>, text: string): void {
  const found = [
    ...text.matchAll(CITED_WORD),
    ...(citesScholarship(text)
      ? [...text.matchAll(CITED_WORD_NARRATIVE)].filter((m) =>
          NARRATIVE_CITATION_AFTER.test(text.slice(m.index! + m[0].length, m.index! + m[0].length + 64)),
        )
      : []),
  ];
  addPersonMentions(
    groups,
    text,
    found.map((m) => [m.index!, m.index! + m[0].length]),
  );
}

/** Adds each word at [start, end) as a person's mention (a group of its own name), but a stop word or a taken span. */
function addPersonMentions(groups: Map<string, MentionGroup>, text: string, at: (readonly [number, number])[]): void {
  const mentions = mentionAdder(groups, text);
  for (const [start, end] of at) {
    const name = text.slice(start, end);
    if (STOP_CAPS.has(name.toLowerCase()) || !mentions.free(start, end)) continue;
    const key = `PERSON|${normaliseName(name)}`;
    let g = groups.get(key);
    if (!g) {
      g = { kind: 'PERSON', mentions: [], forms: new Map(), title: 0 };
      groups.set(key, g);
    }
    mentions.add(g, start, end);
  }
}

/**
 * "... our administrator, Bill Nelson. Bill, you're a good friend.", "Thank you, Kamala.": a speaker who turns to a
 * person the speech has named in full addresses them by the given name, set off by a comma before "you" or after a
 * greeting or thanks; that word is the person, even where it is also an English word ("Bill", "Will", "Mark"). Not
 * where two people of the text share the given name.
 */
const GREETING_BEFORE =
  /\b(?:[Tt]hank[ \t]+you|[Tt]hanks|[Hh]ello|[Hh]i|[Dd]ear|[Ww]elcome|[Cc]ongratulations),?[ \t]+$/;
const VOCATIVE_AFTER = /^,[ \t]+(?:you|you['’](?:re|ve|ll|d)|your)\b/;
function addAddressedGivenNames(groups: Map<string, MentionGroup>, text: string, titleEnd: number): void {
  const owner = new Map<string, MentionGroup | null>();
  for (const g of groups.values()) {
    if (g.kind !== 'PERSON') continue;
    for (const form of g.forms.keys()) {
      const words = form.split(' ');
      if (words.length >= 2 && words.length <= 3 && words.every((w) => NAME_WORD.test(w))) claim(owner, words[0]!, g);
    }
  }
  if (!owner.size) return;
  const mentions = mentionAdder(groups, text);
  for (const [given, g] of owner) {
    if (!g) continue;
    for (const at of occurrences(text, given, titleEnd)) {
      const end = at + given.length;
      const after = text.slice(end, end + 12);
      // (set off by the comma or the stop after it; before it, a stop may end the full name: "Bill Nelson. Bill, you")
      if (
        !/[\p{L}\p{N}]/u.test(text[at - 1] ?? '') &&
        !/\p{Lu}[\p{L}'’-]*[ \t]+$/u.test(text.slice(Math.max(0, at - 30), at)) &&
        mentions.free(at, end) &&
        (VOCATIVE_AFTER.test(after) ||
          (GREETING_BEFORE.test(text.slice(Math.max(0, at - 24), at)) && /^[ \t]*[,.!;]/.test(after)))
      )
        mentions.add(g, at, end);
    }
  }
}

/**
 * "Brock Holt" after "Brock Wyatt Holt", "Antonín Dvořák" after "Antonín Leopold Dvořák": a person named in full with
 * middle names is also called by the given name and the surname alone, as a biography's heading and its later mentions
 * do. That short form is a mention of the person wherever it stands alone (no capitalised word or name connector
 * beside it), replacing the shorter mentions inside it ("Holt" in the heading "Brock Holt"), so long as these are the
 * person's or another person's (a place's or a body's mention inside it stays as it is).
 */
function addGivenAndSurnameForms(groups: Map<string, MentionGroup>, text: string, titleEnd: number): void {
  const short = new Map<string, MentionGroup | null>();
  for (const g of groups.values()) {
    if (g.kind !== 'PERSON') continue;
    for (const form of g.forms.keys()) {
      const words = form.split(' ');
      if (words.length < 3 || words.length > 4 || !words.every((w) => NAME_WORD.test(w))) continue;
      const s = `${words[0]} ${words[words.length - 1]}`;
      // two people whose full names share the short form ("John Quincy Adams", "John Adams"): it names neither
      claim(short, s, g);
    }
  }
  if (!short.size) return;
  // the groups that hold each short form already
  const holders = new Map<string, MentionGroup[]>();
  for (const g of groups.values()) {
    for (const f of g.forms.keys()) if (short.has(f)) holders.set(f, [...(holders.get(f) ?? []), g]);
  }
  // which mention covers each character (the short form may replace the mentions inside it, never cut one), and the
  // group that holds each mention
  const cover = new Int32Array(text.length).fill(-1);
  const mentions: ExtractedMention[] = [];
  const groupOf = new Map<ExtractedMention, MentionGroup>();
  const own = (g: MentionGroup, m: ExtractedMention) => {
    cover.fill(mentions.length, m.start, m.end);
    mentions.push(m);
    groupOf.set(m, g);
  };
  for (const g of groups.values()) for (const m of g.mentions) own(g, m);
  const replaced = new Set<ExtractedMention>();
  for (const [form, g] of short) {
    if (!g) continue;
    const others = (holders.get(form) ?? []).filter((o) => o !== g);
    // the short form typed on its own ("Brock Holt" from its given name) is the same person: one entity
    const same = others.filter((o) => o.kind === 'PERSON' && ![...o.forms.keys()].some((f) => f.length > form.length));
    for (const o of same) {
      for (const m of o.mentions) {
        g.mentions.push(m);
        groupOf.set(m, g);
      }
      for (const [f, n] of o.forms) g.forms.set(f, (g.forms.get(f) ?? 0) + n);
      g.title += o.title;
      o.mentions = [];
      o.forms.clear();
    }
    // a name of another kind holds the form too
    if (others.length > same.length) continue;
    for (const at of occurrences(text, form, 0)) {
      const end = at + form.length;
      if (wholeNameAt(text, at, end)) {
        const inside = new Set<ExtractedMention>();
        for (let k = at; k < end; k++) if (cover[k]! >= 0) inside.add(mentions[cover[k]!]!);
        const clash = [...inside].some((m) => m.start < at || m.end > end || groupOf.get(m)!.kind !== 'PERSON');
        if (!clash) {
          for (const m of inside) {
            const o = groupOf.get(m)!;
            replaced.add(m);
            const n = (o.forms.get(m.text) ?? 1) - 1;
            if (n > 0) o.forms.set(m.text, n);
            else o.forms.delete(m.text);
            if (m.start < titleEnd) o.title--;
            cover.fill(-1, m.start, m.end);
          }
          const m = { start: at, end, text: form };
          g.mentions.push(m);
          g.forms.set(form, (g.forms.get(form) ?? 0) + 1);
          if (at < titleEnd) g.title++;
          own(g, m);
        }
      }
    }
  }
  for (const [k, g] of groups) {
    if (replaced.size) g.mentions = g.mentions.filter((m) => !replaced.has(m));
    if (!g.mentions.length) groups.delete(k);
  }
}

export { entitySlug } from './text.js';
