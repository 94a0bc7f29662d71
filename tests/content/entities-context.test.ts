import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 7: places no list holds, epithets, cited author pairs, given names that are also places. Sentences
// written for these tests in the style of news, travel and encyclopedic copy; the places and people are invented.

describe('a word that is nothing but a name, after a spatial preposition', () => {
  it('is a place: islands and historical regions no gazetteer lists', () => {
    const text =
      'The ferry sails from Marsholm to Kelvoe twice a day. In 1420 the duke travelled through Ostravia, and ' +
      'his heirs settled on Kelvoe for good.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Marsholm', 'PLACE'],
      ['Kelvoe', 'PLACE'],
      ['Ostravia', 'PLACE'],
      ['Kelvoe', 'PLACE'],
    ]);
  });

  it('is not a place where the article uses the word as a modifier or after "the", nor a topic, brand or subject', () => {
    const text =
      'Most speakers of the Gwaruk language live abroad, and few children learn it in Gwaruk today. ' +
      'His Lectures on Quendry appeared in 1971. Words are described in FrameNet by their frames. ' +
      'She took a degree in Musicology.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PLACE')).toEqual([]);
  });

  it('is not a place before a pair of names or a citation', () => {
    const text = 'The effect was smaller in Dravik and Lohm than expected. It was first measured in Dravik (2011).';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PLACE')).toEqual([]);
  });
});

describe('an epithet after "the"', () => {
  it('belongs to the name of the ruler or saint it describes', () => {
    const text = 'The charter was granted by Harald the Bold and confirmed by Tsar Ivor the Great in 1602.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Harald the Bold', 'PERSON'],
      ['Ivor the Great', 'PERSON'],
    ]);
  });
});

describe('two surnames joined by "and" before a year in brackets', () => {
  it('are two cited authors after "by" or "from"', () => {
    const text = 'The map was adapted from Palvero and Quintash (1995), as proposed by Strede and Holloran (2004).';
    expect(spans(extractEntities('', text))).toEqual([
      ['Palvero', 'PERSON'],
      ['Quintash', 'PERSON'],
      ['Strede', 'PERSON'],
      ['Holloran', 'PERSON'],
    ]);
  });
});

describe('a place that is also a given name', () => {
  it('opens a person name before words that can only be surnames', () => {
    const text = 'The film starred Chad Michael Brennert and Victoria Halloway.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Chad Michael Brennert', 'PERSON'],
      ['Victoria Halloway', 'PERSON'],
    ]);
  });

  it('not where the lexicon reads it as a region or city, nor before an English word or a plural', () => {
    const text = 'Flights leave from Washington Dulles. Georgia Power raised prices and the Houston Rockets won.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a possessive inside an institution name', () => {
  it('belongs to the name after a plural of people, a sovereign or a saint, before a head word', () => {
    const found = spans(
      extractEntities(
        '',
        "Officers of the Korean People’s Army crossed the line, and the Women's Institute sent food to St Mary's Cathedral.",
      ),
    );
    expect(found).toContainEqual(['Korean People’s Army', 'ORGANIZATION']);
    expect(found).toContainEqual(["Women's Institute", 'ORGANIZATION']);
    expect(found.map(([t]) => t)).toContain("St Mary's Cathedral");
  });

  it('still separates an owner from what it owns', () => {
    const found = spans(extractEntities('', "Analysts said Vantorel's Orbis Group would be sold."));
    expect(found.map(([t]) => t)).not.toContain("Vantorel's Orbis Group");
  });
});
