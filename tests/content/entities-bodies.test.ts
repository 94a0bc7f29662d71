import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 12: organisations' names and wrong names of other kinds. Sentences written for these tests in the
// style of news, travel and encyclopedic copy; the bodies, places and people are invented unless widely known.

describe('a name before "language" or "speakers"', () => {
  it('names a language there, not a place or a person', () => {
    const text =
      'Vellish is a Tarn-Ovadi language spoken in Ghana. It belongs to the Ovadi languages of the Niger Congo ' +
      'language phylum, and Gurran Kesh speakers understand it.';
    expect(spans(extractEntities('', text))).toEqual([['Ghana', 'PLACE']]);
  });

  it('leaves a known place before "speakers" a place', () => {
    const found = spans(extractEntities('', 'Most Quebec speakers of the dialect live near Montreal.'));
    expect(found).toContainEqual(['Quebec', 'PLACE']);
  });
});

describe('an institution named in its own language', () => {
  it('is an organisation when its head noun opens the name', () => {
    const found = spans(
      extractEntities(
        '',
        'She trained at the Conservatoire de Lyon and later taught at the Universidade da Braga, in Portugal.',
      ),
    );
    expect(found).toContainEqual(['Conservatoire de Lyon', 'ORGANIZATION']);
    expect(found).toContainEqual(['Universidade da Braga', 'ORGANIZATION']);
  });
});

describe('a firm named by its trade, and an airline named with "Air"', () => {
  it('is an organisation', () => {
    const text =
      'She started her career with Tallow Sports in 2009. Kayaks can be hired from Vandring Tours in Skarvik. ' +
      'Air Veloria flies there twice a week, and freight goes with Grey Heron Freighters.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Tallow Sports', 'ORGANIZATION']);
    expect(found).toContainEqual(['Vandring Tours', 'ORGANIZATION']);
    expect(found).toContainEqual(['Air Veloria', 'ORGANIZATION']);
    expect(found).toContainEqual(['Grey Heron Freighters', 'ORGANIZATION']);
  });

  it('not after a nationality, nor where "air" is the ordinary word', () => {
    const found = spans(
      extractEntities('', 'Air quality in Oslo fell, and Norwegian Sports were cut from the budget.'),
    );
    expect(found).toEqual([['Oslo', 'PLACE']]);
  });
});

describe('a labelled list whose items include known bodies', () => {
  it('makes every item a body of that kind, across lines whose labels open alike', () => {
    const text =
      'The airport has two terminals.\n\nTerminal A: Alaska (Gates 1 & 2), Spirit, United\n\n' +
      'Terminal B: Delta, Frontier, JetBlue, British Airways, Volaris';
    const found = spans(extractEntities('', text));
    for (const airline of ['Alaska', 'Spirit', 'United', 'Delta', 'Frontier', 'JetBlue', 'Volaris'])
      expect(found).toContainEqual([airline, 'ORGANIZATION']);
  });

  it('leaves a list with one known body or none alone', () => {
    const text = 'Day trips: Alaska, Spirit Lake, Delta Junction\n\nSee also: JetBlue, Frontier';
    expect(spans(extractEntities('', text))).not.toContainEqual(['Alaska', 'ORGANIZATION']);
  });
});

describe('a nationality before a government body', () => {
  it('names the state as a government with "State", and a mission by its head noun', () => {
    const text =
      'Critics say the Argentine State expropriated the firm. Visas are issued by the Cuban Consulate, ' +
      'and the British Embassy closed early.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Argentine State', 'ORGANIZATION']);
    expect(found).toContainEqual(['Consulate', 'ORGANIZATION']);
    expect(found).toContainEqual(['Embassy', 'ORGANIZATION']);
  });
});

describe('a body that opens the name of a contest or a prize', () => {
  it('is who holds or awards it; the rest stays the event, not output', () => {
    const text =
      'The stadium hosted matches of the 2030 FIFA World Cup. She won the BAFTA Award for Best Actress in 1962. ' +
      'He was picked in the 2011 Major League Baseball Draft and named MVP of the Southern League All-Star Game.';
    const found = spans(extractEntities('', text));
    expect(found).toEqual([
      ['FIFA', 'ORGANIZATION'],
      ['BAFTA', 'ORGANIZATION'],
      ['Major League Baseball', 'ORGANIZATION'],
      ['Southern League', 'ORGANIZATION'],
    ]);
  });

  it('not a law named by its acronym', () => {
    expect(spans(extractEntities('', 'The House passed the HEROES Act in May.'))).not.toContainEqual([
      'HEROES',
      'ORGANIZATION',
    ]);
  });
});

describe('words that are no names, whatever the lists say', () => {
  it('leaves out currency codes beside amounts, ranges of days and the field of a degree', () => {
    const text =
      'The departure tax is 250 MXN at Cancun. He was freed on US$ 20,000 bail. Store hours: Mon-Fri 08:30 am. ' +
      'She obtained a Bachelor of Science in Psychology and a Master of Education in Sport Psychology.';
    expect(spans(extractEntities('', text))).toEqual([['Cancun', 'PLACE']]);
  });

  it("leaves out a place's people named from it and an acronym spelled out in lower case", () => {
    const text =
      'After the fire many San Franciscans moved to Oakland. Models use the radiative transfer equation (RTE).';
    expect(spans(extractEntities('', text))).toEqual([['Oakland', 'PLACE']]);
  });

  it('does not read a double given name as a place', () => {
    const found = spans(extractEntities('', 'He appeared in the Mary-Kate and Ashley Olsen comedy that year.'));
    expect(found.filter(([, k]) => k === 'PLACE')).toEqual([]);
  });
});

describe('heads of places and bodies the general lists lack', () => {
  // (the heads are the gazetteer's PLACE_HEADS; "Blvd" was tried there and left out, see src/text/README.md)
  it("types voivodeships and minsters as places and a country's team as a body", () => {
    const text =
      'Łódź is the capital of the Łódzkie Voivodship. York Minster stands near the wall. Team Estonia had to ' +
      'rebuild its robot.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Łódzkie Voivodship', 'PLACE']);
    expect(found).toContainEqual(['York Minster', 'PLACE']);
    expect(found).toContainEqual(['Team Estonia', 'ORGANIZATION']);
  });

  it("reads a place head that is also a surname after a title as the end of a person's name", () => {
    const found = spans(
      extractEntities('', 'We welcome our substitute justices, Judge Shanlyn Park and Judge Jim Kawashima.'),
    );
    expect(found).toContainEqual(['Shanlyn Park', 'PERSON']);
  });
});

describe('a government that is a party to a case', () => {
  it('is a body in the report or transcript of the case, and so is a local government in its legal form', () => {
    const text =
      'Counsel for appellees, versus Mara Keale, County of Lanai, defendants. In looking at Orr versus ' +
      'United States, the court agreed. The County of Lanai then cleared the camp.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['County of Lanai', 'ORGANIZATION']);
    expect(found).toContainEqual(['United States', 'ORGANIZATION']);
    expect(found).not.toContainEqual(['County of Lanai', 'PLACE']);
  });

  it('is named by its kind, capitalised, in such a report', () => {
    const text =
      'This is Orr versus United States. At the trial, the State conceded the point, and the County did afford ' +
      'some process.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['State', 'ORGANIZATION']);
    expect(found).toContainEqual(['County', 'ORGANIZATION']);
  });

  it('stays a place where no case is reported', () => {
    expect(spans(extractEntities('', 'The County of Lanai has two harbours.'))).toEqual([['County of Lanai', 'PLACE']]);
  });
});

describe('bodies whose names end in a title or open with a class', () => {
  it('keeps the office a body serves in its name', () => {
    const found = spans(
      extractEntities('', 'The suit names the Office of the Mayor, and the Office of the Prime Minister replied.'),
    );
    expect(found).toContainEqual(['Office of the Mayor', 'ORGANIZATION']);
    expect(found).toContainEqual(['Office of the Prime Minister', 'ORGANIZATION']);
  });

  it("keeps a minor-league class in a farm team's name", () => {
    const found = spans(
      extractEntities('', 'He opened 2012 with the Triple-A Harwick Herons and later joined Double-A Dunmore Owls.'),
    );
    expect(found).toContainEqual(['Triple-A Harwick Herons', 'ORGANIZATION']);
    expect(found).toContainEqual(['Double-A Dunmore Owls', 'ORGANIZATION']);
  });
});

describe("the short form of a team's country in a match report", () => {
  it('is the team too', () => {
    const text =
      'Group F — Sweden 1 – 0 Korea Republic. Korea substituted a defender in the 28th minute, and Sweden scored late.';
    const found = spans(extractEntities('', text));
    expect(found).toContainEqual(['Korea Republic', 'ORGANIZATION']);
    expect(found).toContainEqual(['Korea', 'ORGANIZATION']);
    expect(found).not.toContainEqual(['Korea', 'PLACE']);
  });
});

describe('a line set all in capitals', () => {
  it('keeps the name and leaves the words the article writes in lower case', () => {
    const text =
      'We will hear argument this morning on behalf of the petitioners.\n\n' +
      'ARGUMENT OF GEN. MARIA T. VELLANO ON BEHALF OF THE PETITIONERS\n\nThank you.';
    expect(spans(extractEntities('', text))).toEqual([['MARIA T. VELLANO', 'PERSON']]);
  });
});

describe('what has a head, a leader or members', () => {
  it("is a body where nothing else typed the name, and the article's other mentions follow", () => {
    const text =
      'He became head of the Velmora when the abbot died. Under the new leader of the Velmora, problems arose. ' +
      'I am a member of the Quill Bar.';
    const found = spans(extractEntities('', text));
    expect(found).toEqual([
      ['Velmora', 'ORGANIZATION'],
      ['Velmora', 'ORGANIZATION'],
      ['Quill Bar', 'ORGANIZATION'],
    ]);
  });

  it('leaves a place a place', () => {
    expect(spans(extractEntities('', 'She was president of the Philippines.'))).toEqual([['Philippines', 'PLACE']]);
  });
});

describe('what a player plays for, named with a plural nickname', () => {
  it('is a team', () => {
    const found = spans(
      extractEntities('', 'He hit 12 home runs in 59 games for the Marsh Herons. He also led the Herons in runs.'),
    );
    expect(found).toContainEqual(['Marsh Herons', 'ORGANIZATION']);
  });
});

describe('the courts of a state capitalised on their own', () => {
  it('are a body', () => {
    const found = spans(extractEntities('', "The hearing is broadcast on the Judiciary's channel."));
    expect(found).toEqual([['Judiciary', 'ORGANIZATION']]);
  });
});

describe('podcasts, lectures and plays', () => {
  it('are works, not people or bodies; a place that opens a series of lectures is where they were given', () => {
    const text =
      'She hosts "The Mara Quell Podcast" with her partner. His Santa Cruz Lectures on Deixis appeared in 1975. ' +
      'The festival stages the Mystery Plays.';
    expect(spans(extractEntities('', text))).toEqual([['Santa Cruz', 'PLACE']]);
  });
});

describe('the locality in brackets after a street and a house number', () => {
  it('is a place, and its other mentions follow', () => {
    const text = 'Kayaks can be hired on Korsø.\n\nKorsø Kayaks, Havnevej 12 (Korsø), ☏ +4550981306, open daily.';
    const found = spans(extractEntities('', text));
    expect(found.filter(([t]) => t === 'Korsø')).toEqual([
      ['Korsø', 'PLACE'],
      ['Korsø', 'PLACE'],
    ]);
  });
});

describe('a prize of an event held somewhere', () => {
  it('names the place that opens it', () => {
    const found = spans(extractEntities('', 'She won the Arles Film Festival Award for Best Actress in 1958.'));
    expect(found).toEqual([['Arles', 'PLACE']]);
  });
});

describe('names joined by a lower-case article or preposition', () => {
  it('are a town', () => {
    const found = spans(extractEntities('', 'He was buried in the cemetery of Bourg-la-Vallée, near Clos-sur-Marne.'));
    expect(found).toEqual([
      ['Bourg-la-Vallée', 'PLACE'],
      ['Clos-sur-Marne', 'PLACE'],
    ]);
  });
});

describe('"the Group" in an article about a group of islands', () => {
  it('is the island group, a place; elsewhere a body', () => {
    const islands = spans(
      extractEntities('', "Lofa is a group of more than 40 islands. About 9000 people live in the Group's villages."),
    );
    expect(islands).toContainEqual(['Group', 'PLACE']);
    const firm = spans(extractEntities('', 'Profits rose, and the Group paid a dividend.'));
    expect(firm).toEqual([['Group', 'ORGANIZATION']]);
  });
});

describe('"the Channel" on its own', () => {
  it('is the sea between England and France', () => {
    const found = spans(extractEntities('', 'A record number of migrants crossed the Channel last year.'));
    expect(found).toEqual([['Channel', 'PLACE']]);
  });
});
