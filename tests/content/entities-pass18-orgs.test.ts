import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/text/entities.js';

function kinds(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of extractEntities('', body)) for (const m of e.mentions) out[body.slice(m.start, m.end)] = e.kind;
  return out;
}

describe('pass 18: bodies named by an acronym with evidence in the sentence', () => {
  it('a body noun before the capitals makes them a body', () => {
    expect(kinds('The scheme was approved by the Danish spy agency KDVX last year.')).toMatchObject({
      KDVX: 'ORGANIZATION',
    });
    expect(kinds('Protests were led by the ruling party PQRN on Sunday.')).toMatchObject({ PQRN: 'ORGANIZATION' });
  });
  it("a body's nominee, followers or headquarters after the capitals make them a body", () => {
    expect(kinds('Critics said the ZNP nominee had changed his mind.')).toMatchObject({ ZNP: 'ORGANIZATION' });
    expect(kinds('Hundreds of KLDF followers gathered in the square.')).toMatchObject({ KLDF: 'ORGANIZATION' });
    expect(kinds('The VTRC headquarters were raided on Monday.')).toMatchObject({ VTRC: 'ORGANIZATION' });
  });
  it('who is told, or whose account is followed, in capitals that end the phrase, is a body', () => {
    expect(kinds('The pilot told QUELLMARK that he had seen the flash.')).toMatchObject({ QUELLMARK: 'ORGANIZATION' });
    expect(kinds('According to the VSTB, the runway was closed.')).toMatchObject({ VSTB: 'ORGANIZATION' });
  });
  it('leaves capitals of a degree, a cause, a role, a state or a measure alone', () => {
    const k = kinds('The LGBT supporters and the MBA candidates marched, and she told MPs that NY officials agreed.');
    expect(k.LGBT).toBeUndefined();
    expect(k.MBA).toBeUndefined();
    expect(k.MPs).toBeUndefined();
    expect(k.NY).not.toBe('ORGANIZATION');
    expect(kinds('A KO punch ended it, and the GDP figures rose according to ONS data.').KO).toBeUndefined();
    expect(kinds('The blood group AB is rare.').AB).toBeUndefined();
    expect(kinds('The website CSS was broken for a day.').CSS).toBeUndefined();
    expect(kinds('HARWELL: I told KESSLER that it was fine.\nKESSLER: He did.').KESSLER).not.toBe('ORGANIZATION');
    const topics = kinds(
      'The COVID hearings ended, SARS investigators left and the ESG executives and STEM leaders met.',
    );
    for (const w of ['COVID', 'SARS', 'ESG', 'STEM']) expect(topics[w]).toBeUndefined();
  });
});

describe('pass 18: news outlets named after an outlet noun or as a source', () => {
  it('a name opened by a foreign article that is told something, or whose account is followed, is an outlet', () => {
    expect(kinds('The minister told Le Quotidien that the plan was dead.')).toMatchObject({
      'Le Quotidien': 'ORGANIZATION',
    });
    expect(kinds('According to El Pregonero, the talks stalled.')).toMatchObject({ 'El Pregonero': 'ORGANIZATION' });
    expect(kinds('The coach told Die Tagespost on Sunday.')).toMatchObject({ 'Die Tagespost': 'ORGANIZATION' });
  });
  it("a country's title with its article in lower case is an outlet, the article in its name", () => {
    expect(kinds('Its publisher, Ugo Ferrante of Italy’s la Gazzettina, agreed.')).toMatchObject({
      'la Gazzettina': 'ORGANIZATION',
    });
    expect(kinds('France’s Le Quellec spoke on Monday.')['Le Quellec']).not.toBe('ORGANIZATION');
  });
  it('a name of two words after an outlet noun, in quotation marks or not, is the outlet', () => {
    expect(kinds('The newspaper "Die ZEITUNG" first asked the firm.')).toMatchObject({ 'Die ZEITUNG': 'ORGANIZATION' });
    expect(kinds('He told the magazine Der Kessler that he was innocent.')).toMatchObject({
      'Der Kessler': 'ORGANIZATION',
    });
    expect(kinds('The newspapers Kessby Post and Varn Herald merged.')).toMatchObject({
      'Kessby Post': 'ORGANIZATION',
      'Varn Herald': 'ORGANIZATION',
    });
  });
  it('leaves people after "told", and a person the outlet noun only precedes', () => {
    expect(kinds('According to Le Pen, the plan failed.')['Le Pen']).not.toBe('ORGANIZATION');
    expect(
      kinds('Finance minister Bruno Le Quellec spoke on Monday. According to Le Quellec, the deficit will fall.')[
        'Le Quellec'
      ],
    ).not.toBe('ORGANIZATION');
    expect(kinds('He sold the newspaper John Smith had founded.')).toMatchObject({ 'John Smith': 'PERSON' });
    expect(kinds('He met the broadcaster Gyles Quellwood at lunch.')['Gyles Quellwood']).not.toBe('ORGANIZATION');
    expect(kinds('They held the weekly Game Night at the pub.')['Game Night']).not.toBe('ORGANIZATION');
    expect(kinds('Officials told Anna Kessler that she had won.')).toMatchObject({ 'Anna Kessler': 'PERSON' });
  });
});

describe("pass 18: a firm's customers, subscribers, cardholders and tariffs", () => {
  it('a name with customers, subscribers or cardholders after it is a firm', () => {
    expect(kinds('"It is fast," reported QuellTel unlimited data customer Ana Ruiz on Monday.')).toMatchObject({
      QuellTel: 'ORGANIZATION',
      'Ana Ruiz': 'PERSON',
    });
    expect(kinds('The offer also applies to Varnco cardholders who borrow.')).toMatchObject({ Varnco: 'ORGANIZATION' });
  });
  it('leaves a verb before the customers, a capital at a sentence start and English tiers alone', () => {
    expect(kinds('Business customers will pay more.').Business).toBeUndefined();
    expect(kinds('Kessler served customers all day.').Kessler).not.toBe('ORGANIZATION');
    expect(kinds('Gold cardholders get a discount.').Gold).toBeUndefined();
    expect(kinds('Markets fell after Kessler’s tariffs on steel took effect.').Kessler).not.toBe('ORGANIZATION');
    expect(kinds('Later Tarrowby’s subscribers on the site grew.').Tarrowby).not.toBe('ORGANIZATION');
    expect(kinds('The baker Kowalczyk greeted his customers.')).toMatchObject({ Kowalczyk: 'PERSON' });
  });
});

describe('pass 18: a name the sentence calls a firm by its class noun', () => {
  it('"has become the fourth American company to", "is a Danish carmaker that" make the name a firm', () => {
    expect(
      kinds('It grew fast. Quellmark has become the fourth American company to be worth that much.'),
    ).toMatchObject({ Quellmark: 'ORGANIZATION' });
    expect(kinds('Analysts agree that Varnco is a Danish carmaker that sells vans.')).toMatchObject({
      Varnco: 'ORGANIZATION',
    });
  });
  it('leaves a compound that opens with the noun, a possessive, and a trade of a person', () => {
    expect(kinds('Tom Harwell was the bank manager.')).toMatchObject({ 'Tom Harwell': 'PERSON' });
    expect(kinds('Jane Kessler was a charity worker in Leeds.')).toMatchObject({ 'Jane Kessler': 'PERSON' });
    expect(kinds('Harwell is the newspaper’s editor.').Harwell).not.toBe('ORGANIZATION');
    expect(kinds('Ana Ruiz was a furniture manufacturer in Leeds.')).toMatchObject({ 'Ana Ruiz': 'PERSON' });
  });
});

describe('pass 18: a party named by its members in the plural', () => {
  it('"the Liberal Democrats", "the National Socialists" are parties', () => {
    expect(kinds('The Liberal Democrats, who held the seat, lost it.')).toMatchObject({
      'Liberal Democrats': 'ORGANIZATION',
    });
    expect(kinds('After the rise of the National Socialists in 1933 the club closed.')).toMatchObject({
      'National Socialists': 'ORGANIZATION',
    });
  });
  it("leaves a legislature's, a nation's and a region's members alone", () => {
    expect(kinds('The bill passed after the Senate Republicans voted.')['Senate Republicans']).toBeUndefined();
    expect(kinds('In 1860 the Southern Democrats walked out.')['Southern Democrats']).toBeUndefined();
    expect(kinds('The American Socialists met in Chicago.')['American Socialists']).toBeUndefined();
    expect(kinds('He courted the Harwell Democrats in Ohio.')['Harwell Democrats']).not.toBe('ORGANIZATION');
  });
});

describe('pass 18: a band named after the noun "band"', () => {
  it('a name after "band" is the band, of one word or more', () => {
    expect(kinds('In 2012 the Icelandic band Tarrow Kin released a video.')).toMatchObject({
      'Tarrow Kin': 'ORGANIZATION',
    });
    expect(kinds('Later the band Quellwyn split up.')).toMatchObject({ Quellwyn: 'ORGANIZATION' });
  });
  it("leaves a radio band's instrument and a person the band's relative clause names", () => {
    expect(kinds('The airborne L-band Sensor (PALS) flew twice.').Sensor).toBeUndefined();
    expect(kinds('He joined the band John Lennon had formed.')).toMatchObject({ 'John Lennon': 'PERSON' });
  });
});

describe("pass 18: more heads of newspapers' names", () => {
  it('Courier, Inquirer, Dispatch and Telegraph close a newspaper’s name, over a given name’s shape', () => {
    expect(kinds('The Kessby Courier reported it first.')).toMatchObject({ 'Kessby Courier': 'ORGANIZATION' });
    expect(kinds('Louis Post Dispatch called it his best role.')).toMatchObject({
      'Louis Post Dispatch': 'ORGANIZATION',
    });
  });
  it('a place head after them still makes a place, and a chronicle stays a book', () => {
    expect(kinds('He walked up Telegraph Hill at dawn.')).toMatchObject({ 'Telegraph Hill': 'PLACE' });
    expect(kinds('Jerome is shown in the Quellburg Chronicle, a book of 1493.')['Quellburg Chronicle']).not.toBe(
      'ORGANIZATION',
    );
  });
});

describe('pass 18: who a player or an artist signs a contract or a deal with', () => {
  it('a name after "signed a contract with", "signed a two-year deal with" is a body', () => {
    expect(kinds('After two wins he signed a contract with Team Quellmark and moved to Bonn.')).toMatchObject({
      'Team Quellmark': 'ORGANIZATION',
    });
    expect(kinds('He signed a two-year deal with Vantorel Rovers in May.')).toMatchObject({
      'Vantorel Rovers': 'ORGANIZATION',
    });
  });
  it('a person signed with stays a person, and a lone word is not read', () => {
    expect(kinds('She signed a contract with Tom Harwell, her agent.')).toMatchObject({ 'Tom Harwell': 'PERSON' });
    expect(kinds('He signed a contract with Kessler.').Kessler).not.toBe('ORGANIZATION');
  });
});

describe('pass 18: an English word before a closing "International" at a sentence start', () => {
  it('"Amnesty International cites" keeps its first word', () => {
    expect(kinds('Few doctors remain. Clemency International cites reports from 2008.')).toMatchObject({
      'Clemency International': 'ORGANIZATION',
    });
  });
  it('an adjective before its noun is no name', () => {
    expect(kinds('Overall International sales rose in May.')['Overall International']).toBeUndefined();
  });
});

describe('pass 18: presidents’ governments in the plural', () => {
  it('"Administrations" closes a body’s name as "Administration" does', () => {
    expect(kinds('Growth was high under the Carter and Reagan Administrations.')).toMatchObject({
      'Carter and Reagan Administrations': 'ORGANIZATION',
    });
    expect(kinds('The two Kessler Administrations were brief.')).toMatchObject({
      'Kessler Administrations': 'ORGANIZATION',
    });
  });
});
