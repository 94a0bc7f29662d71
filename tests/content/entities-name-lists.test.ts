import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18: given names of other languages, towns of the GeoNames list and road numbers. Sentences written for these
// tests in the style of news and travel copy; the people in them are invented, the towns and roads are real.

describe('a given name from the international list before a surname', () => {
  it('makes a person, as an English given name does', () => {
    const text = 'The prize went to Wim Harkenveld and to Fuad Lounsbrook for their first film.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Wim Harkenveld', 'PERSON'],
      ['Fuad Lounsbrook', 'PERSON'],
    ]);
  });
});

describe('a town of the GeoNames list', () => {
  it('is a place after a locative preposition, and its other mentions follow', () => {
    const text = 'She grew up in Weehawken and later taught in Tempe. Weehawken remembers her.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Weehawken', 'PLACE'],
      ['Tempe', 'PLACE'],
      ['Weehawken', 'PLACE'],
    ]);
  });

  it('is no evidence alone, nor before a possessive or a citation', () => {
    const text =
      'Tempe, a design studio, won the award. The role came in Hawthorne’s second play. ' +
      'The method follows work in Hawthorne & Lisle [4].';
    const found = spans(extractEntities('', text));
    expect(found.filter(([, k]) => k === 'PLACE')).toEqual([]);
  });
});

describe('a road number', () => {
  it('is a place after "the" where the article writes of roads, in every sentence of that article', () => {
    const text =
      'Take the M1 northbound to junction 32, then the A64 eastbound to the Outer Ring Road (A1237). ' +
      'From the west, the A59 and the M62 provide connections.';
    expect(spans(extractEntities('', text))).toEqual([
      ['M1', 'PLACE'],
      ['A64', 'PLACE'],
      ['Outer Ring Road', 'PLACE'],
      ['A1237', 'PLACE'],
      ['A59', 'PLACE'],
      ['M62', 'PLACE'],
    ]);
  });

  it('is nothing in an article that does not write of roads', () => {
    const text = 'The airline flies the A380 to Dubai, and soldiers carried the M16 on patrol.';
    expect(spans(extractEntities('', text)).map(([t]) => t)).not.toContain('A380');
    expect(spans(extractEntities('', text)).map(([t]) => t)).not.toContain('M16');
  });
});

describe('an IATA code', () => {
  it('names the airport where the guide gives it as such, and so do its other mentions', () => {
    const text =
      'Harlow Field International Airport (IATA: HFX) is the main airport. A shuttle runs from the HFX car park.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([t]) => t === 'HFX')).toEqual([
      ['HFX', 'PLACE'],
      ['HFX', 'PLACE'],
    ]);
  });
});

describe('a listed airline or company (data/organisations.txt)', () => {
  it('is an organisation where it is capitalised mid-sentence and nothing else types it', () => {
    const text = 'Tomas Varga booked a seat with Volaris, and his sister Ilse flew WestJet to Calgary last spring.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Volaris', 'ORGANIZATION']);
    expect(found).toContainEqual(['WestJet', 'ORGANIZATION']);
  });

  it('is no evidence alone at a sentence start, and yields to a place after a spatial preposition', () => {
    expect(spans(extractEntities('', 'Volaris was cheaper than the bus.')).map(([t]) => t)).not.toContain('Volaris');
    const found = spans(extractEntities('', 'The old mill stood near Pegasus, a hamlet on the moor.'));
    expect(found.filter(([t]) => t === 'Pegasus').map(([, k]) => k)).not.toContain('ORGANIZATION');
  });
});

// Issue #18 pass 19: surnames of globally known people (Pantheon 1.0, data/notable-people.txt). Sentences written for
// these tests; the people named alone are real and well known, the others invented.
describe('a lone surname of a globally known person', () => {
  it('is that person where nothing in the article types the word', () => {
    const text =
      'On March 10, 1896, Herzl was visited by a clergyman. The proof was published with the help of Goldbach. ' +
      'Later, Beria’s dominance of the ministry grew.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Herzl', 'PERSON'],
      ['Goldbach', 'PERSON'],
      ['Beria', 'PERSON'],
    ]);
  });

  it('gives way to what the article says of the word, and to a lower-case use of it', () => {
    // a place after a locative preposition stays a place; the list holds no English word ("Trump", "Newton" are out)
    const text =
      'The band toured in Herzl before the winter. Trump cards were played, and a force of one newton was applied.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([, k]) => k === 'PERSON')).toEqual([]);
  });

  it('is no one after an article, where the word names a thing called after the person', () => {
    expect(spans(extractEntities('', 'He drove to the meeting in a Herzl of his own making.'))).toEqual([]);
    // (and the article that sets an article before the word once reads it so throughout, see groupEntities)
    expect(spans(extractEntities('', 'The Herzl of our time would write no pamphlets. Herzl would laugh.'))).toEqual(
      [],
    );
  });

  it('is no one where it names a thing called after the person: a device, a method, an illness', () => {
    const text =
      'Doppler radar showed the storm moving east. The Geiger counter clicked twice. ' +
      "Her father had Alzheimer's disease, and Hubble images of the galaxy hung in his room.";
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
    // the person stays the person before a verb, an adverb or a possessive of anything else
    expect(spans(extractEntities('', "Doppler reportedly argued the point. Hubble's notes were lost."))).toEqual([
      ['Doppler', 'PERSON'],
      ['Hubble', 'PERSON'],
    ]);
  });

  it('asks the tagger about a bounded number of following words an article, and past the bound reads no one', () => {
    // a listed surname before 64 or more different common nouns, then one before a verb that says nothing of people: the last is past the bound
    const nouns = (
      'table garden tower bridge method lecture award radar counter engine river market school church window ' +
      'kitchen doctor teacher letter paper mirror pocket ladder basket bottle candle carpet castle cattle chapel ' +
      'circle cottage desert dinner drawer estate fabric factory feather finger forest fountain harbor helmet ' +
      'island jacket kettle lantern meadow monkey needle orchard palace pencil pillow planet puzzle rabbit saddle ' +
      'shelter silver spider statue summer tunnel valley village wagon winter'
    ).split(' ');
    expect(nouns.length).toBeGreaterThanOrEqual(64);
    const body = `${nouns.map((w) => `We saw the Goldbach ${w} there.`).join(' ')} Herzl stood there.`;
    expect(spans(extractEntities('', body)).filter(([t]) => t === 'Herzl')).toEqual([]);
    expect(spans(extractEntities('', 'Herzl stood there.'))).toEqual([['Herzl', 'PERSON']]);
  });

  it('is not read into a name the list does not hold', () => {
    const text = 'The deal was signed by Kelvarro after a long night.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});
