// The faithfulness guard of model summaries: a summary may name only the people, organisations,
// places and numbers its article names. Pure text processing: the same entity extractor the
// articles go through (entities.ts) reads the summary, and every name it finds must be in the
// article; every number (a digit sequence, thousands separators dropped) must be one of the article's.
import { extractEntities } from './entities.js';

/** Lower case, one kind of quote and dash, single spaces: how names are compared. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[‐-―]/g, '-')
    .replace(/\s+/g, ' ');
}

/** Whether `phrase` occurs in `text` as whole words ("ena marsh" is not in "helena marsh"). */
function containsWords(text: string, phrase: string): boolean {
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    const before = text[at - 1];
    const after = text[at + phrase.length];
    if ((before === undefined || !/[\p{L}\p{N}]/u.test(before)) && (after === undefined || !/[\p{L}\p{N}]/u.test(after))) return true;
  }
  return false;
}

/** The numbers written in digits: "1,200" and "1200" are one number, "3.5" keeps its decimals. */
export function numbersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/\d(?:[\d,.]*\d)?/g)) {
    const digits = match[0].replace(/,(?=\d{3}(?!\d))/g, '');
    for (const part of digits.split(',')) if (part) found.add(part.replace(/^0+(?=\d)/, ''));
  }
  return found;
}

export interface GuardRefusal {
  /** What the summary names that the article does not. */
  unsupported: string[];
}

/**
 * Null when every person, organisation, place and number of the summary is in the article;
 * otherwise what is not. A name counts as present when the article's text contains it as whole words
 * (so "Mirzoyan" for "Ararat Mirzoyan", but not "Ena Marsh" for "Helena Marsh"), or when the article's own entities have it as a name or alias.
 */
export function checkFaithfulness(summary: string, article: { title: string; body: string }): GuardRefusal | null {
  const articleText = normalise(`${article.title}\n${article.body}`);
  let articleNames: Set<string> | undefined;
  const known = (name: string) => {
    if (containsWords(articleText, normalise(name))) return true;
    articleNames ??= new Set(extractEntities(article.title, article.body).flatMap((e) => [e.name, ...e.aliases].map(normalise)));
    return articleNames.has(normalise(name));
  };
  const unsupported: string[] = [];
  for (const entity of extractEntities('', summary)) {
    const forms = [entity.name, ...entity.mentions.map((m) => m.text)];
    if (!forms.some(known)) unsupported.push(entity.name);
  }
  const articleNumbers = numbersIn(`${article.title}\n${article.body}`);
  for (const number of numbersIn(summary)) if (!articleNumbers.has(number)) unsupported.push(number);
  return unsupported.length ? { unsupported } : null;
}
