import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 15 (places). Sentences written for these tests in the style of news, history and civics text.

describe('a cardinal point alone after "the", capitalised', () => {
  it('is a region', () => {
    const body =
      'By 1863 the North had twice the railways of the South. Shortages in the South lowered morale, while ' +
      'factories in the North kept working. Settlers moved north in spring.';
    expect(spans(extractEntities('', body))).toEqual([
      ['North', 'PLACE'],
      ['South', 'PLACE'],
      ['South', 'PLACE'],
      ['North', 'PLACE'],
    ]);
  });

  it('is the country the article names with it, and takes its type', () => {
    const body =
      'On Monday, North Korea fired shells across the border. Later North Korea warned of war. Loudspeakers ' +
      'broadcast news into the North, and the North answered with more fire.';
    const kinds = new Set(extractEntities('', body).map((e) => `${e.name}:${e.kind}`));
    expect(kinds.has('North Korea:ORGANIZATION')).toBe(true);
    expect(kinds.has('North:ORGANIZATION')).toBe(true);
  });
});

describe("a polity's class noun capitalised alone after a possessive or a demonstrative", () => {
  it("names the speaker's own country or state", () => {
    const body =
      'Governor Ilsa Marrow told the assembly that the interests of the Nation come first. She thanked the ' +
      'voters of this State and said our Republic would endure. Every nation has its debts.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Ilsa Marrow', 'PERSON'],
      ['Nation', 'PLACE'],
      ['State', 'PLACE'],
      ['Republic', 'PLACE'],
    ]);
  });
});

describe('the planet and the hemispheres', () => {
  it('are places, as continents are', () => {
    const body =
      'The probe left Earth in May and will circle the Earth twice. Writing arose early in the Western Hemisphere, ' +
      'and traders from Genoa reached the Far East. Volunteers marked Earth Day.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Earth', 'PLACE'],
      ['Earth', 'PLACE'],
      ['Western Hemisphere', 'PLACE'],
      ['Genoa', 'PLACE'],
      ['Far East', 'PLACE'],
    ]);
  });
});

describe("the words of a building's or a street's name, alone", () => {
  it('are not that place', () => {
    const body =
      'Supporters gathered outside Varga Tower on Friday. "We want Varga," they chanted. The essay on Rosslyn ' +
      'Street is short. As Street argues, the mill closed in 1921.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Varga Tower', 'PLACE'],
      ['Rosslyn Street', 'PLACE'],
      // no street, but one who argues: a speaker (pass 15, people)
      ['Street', 'PERSON'],
    ]);
  });

  it('still are, for a natural feature', () => {
    const body = 'Ferries sail to the Orrin Islands twice a week. On Orrin, most visitors camp near the shore.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Orrin Islands', 'PLACE'],
      ['Orrin', 'PLACE'],
    ]);
  });
});

describe('"Union" capitalised alone', () => {
  it('is the federal union of states, a country', () => {
    const body =
      'By 1864 the Union had mobilized its factories, and Kentucky never left the Union. Maryland stayed loyal too.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Union', 'PLACE'],
      ['Kentucky', 'PLACE'],
      ['Union', 'PLACE'],
      ['Maryland', 'PLACE'],
    ]);
  });

  it('is the body the article names with the word', () => {
    const body = 'The Farriers Union called a strike on Monday, and the Union said talks had failed.';
    expect(new Set(extractEntities('', body).map((e) => e.kind))).toEqual(new Set(['ORGANIZATION']));
  });
});

describe("a landmark's head noun governing 'of'", () => {
  it('names the landmark', () => {
    const body = 'Pilgrims climbed to the Temple of the Winged Jaguar, north of the Pyramid of the Stars.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Temple of the Winged Jaguar', 'PLACE'],
      ['Pyramid of the Stars', 'PLACE'],
    ]);
  });
});

describe('a Confederate ship', () => {
  it('is a craft named after a state, no place', () => {
    const body = 'The raider CSS Louisiana sailed from Liverpool in 1863 and was sunk off Cherbourg.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Liverpool', 'PLACE'],
      ['Cherbourg', 'PLACE'],
    ]);
  });
});

describe('a battle or a siege "of" a name', () => {
  it('names the place it was fought at', () => {
    const body = 'At the Battle of Voronka in 1661, Ilse Brandauer was wounded. The siege of Tarvosk lasted weeks.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Voronka', 'PLACE'],
      ['Ilse Brandauer', 'PERSON'],
      ['Tarvosk', 'PLACE'],
    ]);
  });
});

describe('"Basin" after a name', () => {
  it("ends a place's name", () => {
    const body = 'Farmers left the dry Korvath Basin for the coast.';
    expect(spans(extractEntities('', body))).toEqual([['Korvath Basin', 'PLACE']]);
  });
});

describe("a landmark's head noun capitalised alone after 'the'", () => {
  it("is the landmark's short name", () => {
    const body = 'Cabs wait outside Terrano International Airport. From the Airport, buses run hourly to the old town.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Terrano International Airport', 'PLACE'],
      ['Airport', 'PLACE'],
    ]);
  });
});

describe('"this Chamber"', () => {
  it('is the hall the legislature sits in', () => {
    const body = 'Senator Oda Villmar said she was proud to serve in this Chamber.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Oda Villmar', 'PERSON'],
      ['Chamber', 'PLACE'],
    ]);
  });
});
