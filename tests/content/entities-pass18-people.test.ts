import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';
import { spans } from '../helpers/entities.js';

// Issue #18, pass 18: a lone surname typed by what the sentence says of it. Sentences written for these tests; the
// people, firms and places are invented or common.

const people = (text: string) => spans(extractEntities('', text)).filter(([, k]) => k === 'PERSON');

describe('a life event or a reflexive pronoun of a sex after a lone name', () => {
  it('makes the subject a person', () => {
    expect(people('Okonjo has been married three times.')).toEqual([['Okonjo', 'PERSON']]);
    expect(people('Keen to act, Veltrani enrolled at the Corona Stage Academy.')).toEqual([['Veltrani', 'PERSON']]);
    expect(people('With regard to faith, Ostrander was educated within the Methodist church.')).toEqual([
      ['Ostrander', 'PERSON'],
    ]);
    expect(people('Mazzarello took command of two legions in Capua.')).toEqual([['Mazzarello', 'PERSON']]);
    expect(people('In the film, Marchetti herself appears briefly.')).toEqual([['Marchetti', 'PERSON']]);
  });

  it('leaves firms and towns out', () => {
    expect(people('Tesla took command of the electric car market last year.')).toEqual([]);
    expect(people('Spotify was buried under an avalanche of lawsuits.')).toEqual([]);
    expect(people('Birmingham itself was quiet on Sunday.')).toEqual([]);
    expect(people('Nvidia enrolled thousands of developers in its program.')).toEqual([]);
  });
});

describe('a life or its deeds in the possessive', () => {
  it('makes the owner a person, after at most one modifier', () => {
    expect(people("The film traces the collapse of Ferrandi's life and career.")).toEqual([['Ferrandi', 'PERSON']]);
    expect(people("Kasprowicz's feats belong to the realm of the unimaginable.")).toEqual([['Kasprowicz', 'PERSON']]);
    expect(people("Brandauer's early life was spent in the mountains.")).toEqual([['Brandauer', 'PERSON']]);
  });

  it("leaves a listed firm a firm and a product's life cycle alone", () => {
    expect(people("Ford's life as a carmaker began in Detroit.")).toEqual([]);
    expect(people("Battery life matters. Zentrix's life cycle is over.")).toEqual([]);
    // (an invented name: "Dyson" alone is also Sir James Dyson, a globally known surname since pass 19)
    expect(people("Korvalt's inventions include a bagless vacuum cleaner.")).toEqual([]);
  });
});

describe("a clause going on to the subject's own head, temper or kin with his or her", () => {
  it('makes the subject a person', () => {
    expect(people('Kessler can only shake his head.')).toEqual([['Kessler', 'PERSON']]);
    expect(people('Vandermeer met his wife in Lisbon.')).toEqual([['Vandermeer', 'PERSON']]);
  });

  it("leaves a club or a firm acting on a person's things alone", () => {
    expect(people('Juventus extended his contract until 2025.')).toEqual([]);
    expect(people('Benfica sold his rights to a Spanish club.')).toEqual([]);
    expect(people('Ubisoft paid her well for the role.')).toEqual([]);
    expect(people('The board thanked Ostrova for his service.')).toEqual([]);
  });
});

describe('a word that can only be a name before a Roman numeral', () => {
  it("is a monarch's name and regnal number, and the name alone is that monarch", () => {
    expect(
      spans(extractEntities('', 'Ostrogar II was crowned at Ravenna. Ostrogar, unable to wait, marched north.')),
    ).toEqual([
      ['Ostrogar II', 'PERSON'],
      ['Ravenna', 'PLACE'],
      ['Ostrogar', 'PERSON'],
    ]);
    expect(people('No envoy had come since the reign of Antiochus IV.')).toEqual([['Antiochus IV', 'PERSON']]);
  });

  it('leaves sequels, launches, events and the divisions of laws alone', () => {
    expect(people('Blizzard released Diablo III in 2012, and the game sold millions.')).toEqual([]);
    expect(people('The Soviets launched Sputnik II a month later.')).toEqual([]);
    expect(people('Tickets for WrestleMania XXX sold out in minutes.')).toEqual([]);
    expect(people('The court cited Title IX in its ruling, and Article III as well.')).toEqual([]);
    expect(people('Shrek II broke records at the box office.')).toEqual([]);
    expect(people('Apollo XI landed on the Moon in 1969.')).toEqual([]);
  });
});

describe('a list given as examples of people of a kind', () => {
  it('holds people, even where none of them is typed yet', () => {
    expect(people('Some historians, such as Brannigan and Ostrowe, assert that the charge failed.')).toEqual([
      ['Brannigan', 'PERSON'],
      ['Ostrowe', 'PERSON'],
    ]);
  });

  it('leaves bands, firms and lists with a body in them alone', () => {
    expect(people('The band toured with artists such as Metallica and Slipknot.')).toEqual([]);
    expect(people('The firm hired partners such as Ostrander and Blackrock.')).toEqual([]);
    expect(people('Carmakers such as Ford and Renault cut prices.')).toEqual([]);
  });
});

describe('a two-word name whose first word stands alone later', () => {
  it('is written family name first, and the first word alone is the person', () => {
    expect(people('Zhou Kemin soon impressed the court. In 1072, Zhou was sent to survey the canal.')).toEqual([
      ['Zhou Kemin', 'PERSON'],
      ['Zhou', 'PERSON'],
    ]);
  });

  it('leaves a place opening a longer name, a street address and a people alone', () => {
    expect(people('The line runs from Punta del Este to Punta Rasa.')).toEqual([]);
    expect(people('Try the Smakkecenter on Strynø. Smakkecenter, Strynø Brovej 12 (Strynø), opens at nine.')).toEqual(
      [],
    );
    expect(people('The Jóola live near Jóola Fogny, where Jóola speakers farm rice.')).toEqual([]);
  });
});

describe("a film's or a play's cast", () => {
  it('is people: after "starring", "opposite" a casting, or "played by"', () => {
    expect(people('They released a video for the song, starring Brannigan, in which he appears.')).toEqual([
      ['Brannigan', 'PERSON'],
    ]);
    expect(people('The producer succeeded in casting his wife opposite Ostrowe in the remake.')).toEqual([
      ['Ostrowe', 'PERSON'],
    ]);
    expect(people('The role of the villain was played by Okonjo.')).toEqual([['Okonjo', 'PERSON']]);
  });

  it('leaves a name that modifies a noun, and a place opposite, alone', () => {
    expect(people('A film starring Pixar characters opened on Friday.')).toEqual([]);
    expect(people('Tickets for the show starring Broadway favourites sold out.')).toEqual([]);
    expect(people('The hotel stands opposite Harrods on the main road.')).toEqual([]);
  });
});

describe('a lone name said to be the child, descendant or pupil of someone', () => {
  it('is a person', () => {
    expect(people('Through his grandmother, Okamura was a direct descendant of a shogun.')).toEqual([
      ['Okamura', 'PERSON'],
    ]);
    expect(people('Ostrova is the daughter of a fisherman.')).toEqual([['Ostrova', 'PERSON']]);
  });

  it("leaves a firm's parent and a figurative heir alone", () => {
    expect(people('Zentrix is a subsidiary of Alphabet.')).toEqual([]);
    expect(people('Quorvane is the heir of decades of graphics research.')).toEqual([]);
  });
});

describe('a character with the actor who plays them in brackets', () => {
  it('is a person in the story, in an article about a show', () => {
    expect(people("In the show, as one of Varnholt's (Jeffrey Dean Morgan) top men, he has some freedom.")).toEqual([
      ['Varnholt', 'PERSON'],
      ['Jeffrey Dean Morgan', 'PERSON'],
    ]);
  });

  it("leaves a firm with its ticker or its chief's role in brackets alone", () => {
    expect(people('Sales at Zentrix (Nasdaq: ZTX) rose.')).toEqual([]);
    expect(people('The company Zentrix (John Smith, chief executive) said profits rose.')).toEqual([
      ['John Smith', 'PERSON'],
    ]);
  });
});

describe("a peer's title before the territorial name of the peerage", () => {
  it('is the person, not the place', () => {
    expect(spans(extractEntities('', 'Lord Halifax, the foreign secretary, visited Berlin.'))).toEqual([
      ['Halifax', 'PERSON'],
      ['Berlin', 'PLACE'],
    ]);
  });

  it('leaves a place or a ground named after a lord a place', () => {
    expect(people('They flew to Lord Howe Island for a week.')).toEqual([]);
    expect(people('The shop on Lord Street closed.')).toEqual([]);
  });
});

describe("a town's name as the subject of a person's life events", () => {
  it('is a person', () => {
    expect(spans(extractEntities('', 'Barrie enrolled at the University of Edinburgh.'))).toEqual([
      ['Barrie', 'PERSON'],
      ['University of Edinburgh', 'ORGANIZATION'],
    ]);
    expect(people('Paris himself could not stop it.')).toEqual([['Paris', 'PERSON']]);
  });

  it('leaves a town that dies or a club that retires a shirt, and a country, alone', () => {
    expect(people('Detroit died a slow death in the 1970s.')).toEqual([]);
    expect(people('Leeds retired his shirt in 2017.')).toEqual([]);
    expect(people('France married tradition and modernity.')).toEqual([]);
  });
});

describe('"Von" before a word that can only be a name', () => {
  it("is a noble surname's particle, the whole a person", () => {
    expect(people('Von Ostrelling sighted the ice shelf three days earlier.')).toEqual([['Von Ostrelling', 'PERSON']]);
  });

  it('leaves a brand named with a nationality alone', () => {
    expect(people('Von Dutch sold hats.')).toEqual([]);
  });
});

describe('a lone name that lives somewhere or acts as an office holder', () => {
  it('is a person', () => {
    expect(people('After a career peak at home, Ostrander returned to live in Lisbon in 1984.')).toEqual([
      ['Ostrander', 'PERSON'],
    ]);
    expect(people('Durandal acts as spokesman for the group.')).toEqual([['Durandal', 'PERSON']]);
  });

  it('leaves a firm acting as a sponsor or a fund manager alone', () => {
    expect(people('Zentrix served as sponsor of the event.')).toEqual([]);
    expect(people('Zentrix acts as manager of the fund.')).toEqual([]);
  });
});

describe('a rank or a ruler of history in lower case before a lone name', () => {
  it('is a role noun, the name a person', () => {
    expect(people('The knight Lyvenot was released and his squire thrown in jail.')).toEqual([['Lyvenot', 'PERSON']]);
    expect(people('The pharaoh Ahmose drove out the invaders.')).toEqual([['Ahmose', 'PERSON']]);
  });

  it('leaves a firm whose name opens with the word alone', () => {
    expect(people('The Knight Frank report said prices rose.')).toEqual([]);
  });
});

describe('figures of speech that towns and clubs share with people', () => {
  it('make no person', () => {
    expect(people('Juventus lived in the shadow of Milan for years.')).toEqual([]);
    expect(people('Norwich was born out of the wool trade.')).toEqual([]);
    expect(people('Salford married industry and art.')).toEqual([]);
  });
});
