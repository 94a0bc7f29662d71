import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUMMARY_LENGTHS } from '../../src/domain.js';
import { extractEntities } from '../../src/text/entities.js';
import { summarize } from '../../src/text/summarize.js';
import { checkFaithfulness, numbersIn } from '../../src/text/summary-guard.js';

// A fixture written for these tests (not taken from any corpus).
const ARTICLE = {
  title: 'Harbour deal signed in Portmere',
  body: [
    'The Portmere Harbour Board signed a deal with the Northern Ferry Company on Tuesday, ending a dispute that began in 2019.',
    'Mayor Helena Marsh said 1,500 jobs would be kept. The deal is worth $2.5 million a year, according to the board’s chairman, Jean-Pierre Okafor.',
    'Dr. J. K. Alvarado of the Coastal Research Institute (CRI) said the agreement covers twelve vessels. Ferries will sail to Tromsø and Ålesund from March.',
    'Marsh’s office said the U.S. embassy had not been consulted.',
  ].join('\n\n'),
};

describe('the faithfulness guard refuses what the article does not name (recall-oriented, issue #18)', () => {
  it.each([
    ['an unknown person with no evidence of a kind', 'The deal was struck by Varno Kelt.', ['Varno Kelt']],
    ['an unknown given name before a known surname', 'Ena Marsh welcomed the deal.', ['Ena Marsh']],
    ['a single surname', 'The deal was signed after talks led by Delgado.', ['Delgado']],
    ['a single surname opening a sentence', 'Kelt said the deal was signed on Tuesday.', ['Kelt']],
    ['a title before an invented name', 'Senator Marcus Delgado praised the deal.', ['Marcus Delgado']],
    ['an organisation acronym', 'The NFU said the deal keeps 1,500 jobs.', ['NFU']],
    ['an invented organisation', 'The Coastal Fishermen Guild opposed the deal.', ['Coastal Fishermen Guild']],
    // a possessive ends a name, so each part is checked
    [
      'an invented organisation after a known place',
      'Portmere’s Fishermen Guild opposed the deal.',
      ['Fishermen Guild'],
    ],
    ['a known name inside an invented one', 'UK Prime Minister Helena Marsh signed the deal.', ['UK']],
    ['a place', 'Ferries will also sail to Bergen.', ['Bergen']],
    ['a place with letters outside ASCII', 'Ferries will sail to Łódź from March.', ['Łódź']],
    ['a hyphenated name', 'Jean-Luc Okafor signed the deal.', ['Jean-Luc Okafor']],
    ['a number', 'The deal keeps 1,600 jobs.', ['1,600']],
    ['a number with a different scale', 'The deal is worth $2.5 billion a year.', ['2.5 billion']],
    ['a number in words', 'The agreement covers fourteen vessels.', ['fourteen']],
  ])('%s', (_shape, summary, unsupported) => {
    expect(checkFaithfulness(summary, ARTICLE)).toEqual({ unsupported });
  });

  it('refuses names the entity extractor itself does not report', () => {
    // precision-oriented extraction leaves a name with no evidence out; the guard must not depend on it
    expect(extractEntities('', 'The deal was struck by Varno Kelt.').map((e) => e.name)).not.toContain('Varno Kelt');
    expect(checkFaithfulness('The deal was struck by Varno Kelt.', ARTICLE)).toEqual({ unsupported: ['Varno Kelt'] });
  });
});

describe('the faithfulness guard passes what the article names, however it is written', () => {
  it.each([
    [
      'names as the article writes them',
      'Helena Marsh said the Portmere Harbour Board and the Northern Ferry Company signed a deal.',
    ],
    ['a surname alone', 'Marsh said the deal keeps 1,500 jobs.'],
    ['a title the article does not use', 'Mayor Marsh and Chairman Jean-Pierre Okafor welcomed the deal.'],
    [
      'other case and possessives',
      "PORTMERE’s harbour board signed the deal; Marsh's office was not consulted by the U.S. embassy.",
    ],
    ['diacritics left out', 'Ferries will sail to Tromso and Alesund.'],
    ['an acronym and initials written differently', 'J.K. Alvarado of the CRI said the US embassy was not consulted.'],
    [
      'numbers written differently',
      'The deal, worth 2.5 million dollars a year, keeps 1500 jobs and covers 12 vessels.',
    ],
    ['a scale written out', 'The deal is worth $2,500,000 a year and keeps 1.5 thousand jobs.'],
    [
      'sentence-initial ordinary words',
      'Construction of ferries will continue. Negotiations ended a dispute that began in 2019.',
    ],
    ['weekdays and months', 'Ferries sail from March; the deal was signed on Tuesday.'],
    ['a hyphenated modifier', 'The Portmere-based board signed the deal.'],
    [
      'a possessive before another name',
      'Portmere’s Harbour Board and Marsh’s Northern Ferry Company signed the deal.',
    ],
    ['a plural of a name', 'Both Okafors welcomed the deal.'],
  ])('%s', (_shape, summary) => {
    expect(checkFaithfulness(summary, ARTICLE)).toBeNull();
  });
});

describe('numbersIn', () => {
  it('reads numbers by value: separators, scales and words', () => {
    expect([...numbersIn('1,200 and 1200, 3.5, 007 and 2026.')]).toEqual(['1200', '3.5', '7', '2026']);
    expect(numbersIn('1.5 million')).toEqual(new Set(['1.5', '1500000']));
    expect(numbersIn('$5m and £2bn')).toEqual(new Set(['5', '5000000', '2', '2000000000']));
    expect(numbersIn('twenty-five, seventeen and three million')).toEqual(new Set(['25', '17', '3000000']));
    expect(numbersIn('one of them')).toEqual(new Set());
  });
});

describe('the faithfulness guard and extractive summaries', () => {
  const corpusFile = new URL('../../../shared/corpus/wikinews.ndjson', import.meta.url);
  it.runIf(existsSync(corpusFile))(
    'passes every extractive summary of every article of the shared corpus: they are the article’s own words',
    () => {
      const docs = readFileSync(corpusFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { title: string; body: string });
      for (const d of docs) {
        const paragraphs = d.body
          .split(/\n\s*\n/)
          .map((p) => p.trim())
          .filter(Boolean);
        for (const length of SUMMARY_LENGTHS) {
          expect(checkFaithfulness(summarize(paragraphs, length, { title: d.title }).join(' '), d)).toBeNull();
        }
      }
    },
  );
});
