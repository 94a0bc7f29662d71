import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 17, round 2: the conventions of scholarly papers and of court transcripts and opinions. Sentences
// written for these tests; the people and places are invented.

describe("a transcript's speaker label in capitals with a title", () => {
  it('is the speaker, titles off', () => {
    const text =
      'We will hear argument next in the appeal.\n\nJUSTICE OKORO: Counsel, where is the harm?\n\nCHIEF JUSTICE MARLOW: Thank you, counsel.\n\nMS. ADA N. QUIST: May it please the Court.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([
      ['OKORO', 'PERSON'],
      ['MARLOW', 'PERSON'],
      ['ADA N. QUIST', 'PERSON'],
    ]);
  });

  it('is no person without a title', () => {
    const text = 'The record resumes.\n\nTHE COURT: Proceed.\n\nQUESTION: Why now?';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe("a transcript's section heading", () => {
  it('is no place before the stage of the proceedings it names, and names who argues or examines', () => {
    const text =
      'We will hear argument first in the appeal.\n\nORAL ARGUMENT OF MARISA K. QUIST ON BEHALF OF THE PETITIONERS\n\nShe began.\n\nDIRECT EXAMINATION BY MS. IDA BRELL\n\nREBUTTAL ARGUMENT OF HARLAN VOSS';
    expect(spans(extractEntities('', text))).toEqual([
      ['MARISA K. QUIST', 'PERSON'],
      ['IDA BRELL', 'PERSON'],
      ['HARLAN VOSS', 'PERSON'],
    ]);
  });

  it('names no one where it names a role', () => {
    const text = 'The jury was seated.\n\nOPENING STATEMENT OF DEFENSE COUNSEL\n\nThe statement was brief.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });
});

describe('a narrative citation: an author, a bracketed year, then a verb of report', () => {
  it('is a person, and so is a co-author before the year', () => {
    const text =
      'Winford (2003) distinguishes two kinds of contact (Dravnik et al. 2001). As Mbatheki (1999: 34) notes, the effect is small. Brandt and Ostrel (2010) propose a test.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Winford', 'PERSON'],
      ['Dravnik', 'PERSON'],
      ['Mbatheki', 'PERSON'],
      ['Brandt', 'PERSON'],
      ['Ostrel', 'PERSON'],
    ]);
  });

  it('is no person in a text that cites no scholarship: a film and its year in a review', () => {
    const text = 'Dravik (1997) shows how spectacle sells, and its sequel did too.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });

  it('is no person before a verb of another kind: a work and its year', () => {
    const text = 'In the end Dravik (2001) was a remake, and it was filmed with little money.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('"See" opening a sentence of citation', () => {
  it('is no part of the name it sends the reader to, nor a name before a figure', () => {
    const text = 'The claim fails on its facts. See Pardew v. Mackell, 312 U.S. 40. See Table 2 for the counts.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([
      ['Pardew', 'PERSON'],
      ['Mackell', 'PERSON'],
    ]);
  });

  it('leaves the cited author after it a person', () => {
    const text = 'The debate goes on. See Klenner (2019).';
    const people = spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON');
    expect(people).toEqual([['Klenner', 'PERSON']]);
  });
});

describe('the firm counsel introduce themselves as with', () => {
  it('is one body named after its partners', () => {
    const text =
      "Good morning, your honors. My name is Ilsa Varrow. I'm with Dunmore and Pascoe. I'm here on behalf of the appellee.";
    expect(spans(extractEntities('', text))).toEqual([
      ['Ilsa Varrow', 'PERSON'],
      ['Dunmore and Pascoe', 'ORGANIZATION'],
    ]);
  });

  it('is company, not a firm, where no party is represented', () => {
    const text = "We went to the fair on Sunday. I'm with Anna and Tomas. We had a lovely time.";
    expect(spans(extractEntities('', text))).toEqual([
      ['Anna', 'PERSON'],
      ['Tomas', 'PERSON'],
    ]);
  });
});

describe('the citation of a body of court rules', () => {
  it('names no one, though its abbreviations look like initials', () => {
    const text = 'The claim was dismissed under Fed. R. Civ. P. 12(b)(6), and Fed. R. Evid. 403 kept the letter out.';
    expect(spans(extractEntities('', text))).toEqual([]);
  });

  it('leaves a judge with an initial a person', () => {
    const text = 'The motion failed. Judge Ada R. Quell held that Fed. R. Crim. P. 11 applied.';
    expect(spans(extractEntities('', text))).toEqual([['Ada R. Quell', 'PERSON']]);
  });
});

describe("a court's name with the circuit or district it sits for", () => {
  it('is one body', () => {
    const text = 'The Court of Appeals for the Fifth Circuit affirmed the judgment.';
    expect(spans(extractEntities('', text))).toEqual([['Court of Appeals for the Fifth Circuit', 'ORGANIZATION']]);
  });

  it('does not take in an event a court is booked for', () => {
    const text = 'Ticket holders for the Harnwell Court for the Quenby Open queued early.';
    expect(spans(extractEntities('', text)).some(([n]) => n.includes('Court for the'))).toBe(false);
  });
});

describe("a letter's heading line of a name and a date", () => {
  it('is who writes or is written to', () => {
    expect(spans(extractEntities('', 'Dorrie 6/25/90\n\nWell, I finally heard from you.'))).toEqual([
      ['Dorrie', 'PERSON'],
    ]);
    expect(spans(extractEntities('', 'Marta Quell, 3 May 1998\n\nI write to you again.'))).toEqual([
      ['Marta Quell', 'PERSON'],
    ]);
  });

  it('is no person where the word is no given name', () => {
    expect(spans(extractEntities('', 'Minutes 6/25/90\n\nThe board met at noon.'))).toEqual([]);
  });
});

describe('a party to a case named by its role in lower case', () => {
  it('is a person before a name nothing else types', () => {
    const text = 'Later that year appellant Brell appealed, and the jury found petitioner Dravik guilty.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Brell', 'PERSON'],
      ['Dravik', 'PERSON'],
    ]);
  });

  it('leaves a body that is a party a body', () => {
    const text = 'The judge ruled that defendant Harnwell University owed nothing.';
    expect(spans(extractEntities('', text))).toEqual([['Harnwell University', 'ORGANIZATION']]);
  });
});

describe("a party's role capitalised before its name", () => {
  it('is taken off the name as a title is', () => {
    const text = 'The facts are simple. Respondent Varrow Holt objected. Plaintiff Harnwell University sued.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Varrow Holt', 'PERSON'],
      ['Harnwell University', 'ORGANIZATION'],
    ]);
  });

  it('is no evidence of a person: firms and states sue and are sued', () => {
    const text = 'The facts are simple. Plaintiff Dravex sued, and Defendant Quellmark denied it.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });

  it('stays a word where no name follows it', () => {
    const text = 'The facts are simple. Respondent objected to the Quenby ruling.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});

describe('a cited surname that is also an English word', () => {
  it('is an author before "et al." or in a narrative citation', () => {
    const text =
      'The rates are similar. Rose et al. (2019) report the same, and earlier work agrees (Little et al., 2001). Brown and Varrow (1987) define the term.';
    expect(spans(extractEntities('', text))).toEqual([
      ['Rose', 'PERSON'],
      ['Little', 'PERSON'],
      ['Brown', 'PERSON'],
      ['Varrow', 'PERSON'],
    ]);
  });

  it('stays a word before a year and another verb', () => {
    const text = 'The film Harbour Lights (1958) was shot on the coast.';
    expect(spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON')).toEqual([]);
  });
});
