import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 8: one sense per article for repeated names, places that open an event's name, the town after a
// body's name, and the parties of a case. Sentences written for these tests in the style of travel, encyclopedic and
// court copy; where a gazetteer or the town list must hold the place, the place is a real one.

describe('a name the article uses as a name', () => {
  it('is that name wherever it stands on its own, also where nothing around it marks it', () => {
    // the lower-case "porto" is the word talked about, which left the heading lines and sentence starts untagged
    const text =
      'Porto is the second city of Portugal, and most visitors arrive in Porto by train. The word porto means "port".' +
      '\n\nPorto today\n\nPorto today is busier than it was.';
    expect(spans(extractEntities('Porto', text))).toEqual([
      ['Porto', 'PLACE'],
      ['Porto', 'PLACE'],
      ['Portugal', 'PLACE'],
      ['Porto', 'PLACE'],
      ['Porto', 'PLACE'],
      ['Porto', 'PLACE'],
    ]);
  });

  it('is not taken out of a longer name, nor where it is an English word', () => {
    const text =
      'Boston lies on the coast. The Boston Red Sox play at Fenway Park, and the Red Sox of Boston won again. ' +
      'Hope Street runs past the harbour, where Hope Smith sells fish. Hope is what keeps the fishermen going.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([t]) => t === 'Boston')).toEqual([
      ['Boston', 'PLACE'],
      ['Boston', 'PLACE'],
    ]);
    expect(found.filter(([t]) => t === 'Hope')).toEqual([]);
  });
});

describe('a place that opens the name of an event held there', () => {
  it('is a place; the event is still no entity', () => {
    const text =
      'She chaired the jury of the 12th Berlin International Film Festival and later the Cannes Film Festival.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Berlin', 'PLACE'],
      ['Cannes', 'PLACE'],
    ]);
  });

  it('is not read out of a prize, which is as often named after a person', () => {
    const text = 'The practice won the Stirling Prize twice and the Nobel Prize once.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PLACE')).toEqual([]);
  });
});

describe('a town after a body and a comma', () => {
  it('is where the body sits', () => {
    const text =
      'He taught linguistics at the University of California, Berkeley, until 1994, and spent a year at ' +
      'Trinity College, Cambridge.';
    expect(spans(extractEntities('', text))).toEqual([
      ['University of California', 'ORGANIZATION'],
      ['Berkeley', 'PLACE'],
      ['Trinity College', 'ORGANIZATION'],
      ['Cambridge', 'PLACE'],
    ]);
  });
});

describe('the name of a party to a case', () => {
  it('is no place, though a preposition governs it and a town bears the name', () => {
    const text = 'In looking at Green versus Hollis, the court asked what the statute meant.';
    expect(spans(extractEntities('', text)).filter(([t, k]) => t === 'Green' && k === 'PLACE')).toEqual([]);
  });
});
