// Run in a child process under a small heap by tests/content/long-input.test.ts: summarises and extracts one body of
// the longest size an editor can publish, and prints what came out as one line of JSON.

import { SUMMARY_LENGTHS } from '../../../src/domain.js';
import { extractEntities } from '../../../src/text/entities.js';
import { summarize } from '../../../src/text/summarize.js';
import { checkFaithfulness } from '../../../src/text/summary-guard.js';
import { longBody } from './articles.js';

const MAX_BODY = 500_000;

/** Bodies of 500,000 characters: ordinary news copy, and shapes that once cost time or memory by the square of their length. */
function bodyOf(shape: string): string {
  const fill = (unit: (i: number) => string) => {
    let out = '';
    for (let i = 0; out.length < MAX_BODY; i++) out += unit(i);
    return out.slice(0, MAX_BODY);
  };
  const endWith = (text: string, tail: string) => text.slice(0, MAX_BODY - tail.length) + tail;
  const word = (i: number) =>
    ['Kalo', 'Mirven', 'Drasu', 'Telnor', 'Paquin', 'Borex', 'Sulka', 'Venmir'][i % 8]! +
    String.fromCharCode(97 + (i % 26));
  switch (shape) {
    case 'news':
      return longBody(MAX_BODY);
    case 'capitalised-run': // one line of capitalised words, no punctuation
      return fill((i) => `${word(i)} `);
    case 'acronyms':
      return fill((i) => `the ${word(i).toUpperCase().slice(0, 4)} met `);
    case 'name-list': // one long list that ends in evidence for its last name
      return endWith(
        fill((i) => `${word(i)} ${word(i + 3)}, `),
        ' and Ana Ruiz, who spoke.',
      );
    case 'quote-marks':
      return endWith(`Holm said it. “${'"'.repeat(MAX_BODY)}`, 'x');
    case 'tiny-sentences':
      return fill((i) => `${word(i).toLowerCase()}. `);
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

const body = bodyOf(process.argv[2]!);
const paragraphs = body.split(/\n\s*\n/);
const summaries = Object.fromEntries(
  SUMMARY_LENGTHS.map((length) => [
    length,
    summarize(paragraphs, length, { title: 'Portmere council approves the harbour budget' }),
  ]),
);
// every summary is whole text of the body, in article order
const inBodyInOrder = Object.values(summaries).every((picked) => {
  let from = 0;
  for (const s of picked) {
    const at = body.indexOf(s, from);
    if (at < 0) return false;
    from = at + s.length;
  }
  return true;
});
const entities = extractEntities('Portmere council approves the harbour budget', body).map((e) => ({
  name: e.name,
  kind: e.kind,
  mentions: e.mentionCount,
}));
// an extractive summary names only what its article names: the guard, run over the whole body, passes it
const guard = Object.values(summaries).every(
  (picked) =>
    picked.join(' ').length > 5000 ||
    checkFaithfulness(picked.join(' '), { title: 'Portmere council approves the harbour budget', body }) === null,
);
process.stdout.write(`${JSON.stringify({ bodyLength: body.length, summaries, inBodyInOrder, guard, entities })}\n`);
