// Run in a child process by tests/content/long-input.test.ts: extracts the entities of one body shape at two lengths,
// the second twice the first, and prints how many array elements the extractor visited for each as one line of JSON.
// A count is the same on every machine, so the test compares the growth of work, never a time.

import { extractEntities } from '../../../src/text/entities.js';

const word = (i: number) =>
  ['Kalo', 'Mirven', 'Drasu', 'Telnor', 'Paquin', 'Borex', 'Sulka', 'Venmir'][i % 8]! +
  String.fromCharCode(97 + (i % 26));
const fill = (length: number, unit: (i: number) => string) => {
  let out = '';
  for (let i = 0; out.length < length; i++) out += unit(i);
  return out.slice(0, length);
};

/** Bodies whose work once grew with the square of their length. */
function bodyOf(shape: string, length: number): string {
  switch (shape) {
    case 'capitalised-run': // one run of capitalised words: refineSegment once sliced the run at every word
      return fill(length, (i) => `${word(i)} `);
    case 'league-game': // a run that ends in a contest's head: leagueOpening once sliced it at every word
      return `${fill(length - 6, (i) => `${word(i)} `)} Game.`;
    case 'museum-and': // a body's name that goes on with "and Library" after a long run (see connectorFits)
      return `${fill(length / 2, (i) => `${word(i)} `)}Museum${' and Library'.repeat(length / 22)}.`;
    case 'museum-of': // a place's name that "of" keeps joining after a long run (see connectorFits)
      return `${fill(length / 2, (i) => `${word(i)} `)}Museum${' of Kalo Museum'.repeat(length / 30)}.`;
    case 'university-of': // a body's "of" tail that goes on with places after a long run (see connectorFits)
      return `${fill(length / 2, (i) => `${word(i)} `)}University${' of Leeds'.repeat(length / 18)}.`;
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

// every element that slice copies or that some, every, find, findIndex, filter, map, flatMap, forEach or reduce hands its
// callback, while the extractor runs
let visited = 0;
let counting = false;
const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of ['some', 'every', 'find', 'findIndex', 'filter', 'map', 'flatMap', 'forEach', 'reduce']) {
  const original = proto[name]!;
  proto[name] = function (this: unknown[], callback: unknown, ...rest: unknown[]) {
    if (!counting || typeof callback !== 'function') return original.call(this, callback, ...rest);
    const counted = function (this: unknown, ...args: unknown[]) {
      visited++;
      return (callback as (...a: unknown[]) => unknown).apply(this, args);
    };
    return original.call(this, counted, ...rest);
  };
}
const slice = proto.slice!;
proto.slice = function (this: unknown[], ...args: unknown[]) {
  const out = slice.apply(this, args) as unknown[];
  if (counting) visited += out.length;
  return out;
};

const shape = process.argv[2]!;
const length = Number(process.argv[3]);
const counts = [length, 2 * length].map((n) => {
  const body = bodyOf(shape, n);
  visited = 0;
  counting = true;
  extractEntities('Portmere council approves the harbour budget', body);
  counting = false;
  return visited;
});
process.stdout.write(`${JSON.stringify({ counts })}\n`);
