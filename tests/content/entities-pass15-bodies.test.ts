import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 15: organisations (bodies) and wrong bodies in textbook prose and speeches. Sentences written for
// these tests in the style of news, encyclopedic and parliamentary copy; the people and bills are invented.

describe('"the House" in an article that names a chamber in full', () => {
  it('is that chamber, an organisation', () => {
    const text =
      'The bill was sent to the House of Representatives in May. The House passed it a week later, and the House ' +
      'managers defended it before a vote of this House.';
    const found = spans(extractEntities('', text));
    expect(found).toEqual([
      ['House of Representatives', 'ORGANIZATION'],
      ['House', 'ORGANIZATION'],
      ['House', 'ORGANIZATION'],
      ['House', 'ORGANIZATION'],
    ]);
  });

  it('is no name where the article names no chamber', () => {
    const text = 'Guests stayed at the House on the hill, which Orla Venn built in 1904.';
    const found = spans(extractEntities('', text));
    expect(found.some(([name]) => name === 'House')).toBe(false);
  });
});

describe('"the Union" capitalised alone', () => {
  it('is the federal state, a place, where the article names no union in full', () => {
    const text =
      'In 1863 the Union held the river forts, and the Confederacy lost its last port. Many states that had left ' +
      'the Union rejoined it after the war.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([name]) => name === 'Union')).toEqual([
      ['Union', 'PLACE'],
      ['Union', 'PLACE'],
    ]);
  });

  it('is the union the article names in full', () => {
    const text = 'The Dock Workers Union called a strike in March. The Union said the talks had failed.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Dock Workers Union', 'ORGANIZATION']);
    expect(found.filter(([name]) => name === 'Union')).toEqual([['Union', 'ORGANIZATION']]);
  });
});

describe('an office named by its title', () => {
  it('is a position, no body and no person', () => {
    const text =
      'Marta Ilves was the first woman to hold the Office of Vice Presidency in Estonia. Her rival resigned the ' +
      'Office of President a year later, and the Presidency passed to the Speaker.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([, kind]) => kind !== 'PLACE')).toEqual([['Marta Ilves', 'PERSON']]);
  });

  it('leaves a body named after the office it serves', () => {
    const found = spans(extractEntities('', 'A spokesman for the Office of the Mayor said the road would reopen.'));
    expect(found).toEqual([['Office of the Mayor', 'ORGANIZATION']]);
  });
});

describe('an office named with the body it heads', () => {
  it('is a role; the body in it is the name', () => {
    const text =
      'Thank you, Senator Ruiz, Chair of the Coastal Affairs Committee. Her father was President of the Royal ' +
      'Society of Tanning for a decade.';
    const found = spans(extractEntities('', text));
    expect(found).toEqual([
      ['Ruiz', 'PERSON'],
      ['Coastal Affairs Committee', 'ORGANIZATION'],
      ['Royal Society of Tanning', 'ORGANIZATION'],
    ]);
  });
});

describe('a title only people bear before one word that a firm also has', () => {
  it('makes it a surname', () => {
    const text = 'The powers of the office pass to Vice President Ford at noon, as Senator Toyota told reporters.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Ford', 'PERSON']);
    expect(found.some(([, kind]) => kind === 'ORGANIZATION')).toBe(false);
  });
});

describe('"Commons" ending a name', () => {
  it('heads a body that runs a shared pool', () => {
    const text =
      'Her photographs are licensed through Open Harbour Commons, and the school of open learning by Civic Commons is widely used.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Open Harbour Commons', 'ORGANIZATION']);
    expect(found).toContainEqual(['Civic Commons', 'ORGANIZATION']);
  });
});

describe("a firm's market value", () => {
  it('makes the name before it a body', () => {
    const text = 'Compare this with Varnex’s market capitalization of $19 billion; a spokesman for Tull said nothing.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Varnex', 'ORGANIZATION']);
  });
});

describe('a field after "and" in the "of" tail of a body', () => {
  it('joins the tail where it goes on', () => {
    const text = 'She now leads the Bureau of Science and Technology Planning in Lagos.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Bureau of Science and Technology Planning', 'ORGANIZATION']);
  });
});

describe("a government's plan named as a document", () => {
  it('is no body, and the place whose plan it is stays a place', () => {
    const text =
      'The ministry launched the Ghana Vision 2040 in May, and the National Digital Master Plan followed. Schools ' +
      'must align with Vision 2040 targets.';
    const found = spans(extractEntities('', text));
    expect(found).toEqual([['Ghana', 'PLACE']]);
  });
});

describe('a register a body keeps', () => {
  it('is no name, and the acronym opening it is the body', () => {
    const text = 'The old bridge was added to the IUCN Heritage List in 2012, and tourists followed.';
    const found = spans(extractEntities('', text));
    expect(found).toEqual([['IUCN', 'ORGANIZATION']]);
  });
});

describe('"Library of" opening a name', () => {
  it('names an institution', () => {
    const text = 'Soldiers of the regiment pose before the fort. (credit: Library of Congress)';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Library of Congress', 'ORGANIZATION']);
  });
});

describe('"Regiment" in a name', () => {
  it('names a military unit with its "of" tail', () => {
    const text = 'One unit, the Ninth Regiment of Tarvel Volunteers, held the ridge for a week.';
    const found = spans(extractEntities('', text));
    expect(found).toEqual([['Ninth Regiment of Tarvel Volunteers', 'ORGANIZATION']]);
  });
});
