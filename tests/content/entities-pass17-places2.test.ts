import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';

// Issue #18, pass 17, round 2 (places and bodies). Sentences written for these tests, with invented places and
// people, in the style of biographies, travel guides, textbooks and speeches.

const kindsOf = (body: string) => new Set(extractEntities('', body).map((e) => `${e.name}:${e.kind}`));

describe('a settlement noun and "of" before a name that a listed place opens', () => {
  it('makes the name a place, not a body named after a town', () => {
    expect(kindsOf('Marta Quellin grew up in the village of Ostrava Dolna, near the border.')).toContain(
      'Ostrava Dolna:PLACE',
    );
  });

  it('leaves a listed place fused with another word a body elsewhere', () => {
    expect(kindsOf('Marta Quellin wrote for the Toronto Star for ten years.')).toContain('Toronto Star:ORGANIZATION');
  });
});

describe('"Co." after a town and a comma', () => {
  it('is Colorado, not a firm standing alone', () => {
    const kinds = kindsOf('Ilse Marrow was born in Quenby, Co. and trained in Harnwell.');
    expect(kinds).toContain('Co.:PLACE');
    expect(kinds).not.toContain('Co.:ORGANIZATION');
  });

  it('still closes a firm’s name, and is no state before a company’s letter', () => {
    expect(kindsOf('Ilse Marrow clerked for Vossby & Co. in Quenby.')).toContain('Vossby & Co.:ORGANIZATION');
    expect(kindsOf('Sgt. Tolan Marrow, Co. B, was wounded at the ford.')).not.toContain('Co.:PLACE');
  });
});

describe('a lone surname after "the" that ends its phrase', () => {
  it('is a body named after its founder, not a person', () => {
    const kinds = kindsOf('Two of the sketches by Ilse Marrow are held by the Tate.');
    expect(kinds).toContain('Tate:ORGANIZATION');
    expect(kinds).not.toContain('Tate:PERSON');
  });

  it('is not read before a noun the name modifies', () => {
    expect(kindsOf('Officials of the Clinton administration met Ilse Marrow.')).not.toContain('Clinton:ORGANIZATION');
  });
});

describe('a house number before a name and a telephone number after it', () => {
  it('make the name a street, as a guide’s listing gives an address', () => {
    expect(kindsOf('Quellby Cabs 412 Vossel Plaza North, tel: 1 555 201-3344.')).toContain('Vossel Plaza North:PLACE');
  });

  it('are not read without the telephone number', () => {
    expect(kindsOf('Ilse Marrow scored 12 Goals North of the river.')).not.toContain('Goals North:PLACE');
  });
});

describe('two names joined by "v" or "vs" before a match', () => {
  it('are the sides that play it, bodies, though towns name them', () => {
    const kinds = kindsOf('Tolan Marrow kept wicket in the first Quenby v Harrowgate cricket match of 1811.');
    expect(kinds).toContain('Quenby:ORGANIZATION');
    expect(kinds).toContain('Harrowgate:ORGANIZATION');
  });

  it('are a case’s parties, not teams, where no match follows', () => {
    expect(kindsOf('The court cited Quenby v. Harrowgate in its ruling.')).not.toContain('Quenby:ORGANIZATION');
  });
});

describe('two players joined by "v" before a match', () => {
  it('stay people', () => {
    const kinds = kindsOf('They watched the Ilse Vossler v Kara Tarrant match in Quenby.');
    expect(kinds).toContain('Ilse Vossler:PERSON');
    expect(kinds).toContain('Kara Tarrant:PERSON');
  });
});

describe('a name after a possessive and "native"', () => {
  it('is the land someone comes from, not a person', () => {
    expect(kindsOf('In 1891 Tolan Marrow returned to his native Quenland for good.')).toContain('Quenland:PLACE');
  });

  it('is a person after "native" as a noun of role', () => {
    expect(kindsOf('The guide, a native, introduced native Teodor Vask to us.')).not.toContain('Teodor Vask:PLACE');
  });
});

describe('a numbered part of a port or a station', () => {
  it('keeps its number, so two terminals are two places, in a guide’s short line too', () => {
    const names = new Set(
      extractEntities(
        '',
        'There is no Terminal 1.\n\nTerminal 2: Harrow Air, Quell Lines\n\nTerminal 3: Ostrel Air',
      ).map((e) => e.name),
    );
    expect(names).toContain('Terminal 2');
    expect(names).toContain('Terminal 3');
    expect(names).not.toContain('Terminal');
  });
});

describe('a venue followed by a guide’s bracketed link number', () => {
  it('is still a venue, the number being no citation', () => {
    expect(kindsOf('School groups often choose to stay at Tarowai Marae [2] for a week.')).toContain(
      'Tarowai Marae:PLACE',
    );
  });

  it('is not read without the venue’s verb', () => {
    expect(kindsOf('The model follows Tarowen [2] in its choice of weights.')).not.toContain('Tarowen:PLACE');
  });
});

describe('a guide’s heading line opened by a place’s class word', () => {
  it('yields the place, its other words no English words', () => {
    const body = 'Ilse Marrow walked through the old town.\n\nPlac Kessowy\n\nThe square was rebuilt in 1990.';
    expect(kindsOf(body)).toContain('Plac Kessowy:PLACE');
  });

  it('yields nothing where the other words are English words', () => {
    const body = 'Ilse Marrow walked through the old town.\n\nCity Guide\n\nThe square was rebuilt in 1990.';
    expect([...kindsOf(body)].some((k) => k.startsWith('City'))).toBe(false);
  });
});

describe('a guide’s heading line that the next sentence calls a place', () => {
  it('names that place', () => {
    const body = 'Boats leave Quenby daily.\n\nKessowa.\n\nThis is the second largest island in the group.';
    expect(kindsOf(body)).toContain('Kessowa:PLACE');
  });

  it('is not read where the next sentence calls it something else', () => {
    const body = 'Boats leave Quenby daily.\n\nKessowa.\n\nThis is the second largest festival in the group.';
    expect(kindsOf(body)).not.toContain('Kessowa:PLACE');
  });
});

describe('a compass letter before a name after a preposition of route', () => {
  it('is a street’s direction', () => {
    expect(kindsOf('Bus 12 runs along S Harrowgate to the depot.')).toContain('S Harrowgate:PLACE');
  });

  it('is an initial where no route is named', () => {
    expect(kindsOf('The paper by N Tarrowby and R Quell was cited.')).not.toContain('N Tarrowby:PLACE');
  });
});

describe('what drafts a player, or what a player is traded or loaned to', () => {
  it('is a team', () => {
    expect(kindsOf('Ilse Marrow was drafted by the Quenby Otters in 2009.')).toContain('Quenby Otters:ORGANIZATION');
    expect(kindsOf('In 2012 Marrow was traded to the Varnholt Kestrels.')).toContain('Varnholt Kestrels:ORGANIZATION');
  });

  it('is a place where someone only travels to it', () => {
    expect(kindsOf('In 2012 Ilse Marrow travelled to Boston.')).toContain('Boston:PLACE');
  });
});

describe('the heads of orchestras, choirs and football clubs', () => {
  it('close a body’s name', () => {
    const kinds = kindsOf(
      'In 1990 Ilse Marrow scored twice for Harrowgate Rovers against Quenby Wanderers. She sang in the Varnholt Choir.',
    );
    expect(kinds).toContain('Harrowgate Rovers:ORGANIZATION');
    expect(kinds).toContain('Quenby Wanderers:ORGANIZATION');
    expect(kinds).toContain('Varnholt Choir:ORGANIZATION');
  });

  it('leave "United" opening a country’s name alone', () => {
    expect(kindsOf('Ilse Marrow moved to the United States in 1990.')).toContain('United States:PLACE');
  });
});

describe('where a degree is taken', () => {
  it('is a school, a body', () => {
    expect(kindsOf('In 1988 Ilse Marrow earned a degree in chemistry from Vantorel.')).toContain(
      'Vantorel:ORGANIZATION',
    );
  });

  it('is not read after other nouns', () => {
    expect(kindsOf('In 1988 Ilse Marrow came home from Vantorel.')).toContain('Vantorel:PLACE');
  });
});

describe('a name before a place’s class noun in lower case', () => {
  it('is that place, as guides write districts and stops', () => {
    const kinds = kindsOf('The museum is in the Ostrel district, a short walk from the Kessby harbour.');
    expect(kinds).toContain('Ostrel:PLACE');
    expect(kinds).toContain('Kessby:PLACE');
  });

  it('is not read before "station": petrol, radio and television stations are firms\' too', () => {
    expect(kindsOf('Queues formed at a Dravex station near the bridge.')).not.toContain('Dravex:PLACE');
  });

  it('is not read before a body the noun opens', () => {
    expect(kindsOf('The Harnby district court ruled on Tuesday.')).not.toContain('Harnby:PLACE');
  });
});

describe('a name that lies or is situated somewhere', () => {
  it('is a place', () => {
    expect(kindsOf('Dunmere lies on the east bank of the river.')).toContain('Dunmere:PLACE');
    expect(kindsOf('Quenby is situated in a deep valley.')).toContain('Quenby:PLACE');
  });

  it('leaves a person the text types so', () => {
    expect(kindsOf('After the fall, Ilse Marrow lay in bed for a month.')).toContain('Ilse Marrow:PERSON');
  });
});

describe('a quarter, a neighbourhood or a bank "of", and a name known locally as another', () => {
  it('make places', () => {
    const kinds = kindsOf('The old quarter of Kessby, known locally as Ostrelgade, is full of cafés.');
    expect(kinds).toContain('Kessby:PLACE');
    expect(kinds).toContain('Ostrelgade:PLACE');
  });

  it('do not make a person known by a nickname a place', () => {
    expect(kindsOf('The singer Ilse Marrow, known locally as Tilly, opened the show.')).not.toContain('Tilly:PLACE');
  });
});

describe('more heads of lodgings and a railway junction', () => {
  it('close a place’s name', () => {
    const kinds = kindsOf('We stayed at the Quellby Guesthouse, then took the train to Marrow Junction.');
    expect(kinds).toContain('Quellby Guesthouse:PLACE');
    expect(kinds).toContain('Marrow Junction:PLACE');
  });

  it('are words, not names, on their own', () => {
    expect([...kindsOf('The guesthouse stands at a junction of two roads.')].length).toBe(0);
  });
});

describe('a plural’s possessive apostrophe inside a body’s name', () => {
  it('joins the plural to the head after it', () => {
    expect(kindsOf('Ilse Marrow joined the Varnholt Teachers’ Union in 1990.')).toContain(
      'Varnholt Teachers’ Union:ORGANIZATION',
    );
  });

  it('does not join a family’s possessive to words that end in no head', () => {
    expect([...kindsOf('We visited the Harnwells’ House in Quenby.')].some((k) => k.includes('House'))).toBe(false);
  });
});

describe('where researchers, scientists or students are "at"', () => {
  it('is a body', () => {
    expect(kindsOf('A study by researchers at Vantorel found that sleep helps.')).toContain('Vantorel:ORGANIZATION');
  });

  it('is not read after other plurals', () => {
    expect(kindsOf('The tourists at Vantorel found the beach crowded.')).not.toContain('Vantorel:ORGANIZATION');
  });
});

describe('a name after a typed town and a comma, before punctuation', () => {
  it('is the town’s region or country', () => {
    expect(kindsOf('Ilse Marrow (born 4 May 1950 in Kessby, Ostria) is a painter.')).toContain('Ostria:PLACE');
  });

  it('is not read where the sentence goes on after the name', () => {
    expect(kindsOf('In Kessby, Tarrowen met Ilse Marrow.')).not.toContain('Tarrowen:PLACE');
  });
});

describe('where a means of travel goes to or from', () => {
  it('is a place', () => {
    const kinds = kindsOf(
      'There are daily flights between Kessby and Varnholt, and the ferry to Tarrowey takes an hour.',
    );
    expect(kinds).toContain('Kessby:PLACE');
    expect(kinds).toContain('Varnholt:PLACE');
    expect(kinds).toContain('Tarrowey:PLACE');
  });

  it('is not read after a drive, which may be a disk', () => {
    expect(kindsOf('He copied a hard drive from Tarrow Quellmark before he left.')).not.toContain(
      'Tarrow Quellmark:PLACE',
    );
  });
});
