import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// eval/gum/convert.py derives the open evaluation sets' gold names from GUM's entity annotation as the shared corpus's
// gold was derived: proper-name mentions, leading titles trimmed, no group named in the plural and no role named
// alone. A CoNLL-U document written for this test (the sentences and names are invented).

const CONVERTER = join(import.meta.dirname, '../../eval/gum/convert.py');

// ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC
const sentence = (text: string, rows: string[][]) =>
  `# newpar\n# text = ${text}\n${rows.map((r) => [r[0], r[1], r[1], r[2], r[3], r[4], r[5], r[6], '_', r[7]].join('\t')).join('\n')}\n`;

const DOC = [
  '# meta::genre = bio',
  sentence('The Sheriff met Muslims and Dana Quill.', [
    ['1', 'The', 'DET', 'DT', '_', '2', 'det', 'Entity=(1-person-new'],
    ['2', 'Sheriff', 'PROPN', 'NNP', 'Number=Sing', '3', 'nsubj', 'Entity=1)'],
    ['3', 'met', 'VERB', 'VBD', '_', '0', 'root', '_'],
    ['4', 'Muslims', 'PROPN', 'NNPS', 'Number=Plur', '3', 'obj', 'Entity=(2-person-new)'],
    ['5', 'and', 'CCONJ', 'CC', '_', '6', 'cc', '_'],
    ['6', 'Dana', 'PROPN', 'NNP', 'Number=Sing', '4', 'conj', 'Entity=(3-person-new'],
    ['7', 'Quill', 'PROPN', 'NNP', 'Number=Sing', '6', 'flat', 'Entity=3)|SpaceAfter=No'],
    ['8', '.', 'PUNCT', '.', '_', '3', 'punct', '_'],
  ]),
  sentence('President Ada Crane thanked Your Honor and the Belgians.', [
    ['1', 'President', 'PROPN', 'NNP', 'Number=Sing', '2', 'compound', 'Entity=(4-person-new'],
    ['2', 'Ada', 'PROPN', 'NNP', 'Number=Sing', '4', 'nsubj', '_'],
    ['3', 'Crane', 'PROPN', 'NNP', 'Number=Sing', '2', 'flat', 'Entity=4)'],
    ['4', 'thanked', 'VERB', 'VBD', '_', '0', 'root', '_'],
    ['5', 'Your', 'PRON', 'PRP$', '_', '6', 'nmod:poss', 'Entity=(5-person-new'],
    ['6', 'Honor', 'PROPN', 'NNP', 'Number=Sing', '4', 'obj', 'Entity=5)'],
    ['7', 'and', 'CCONJ', 'CC', '_', '9', 'cc', '_'],
    ['8', 'the', 'DET', 'DT', '_', '9', 'det', 'Entity=(6-organization-new'],
    ['9', 'Belgians', 'PROPN', 'NNPS', 'Number=Plur', '6', 'conj', 'Entity=6)|SpaceAfter=No'],
    ['10', '.', 'PUNCT', '.', '_', '4', 'punct', '_'],
  ]),
].join('');

const dir = mkdtempSync(join(tmpdir(), 'gum-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the GUM converter', () => {
  it('keeps names, trims titles, and leaves out plural groups of people and roles named alone', () => {
    writeFileSync(join(dir, 'GUM_bio_test.conllu'), DOC);
    execFileSync('python3', [CONVERTER, dir, join(dir, 'out'), 'GUM_bio_test']);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'docs.ndjson'), 'utf8'));
    const text: string = doc.body;
    const names = doc.entities.map((e: { text: string; type: string; start: number; end: number }) => [
      e.text,
      e.type,
      text.slice(e.start, e.end),
    ]);
    expect(names).toEqual([
      ['Dana Quill', 'PERSON', 'Dana Quill'],
      ['Ada Crane', 'PERSON', 'Ada Crane'],
      // a team named in the plural is still the body's name (the shared corpus: "the Belgians" took the lead)
      ['Belgians', 'ORG', 'Belgians'],
    ]);
  });
});
