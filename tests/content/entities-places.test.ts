import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 12 (places). Sentences written for these tests in the style of news and travel copy.

describe('a compass region written as one capitalised noun', () => {
  it('is a region after a nationality, a place, or "the"', () => {
    const body =
      'Tucson is the second city of the American Southwest. Wildfires spread across the Pacific Northwest in July, ' +
      'and storms hit the Midwest.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Tucson', 'PLACE'],
      ['American Southwest', 'PLACE'],
      ['Pacific Northwest', 'PLACE'],
      ['Midwest', 'PLACE'],
    ]);
  });

  it('is not the airline flown', () => {
    expect(spans(extractEntities('', 'She flew Southwest to Denver.'))).toEqual([['Denver', 'PLACE']]);
  });
});

describe('the lands a country is named after', () => {
  it('are places of their own', () => {
    const body = 'Citizens of Antigua and Barbuda (28 days) and of Barbados (28 days) need no visa.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Antigua', 'PLACE'],
      ['Barbuda', 'PLACE'],
      ['Barbados', 'PLACE'],
    ]);
  });
});

describe('an abbreviated street head with its period', () => {
  it('ends the street name, and a bare "St." after a number is no place of its own', () => {
    const body = 'Buses leave from the terminal on 177 St. at noon. Also on Main St. is a flower shop.';
    expect(spans(extractEntities('', body))).toEqual([['Main St.', 'PLACE']]);
  });
});

describe('a hyphenated compound', () => {
  it('is a place when its parts are names, not when they are ordinary words', () => {
    const body =
      'The talks on Nagorno-Karabakh resumed. Opening hours: Mon-Fri 9 am to 5 pm. ' +
      'Schools run camps here in summer; School-Camps book early.';
    expect(spans(extractEntities('', body))).toEqual([['Nagorno-Karabakh', 'PLACE']]);
  });
});

describe('a name before "language"', () => {
  it('names a language or a family of them, not a place', () => {
    const body =
      'Wolof is one of the Atlantic languages of the Niger Congo language phylum, and Lao, a Tai-Kadai language, ' +
      'is spoken in Laos.';
    expect(spans(extractEntities('', body))).toEqual([['Laos', 'PLACE']]);
  });
});

describe('a list with a name the article places elsewhere', () => {
  it('passes the place along before that sentence too', () => {
    const body =
      'He went to the parish schools of Kelbrae and Ellon. His family held an estate near Ellon.\n\nGet in\n\n' +
      'Vorsinge, Hestø and a few of the small islands are joined by bridges. Ferries leave from Hestø.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Kelbrae', 'PLACE'],
      ['Ellon', 'PLACE'],
      ['Ellon', 'PLACE'],
      ['Vorsinge', 'PLACE'],
      ['Hestø', 'PLACE'],
      ['Hestø', 'PLACE'],
    ]);
  });
});

describe('a Latin qualifier after a place', () => {
  it('names a part of it, and its list fellow follows', () => {
    const body = 'In 373 he travelled through Thrace and Asia Minor into Syria.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Thrace', 'PLACE'],
      ['Asia Minor', 'PLACE'],
      ['Syria', 'PLACE'],
    ]);
  });
});

describe("the class word that opens a place's name in its own language", () => {
  it('makes a place', () => {
    const body =
      'He died at the Hôpital Lariboisière the next morning. The Meidan Naqsh (1602) is the old square, ' +
      'and buses stop at the Gare Sud.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Hôpital Lariboisière', 'PLACE'],
      ['Meidan Naqsh', 'PLACE'],
      ['Gare Sud', 'PLACE'],
    ]);
  });
});

describe('a rail tunnel', () => {
  it('is a place by its head word', () => {
    const body = 'Trains cross the bay through the Transbay Tube.';
    expect(spans(extractEntities('', body))).toEqual([['Transbay Tube', 'PLACE']]);
  });
});

describe('two towns joined by "&" after a spatial preposition', () => {
  it('are two places, and cited co-authors stay out', () => {
    const body = 'The light rail runs east to Tempe & Mesa. In Marlow & Tennant [4] the method is shown.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Tempe', 'PLACE'],
      ['Mesa', 'PLACE'],
    ]);
  });
});

describe('a centre named by what stands before it, for a named body', () => {
  it("is that body's venue, and the body is no place and person", () => {
    const body =
      'The Harlan Center for the Lakeview State University Owls basketball team opened in 1990. ' +
      'She leads the Center for the Study of Democracy.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Harlan Center', 'PLACE'],
      ['Center for the Study of Democracy', 'ORGANIZATION'],
    ]);
  });
});

describe("a US state's postal code or news abbreviation after a town", () => {
  it('makes the town a place, but not a rank after a name', () => {
    const body =
      'The mall lies between the Paramus, NJ retail corridor and the river. For the parents, Tom Molomby, SC, said ' +
      'they would appeal.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Paramus', 'PLACE'],
      ['Tom Molomby', 'PERSON'],
    ]);
  });
});

describe('a particle of place inside a hyphenated name', () => {
  it('makes a town, not a title such as Commander-in-Chief', () => {
    const body =
      'He was buried in the cemetery of Bourg-la-Reine, and born in Stratford-upon-Avon. The Commander-in-Chief ' +
      'came too.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Bourg-la-Reine', 'PLACE'],
      ['Stratford-upon-Avon', 'PLACE'],
    ]);
  });
});

describe('a list of places', () => {
  it('takes in a name that only a personal-name shape typed', () => {
    const body = 'Exurbs such as Apache Junction, Fountain Hills, Queen Creek, and Sun City are growing.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Apache Junction', 'PLACE'],
      ['Fountain Hills', 'PLACE'],
      ['Queen Creek', 'PLACE'],
      ['Sun City', 'PLACE'],
    ]);
  });
});

describe('the place an office is of, inside a title before a name', () => {
  it('is a place', () => {
    const body = 'In a statement, Governor of Oregon Dana Whitcombe said the museum was ready.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Oregon', 'PLACE'],
      ['Dana Whitcombe', 'PERSON'],
    ]);
  });
});

describe('a country that is a party to a case', () => {
  it('is its government, an organisation', () => {
    const body =
      'The court read Green versus United States narrowly. In looking at Green versus United States, the judges ' +
      'disagreed.';
    expect(spans(extractEntities('', body)).filter(([text]) => text === 'United States')).toEqual([
      ['United States', 'ORGANIZATION'],
      ['United States', 'ORGANIZATION'],
    ]);
  });
});

describe("a team's short name in a match report", () => {
  it('is the team where its full name stands by a score', () => {
    const body =
      'Sweden defeated South Korea 1 – 0 on Monday. Korea substituted a striker late, missing a chance to ' +
      'equalise for Korea.';
    expect(spans(extractEntities('', body)).filter(([text]) => /Korea/.test(text))).toEqual([
      ['South Korea', 'ORGANIZATION'],
      ['Korea', 'ORGANIZATION'],
      ['Korea', 'ORGANIZATION'],
    ]);
  });
});

describe("a school's class word in its own language", () => {
  it('opens a body with its own "of"', () => {
    const body = 'She later studied at the Conservatoire de Paris and taught at the Universidade da Coruña.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Conservatoire de Paris', 'ORGANIZATION'],
      ['Universidade da Coruña', 'ORGANIZATION'],
    ]);
  });
});

describe('two words joined by "and" inside a name that one head closes', () => {
  it('are one place, while names with their own heads stay a list', () => {
    const body =
      'Engines went to the U.S. Space and Rocket Center in Huntsville and the National Air and Space Museum. ' +
      'A team from the Massachusetts Institute of Technology and Colorado State University flew from JFK and ' +
      'Westchester County Airport.';
    expect(spans(extractEntities('', body))).toEqual([
      ['U.S. Space and Rocket Center', 'PLACE'],
      ['Huntsville', 'PLACE'],
      ['National Air and Space Museum', 'PLACE'],
      ['Massachusetts Institute of Technology', 'ORGANIZATION'],
      ['Colorado State University', 'ORGANIZATION'],
      ['Westchester County Airport', 'PLACE'],
    ]);
  });
});

describe('a street and the street it crosses, joined by "&"', () => {
  it('are two places', () => {
    const body = 'The bus runs north to Deer Valley along N 44th St & Tatum, then back.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Deer Valley', 'PLACE'],
      ['N 44th St', 'PLACE'],
      ['Tatum', 'PLACE'],
    ]);
  });
});

describe('an acronym before a colon in brackets', () => {
  it('labels what follows and takes no name from the one before it', () => {
    const body = 'Isfahan International Airport (IATA: IFN) was a military airport.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Isfahan International Airport', 'PLACE'],
      ['IFN', 'PLACE'],
    ]);
  });
});

describe('a code of capitals after an amount', () => {
  it('is a currency or a unit, not a name', () => {
    const body =
      'Pay the tax if departing from there (Cancun: 250 MXN, Mexico City: USD 25). It ranks among 354 US metro ' +
      'areas, as in the 2018 FIFA survey.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Cancun', 'PLACE'],
      ['Mexico City', 'PLACE'],
      ['US', 'PLACE'],
      ['FIFA', 'ORGANIZATION'],
    ]);
  });
});

describe("a guide's heading closed by a place head", () => {
  it('is the place, while headings of kind stay out', () => {
    const body = 'Palaces\n\nAli Talar Palace\n\nThe palace has six floors.\n\nTrain Station\n\nTrains leave hourly.';
    expect(spans(extractEntities('', body))).toEqual([['Ali Talar Palace', 'PLACE']]);
  });
});

describe('a name with its English gloss in brackets', () => {
  it('is a place when the gloss names a kind of place', () => {
    const body =
      'Next is 8 Hasht Behesht (The Palace of Eight Paradises), built in 1669, and the tale of Mehr Afarin (The Kind Heart) is told there.';
    expect(spans(extractEntities('', body))).toEqual([['Hasht Behesht', 'PLACE']]);
  });
});

describe("another country's division or a great church", () => {
  it('is a place by its head word', () => {
    const body = 'Łódź is the capital of the Łódzkie Voivodship. After London, visitors come to see York Minster.';
    expect(spans(extractEntities('', body))).toEqual([
      ['Łódź', 'PLACE'],
      ['Łódzkie Voivodship', 'PLACE'],
      ['London', 'PLACE'],
      ['York Minster', 'PLACE'],
    ]);
  });
});
