import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 16 (wrong names): works, labels and other capitalised words that name no person, body or place.
// Sentences written for these tests in the style of news, encyclopedias and speeches; the names are invented.

describe('a title that a noun for a work introduces', () => {
  it('is a work, whatever its words could be on their own', () => {
    const text =
      'Marta Velloso later landed a role in the thriller Flight of the Phoenix alongside Tomas Brandt. ' +
      'In 2016 she published her graphic novel Anna Karsten with the illustrator Joel Wrenfield.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([n]) => /Phoenix|Anna|Karsten/.test(n))).toEqual([]);
    expect(found).toContainEqual(['Tomas Brandt', 'PERSON']);
  });

  it('runs through a list after a plural noun and holds wherever the title stands again', () => {
    const text =
      'Velloso appeared in the films Boston Minute and House of Glass. She was cast with Rena Holt in House of ' +
      'Glass as Wade.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([n]) => /House|Glass|Minute/.test(n))).toEqual([]);
    // a place opening a title is still that place
    expect(found).toContainEqual(['Boston', 'PLACE']);
  });

  it('ends before "to" or "for" and a name after them', () => {
    const text = 'Velloso took the film Silver Reels to Paris for a screening on Monday.';
    expect(spans(extractEntities('', text))).toContainEqual(['Paris', 'PLACE']);
  });
});

describe('a label given after "nickname", "moniker" or "motto"', () => {
  it('is a name for the place, not a second place', () => {
    const text =
      'In the 1990s, Dornhaven earned the nickname the "Harbour City" as its docks grew. The official moniker is ' +
      'now the Northern Gateway City, and Dornhaven is proud of it.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([n]) => /City/.test(n))).toEqual([]);
  });
});

describe('a name with a year right after it', () => {
  it('is an edition of an event or a series, and a place or a body opening it keeps its own kind', () => {
    const text =
      'During Lisbon Comic-Con 2015, more than 6,000 fans met the cast. Marta Velloso appeared in a segment of ' +
      'YouTube Recap 2019 later.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Lisbon', 'PLACE']);
    expect(found).toContainEqual(['YouTube', 'ORGANIZATION']);
    expect(found.filter(([n]) => /Comic|Recap/.test(n))).toEqual([]);
  });

  it('leaves a cited author with the year in brackets alone', () => {
    const text = 'The method follows an earlier study (Ruth Anselm 2014) and a later one.';
    expect(spans(extractEntities('', text))).toContainEqual(['Ruth Anselm', 'PERSON']);
  });
});

describe('a verb capitalised in a title before a known place', () => {
  it('is no part of the place name', () => {
    const text = 'The plan, whose theme is “Transforming Portugal: Pathways to Growth”, was launched in 2014.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Portugal', 'PLACE']);
    expect(found.filter(([n]) => /Transforming/.test(n))).toEqual([]);
  });
});

describe('a one-word name the article gives a craft', () => {
  it('is the craft where it stands alone too', () => {
    const text =
      'On April 2, 1995, Space Shuttle Ontario lifted off from Florida with five astronauts. Ontario was lost in ' +
      '2001, and its crew is remembered in Houston.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([n]) => n === 'Ontario')).toEqual([]);
    expect(found).toContainEqual(['Florida', 'PLACE']);
  });
});

describe('a person named before a year', () => {
  it('stays a person (a campaign or a term, no edition)', () => {
    const text = 'Volunteers of the Mary Jones 2016 campaign met in Denver on Monday.';
    expect(spans(extractEntities('', text))).toContainEqual(['Mary Jones', 'PERSON']);
  });
});
