import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 16 (places and bodies). Sentences written for these tests in the style of news and business text.

describe('a lone unknown word listed with an organisation', () => {
  it('is an organisation, as firms are listed with their peers', () => {
    const body = 'At the fair, Brevanto, Microsoft, and Sony all had booths near the entrance.';
    const kinds = new Set(extractEntities('', body).map((e) => `${e.name}:${e.kind}`));
    expect(kinds.has('Brevanto:ORGANIZATION')).toBe(true);
  });

  it('takes the type a name has elsewhere in the article', () => {
    const body =
      "Quellmark's market capitalization reached $12 billion last year. If you ran Quellmark or Dorvantis, " +
      'would you worry about the newcomers?';
    const kinds = new Set(extractEntities('', body).map((e) => `${e.name}:${e.kind}`));
    expect(kinds.has('Quellmark:ORGANIZATION')).toBe(true);
    expect(kinds.has('Dorvantis:ORGANIZATION')).toBe(true);
  });

  it('is not an event word or a name after an article', () => {
    const body = 'She designed the stadium for the Olympics, Microsoft and the Varnel Trust.';
    expect(spans(extractEntities('', body)).some(([n]) => n === 'Olympics')).toBe(false);
  });
});

describe("a body's short name known the world over, opening a sentence", () => {
  it('is the body, where the article never writes the word in lower case', () => {
    const body =
      'The minister defended the scheme on Tuesday.\n\nLabour has promised a review of it. "Labour will act," ' +
      'said Ilsa Marrow, the party spokeswoman.';
    const kinds = extractEntities('', body).map((e) => `${e.name}:${e.kind}:${e.mentions.length}`);
    expect(kinds).toContain('Labour:ORGANIZATION:2');
  });

  it('stays a word where the article writes it in lower case', () => {
    const body = 'Labour costs rose again this year. Cheap labour is scarce in the region.';
    expect(extractEntities('', body).some((e) => e.name === 'Labour')).toBe(false);
  });
});

describe("a body's name with a place after its head word", () => {
  it("is the body's branch, a body", () => {
    const body =
      'The minister thanked the Vantorel Commons Africa community and the Brisk Foundation Kenya team for the ' +
      'workshop in Nairobi.';
    const kinds = new Set(extractEntities('', body).map((e) => `${e.name}:${e.kind}`));
    expect(kinds.has('Vantorel Commons Africa:ORGANIZATION')).toBe(true);
    expect(kinds.has('Brisk Foundation Kenya:ORGANIZATION')).toBe(true);
  });
});

describe('"Site" ending a name', () => {
  it('names a place', () => {
    const body =
      'The old mill at Varnholt is registered as a UNESCO World Heritage Site. Engineers later tested the ' +
      'engine at the Dorvan Test Site.';
    const kinds = new Set(extractEntities('', body).map((e) => `${e.name}:${e.kind}`));
    expect(kinds.has('UNESCO World Heritage Site:PLACE')).toBe(true);
    expect(kinds.has('Dorvan Test Site:PLACE')).toBe(true);
  });
});

describe("a tournament's group named by a letter", () => {
  it('is a body in a match report', () => {
    const body =
      'Group C — Norland 2 – 1 Vestria\n\nIn the first match of Group C, Norland beat Vestria with two late goals.';
    const kinds = extractEntities('', body).map((e) => `${e.name}:${e.kind}:${e.mentions.length}`);
    expect(kinds).toContain('Group C:ORGANIZATION:2');
  });

  it('is no name in a study', () => {
    const body = 'Participants in Group C read the text twice, while the others read it once.';
    expect(extractEntities('', body).some((e) => e.name === 'Group C')).toBe(false);
  });
});

describe('a nation\'s people in the plural after "the", in a match report', () => {
  it("is the nation's team", () => {
    const body =
      'Group C — Norland 2 – 1 Vestria\n\nA late goal put the Norwegians ahead, and the match ended with the ' +
      'Norwegians celebrating.';
    const kinds = extractEntities('', body).map((e) => `${e.name}:${e.kind}:${e.mentions.length}`);
    expect(kinds).toContain('Norwegians:ORGANIZATION:2');
  });

  it('is no name elsewhere', () => {
    const body = 'In the 1990s the Norwegians built new roads across the north of the country.';
    expect(extractEntities('', body).some((e) => e.name === 'Norwegians')).toBe(false);
  });
});

describe("a chamber's Floor", () => {
  it('is a place, alone or with the chamber after "of"', () => {
    const body =
      'Speaker Ilsa Marrow spoke on the Floor of the House of Representatives on Tuesday. She thanked the ' +
      'committee for bringing the bill to the Floor so quickly.';
    const got = spans(extractEntities('', body));
    expect(got).toContainEqual(['Floor of the House of Representatives', 'PLACE']);
    expect(got).toContainEqual(['Floor', 'PLACE']);
  });

  it('is no name where no chamber is named', () => {
    const body = 'The dancers took the Floor at midnight in the old hall.';
    expect(extractEntities('', body).some((e) => e.name === 'Floor')).toBe(false);
  });
});

describe('a name the article gives a craft after its prefix', () => {
  it("is the craft's at its other mentions, no place", () => {
    const body =
      'In 1990 Space Shuttle Georgia carried the telescope into orbit. Georgia was retired in 2011 and now ' +
      'stands in a museum in Ohio.';
    const got = spans(extractEntities('', body));
    expect(got.some(([n]) => n === 'Georgia')).toBe(false);
    expect(got).toContainEqual(['Ohio', 'PLACE']);
  });
});

describe("a street head's abbreviation", () => {
  it("ends a street's name", () => {
    const body = 'Marrow Cabs 1696 Vantor Blvd, tel: 1 201 555-0100. The diner is on Quell Pkwy near the river.';
    const got = spans(extractEntities('', body));
    expect(got).toContainEqual(['Vantor Blvd', 'PLACE']);
    expect(got).toContainEqual(['Quell Pkwy', 'PLACE']);
  });
});

describe('a lone unknown word whose possessive owns an institution named in full', () => {
  it('is the body that runs it', () => {
    const body =
      "The jet will move to the Brevanto's National Glass Museum in Ohio. Later it went to New York's Harbor Museum.";
    const kinds = new Set(extractEntities('', body).map((e) => `${e.name}:${e.kind}`));
    expect(kinds.has('Brevanto:ORGANIZATION')).toBe(true);
    expect(kinds.has('New York:PLACE')).toBe(true);
  });
});

describe("a state's or district's abbreviation after a place and a comma", () => {
  it('is a place', () => {
    const body = 'The march began in Washington, D.C. on Friday, and a second was held in Teaneck, N.J. on Sunday.';
    const got = spans(extractEntities('', body));
    expect(got).toContainEqual(['D.C.', 'PLACE']);
    expect(got).toContainEqual(['N.J.', 'PLACE']);
  });
});

describe('a name before "journals"', () => {
  it('is their publisher, a body', () => {
    const body = 'She has published in Horizons journals twice, and some Horizons journals charge high fees.';
    const kinds = new Set(extractEntities('', body).map((e) => `${e.name}:${e.kind}`));
    expect(kinds.has('Horizons:ORGANIZATION')).toBe(true);
  });
});
