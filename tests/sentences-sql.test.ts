import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitSentences } from '../src/text/sentences.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

// split_sentences (migration 20261203950000) is splitSentences (src/text/sentences.ts) in SQL, step
// for step: Summary.sentences is declared with it. Compared here on awkward texts and random ones.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

const AWKWARD = [
  '',
  '   ',
  'One sentence without a stop',
  'Mr. Smith met Dr. Jones at 3.5 p.m. The talks ended. Nobody knows why!',
  'He works for Acme Inc. The company said so. She works for Acme Inc. and more.',
  'J. R. R. Tolkien wrote it. George W. Bush spoke. The U.S. President came. He lives in Washington D.C. The team won.',
  'Wait... what? Really?! "Yes." (No.) [Maybe.] «Oui.» It’s ‘fine.’ Done…',
  'Trailing off... and on. Trailing off... Then capital.',
  'Heading\n\nA paragraph. Another one.\n \t \nLast',
  'Tabs\tand\u00a0non-breaking\u2003spaces. Here.\u3000Ideographic space.',
  'Élodie arriva. Über alles. Ärger folgt. ñandú corre. Ωmega ends.',
  'Jan. 5 was cold. No. 10 said so. Fig. 3 shows it. Sept. 1 came.',
  'See example.com. Visit U.S.-led talks. Price 3.5. End.',
  'Emoji 🎉 party. 𝐀 bold capital... 𝐀fter that. The end.',
  'Ends with closer." Next starts.',
  'Abbrev e.g. The next. i.e. the next. Ms. Kay. a.m. The dawn.',
  'A. B. C. D. The alphabet.',
  'x. y. z.',
  'The²th value. The next.',
  '\n\nLeading blank lines. And trailing.\n\n',
  'Line one\nline two. Line three.\r\nLine four.',
];

const ALPHABET = [
  'a',
  'B',
  'The',
  'Mr',
  'Inc',
  'U.S',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  '.',
  '..',
  '...',
  '!',
  '?',
  '…',
  '"',
  '”',
  '’',
  ')',
  '(',
  '“',
  'É',
  'é',
  'ß',
  '3',
  '²',
  '🎉',
  '\u00a0',
  'D.C',
  'e.g',
  'and',
];

function randomText(seed: number): string {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const parts: string[] = [];
  const length = 5 + (next() % 40);
  for (let i = 0; i < length; i += 1) parts.push(ALPHABET[next() % ALPHABET.length]!);
  return parts.join('');
}

async function viaSql(texts: string[]): Promise<string[][]> {
  const { rows } = await sql<{
    s: string[];
  }>`select split_sentences(t) as s from unnest(${texts}::text[]) with ordinality u(t, n) order by n`.execute(
    database.db,
  );
  return rows.map((row) => row.s);
}

describe('split_sentences is splitSentences', () => {
  it('on awkward texts', async () => {
    const expected = AWKWARD.map((text) => splitSentences(text).map((s) => s.text));
    expect(await viaSql(AWKWARD)).toEqual(expected);
  });

  it('on 2,000 random texts of abbreviations, initials, stops, closers, spaces and non-ASCII letters', async () => {
    const texts = Array.from({ length: 2000 }, (_, i) => randomText(i + 1));
    const expected = texts.map((text) => splitSentences(text).map((s) => s.text));
    const actual = await viaSql(texts);
    for (const [i, text] of texts.entries()) expect(actual[i], JSON.stringify(text)).toEqual(expected[i]);
  });
});
