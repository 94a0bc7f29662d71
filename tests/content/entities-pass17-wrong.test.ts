import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 17 round 2 (wrong names and wrong types): names typed against what their context settles, and
// capitalised words that name no one. Sentences written for these tests; the names are invented.

describe('a name listed between people', () => {
  it('is a person even when a town opens it', () => {
    const text = 'In 2009 Velloso starred opposite Ama Quist, Rena Holt, and Paris Delorme in a horror film.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Paris Delorme', 'PERSON']);
    expect(found).toContainEqual(['Rena Holt', 'PERSON']);
  });

  it('needs people on both sides, or two before it; a town in a list stays a town', () => {
    const found = spans(extractEntities('', 'Velloso toured with Ama Quist, Paris and Rome in the spring.'));
    expect(found).toContainEqual(['Paris', 'PLACE']);
    expect(found).toContainEqual(['Rome', 'PLACE']);
  });
});

describe('a law named after a person, its name running on across a preposition', () => {
  it('names the person, not the law’s words after their name', () => {
    const text = 'The House will vote on the Tomas Quell Justice in Housing Act on Friday, Senator Ama Harte said.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Tomas Quell', 'PERSON']);
    expect(found.filter(([n]) => /Justice|Housing/.test(n))).toEqual([]);
  });

  it('leaves a name that ends in an English word whole where no law follows', () => {
    const text = 'She met Tomas Quell Young in Harlow on Friday.';
    expect(spans(extractEntities('', text))).toContainEqual(['Tomas Quell Young', 'PERSON']);
  });
});

describe('a dateline opening a line under a heading', () => {
  it('keeps the state’s abbreviation after the town a place', () => {
    const text = 'PRESS RELEASE\n\nHarlow, N.J.–Senator Ama Harte spoke at the Harlow Library on Friday.';
    const found = spans(extractEntities('Harte Speech on Libraries', text));
    expect(found).toContainEqual(['N.J.', 'PLACE']);
  });

  it('needs the comma after a capitalised word', () => {
    const text = 'PRESS RELEASE\n\nOn Friday N.J. Harte spoke at the Harlow Library.';
    expect(spans(extractEntities('Harte Speech on Libraries', text))).not.toContainEqual(['N.J.', 'PLACE']);
  });
});

describe('a party’s adjective before a legislature', () => {
  it('says who holds it and is no part of its name', () => {
    const text =
      'The Republican Senate will vote on Friday, and the Democratic Congress passed the bill, Ama Harte said.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Senate', 'ORGANIZATION']);
    expect(found).toContainEqual(['Congress', 'ORGANIZATION']);
    expect(found.filter(([n]) => /Republican|Democratic/.test(n))).toEqual([]);
  });

  it('stays in the name of the party itself', () => {
    const found = spans(extractEntities('', 'Ama Harte joined the Democratic Party in Harlow.'));
    expect(found).toContainEqual(['Democratic Party', 'ORGANIZATION']);
  });
});

describe('a name right after a noun for one animal', () => {
  it('is the animal’s, even with a courtesy title', () => {
    const text =
      'Ama Harte, known online as Lady Biscuit, took the name from her dog "Mr. Biscuit". Harte lives in Harlow.';
    const entities = extractEntities('', text);
    const dog = text.indexOf('Biscuit".');
    const mentions = entities.flatMap((e) => e.mentions.map((m) => m.start));
    expect(mentions).not.toContain(dog);
    // the stage name is hers
    expect(mentions).toContain(text.indexOf('Biscuit,'));
    expect(spans(entities)).toContainEqual(['Ama Harte', 'PERSON']);
  });

  it('does not reach past a role noun after the animal', () => {
    const found = spans(extractEntities('', 'Ama Harte met the dog trainer Tomas Quell in Harlow.'));
    expect(found).toContainEqual(['Tomas Quell', 'PERSON']);
  });
});

describe('the work a prize honoured, after its category', () => {
  it('is a title with its year, no person', () => {
    const text = 'Ama Harte won the Brannock Award for Best Actress for Viva Quell! (1965) in Harlow.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([n]) => /Viva|Quell/.test(n))).toEqual([]);
    expect(found).toContainEqual(['Ama Harte', 'PERSON']);
  });

  it('needs the category: a prize given for a person stays a person', () => {
    const text = 'The Harlow Society gave a prize for Tomas Quell (1976), its founder, on Friday.';
    expect(spans(extractEntities('', text))).toContainEqual(['Tomas Quell', 'PERSON']);
  });
});

describe('a nickname given in a bracket after a place', () => {
  it('is the place again, however much it looks like a given name', () => {
    const text = 'The Harlow Indians play at Copper Field (Still known as "The Jake" after its sponsor) in Harlow.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Jake', 'PLACE']);
    expect(found).toContainEqual(['Copper Field', 'PLACE']);
  });

  it('stays a person’s nickname after a person', () => {
    const text = 'The Harlow Indians hired Tomas Quell (known as "Jake" to his friends) as their coach in Harlow.';
    expect(spans(extractEntities('', text)).filter(([n, k]) => n === 'Jake' && k === 'PLACE')).toEqual([]);
  });
});

describe('the short nationality word "Saudi"', () => {
  it('describes, as other nationality words do', () => {
    const text = 'Saudi officials met Tomas Quell in Riyadh, Saudi Arabia, on Friday.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([n]) => n === 'Saudi')).toEqual([]);
    expect(found).toContainEqual(['Saudi Arabia', 'PLACE']);
  });

  it('still opens the names of the country’s bodies', () => {
    const found = spans(extractEntities('', 'The Saudi Interior Ministry said on Friday that Tomas Quell had left.'));
    expect(found).toContainEqual(['Saudi Interior Ministry', 'ORGANIZATION']);
  });
});
