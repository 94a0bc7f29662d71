// Sentence splitting for news copy.
//
// A period, question mark or exclamation mark followed by white space ends a sentence, whatever
// case the next word has (copy-edited text sometimes starts a sentence in lower case), except
// after abbreviations, initials and dotted acronyms that are plainly not sentence-final.

export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Abbreviations that are (almost) never the last word of a sentence: they precede a name or number.
const PREFIX_ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
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
  'cpl',
  'adm',
  'cmdr',
  'maj',
  'rev',
  'fr',
  'hon',
  'pres',
  'supt',
  'insp',
  'det',
  'st',
  'mt',
  'ft',
  'no',
  'nos',
  'vol',
  'fig',
  'figs',
  'pp',
  'p',
  'art',
  'sec',
  'ch',
  'vs',
  'v',
  'cf',
  'approx',
  'ca',
  'e.g',
  'i.e',
  'viz',
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
]);
// Abbreviations that often end a sentence too ("... Acme Inc. The company ..."): split only when the
// next word is a typical sentence opener.
const SUFFIX_ABBREVIATIONS = new Set([
  'inc',
  'corp',
  'co',
  'ltd',
  'plc',
  'llc',
  'jr',
  'sr',
  'etc',
  'bros',
  'dept',
  'univ',
  'assn',
  'ave',
  'blvd',
  'rd',
  'a.m',
  'p.m',
  'al',
]);
// Words that, capitalised after an ambiguous period, mark the start of a new sentence.
const SENTENCE_OPENERS = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'this',
  'that',
  'these',
  'those',
  'there',
  'in',
  'on',
  'at',
  'for',
  'but',
  'and',
  'however',
  'after',
  'before',
  'when',
  'while',
  'his',
  'her',
  'its',
  'their',
  'our',
  'as',
  'according',
  'since',
  'if',
  'some',
  'many',
  'most',
  'one',
  'two',
  'during',
  'although',
  'meanwhile',
  'also',
  'other',
  'another',
  'what',
  'who',
  'why',
  'how',
  'all',
  'by',
  'from',
]);

const CLOSERS = /["'”’)\]»]/;

function wordBefore(text: string, i: number): string {
  // the run of non-space characters ending at the terminal punctuation (index i)
  let a = i;
  while (a > 0 && !/\s/.test(text[a - 1]!) && !/["'“‘([]/.test(text[a - 1]!)) a--;
  return text.slice(a, i);
}

function nextWord(text: string, j: number): string {
  const m = /^["'“‘([]*([\p{L}\p{N}]+)/u.exec(text.slice(j, j + 40));
  return m ? m[1]! : '';
}

/** Decide whether the period at index i (followed by white space, then text at j) ends a sentence. */
function periodEnds(text: string, i: number, j: number): boolean {
  const before = wordBefore(text, i);
  const lowerBefore = before.toLowerCase();
  const next = nextWord(text, j);
  const nextIsOpener = /^\p{Lu}/u.test(next) && SENTENCE_OPENERS.has(next.toLowerCase());
  if (!before) return true;
  // "..." mid-sentence trailing off: only a capitalised continuation starts a new sentence
  if (before.endsWith('..')) return /^\p{Lu}/u.test(next);
  // a single initial: "J. R. R. Tolkien", "George W. Bush"
  if (/^\p{Lu}$/u.test(before)) return false;
  // dotted acronyms: "U.S. President" continues, "in Washington D.C. The team" ends
  if (/^(?:\p{L}\.)+\p{L}$/u.test(before)) {
    if (PREFIX_ABBREVIATIONS.has(lowerBefore)) return false;
    return nextIsOpener;
  }
  if (PREFIX_ABBREVIATIONS.has(lowerBefore)) {
    // "Jan. 5", "No. 10", "Mr. Smith" — but a month at the very end of a sentence is rare enough to ignore
    return false;
  }
  if (SUFFIX_ABBREVIATIONS.has(lowerBefore)) return nextIsOpener;
  return true;
}

/** Split text into whole sentences, in order, with offsets into the given text. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const s = raw.trim();
    if (s) out.push({ text: s, start: start + lead, end: start + lead + s.length });
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    // a blank line always ends a sentence (headings, captions, list items)
    if (ch === '\n' && /^\n[ \t]*\n/.test(text.slice(i, i + 40))) {
      push(i);
      while (i < text.length && /\s/.test(text[i]!)) i++;
      start = i;
      continue;
    }
    if (ch === '.' || ch === '!' || ch === '?' || ch === '…') {
      let k = i;
      while (k + 1 < text.length && /[.!?…]/.test(text[k + 1]!)) k++;
      let end = k + 1;
      while (end < text.length && CLOSERS.test(text[end]!)) end++;
      if (end >= text.length) break;
      if (!/\s/.test(text[end]!)) {
        i = end;
        continue; // "3.5", "example.com", "U.S.-led": no space, no boundary
      }
      let j = end;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      const terminal = text.slice(i, k + 1);
      const ends =
        terminal === '.'
          ? periodEnds(text, i, j)
          : terminal.includes('!') ||
            terminal.includes('?') ||
            (terminal.length > 1 || terminal === '…' ? /^["'“‘([]*\p{Lu}/u.test(text.slice(j, j + 3)) : true);
      if (ends) {
        push(end);
        start = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  push(text.length);
  return out;
}
