"""Convert Universal NER's English PUD file (https://github.com/UniversalNER/UNER_English-PUD, CC BY-SA 3.0) into
Broadsheet's eval format.

Each `# newdoc id` starts a document (two to five sentences of news or Wikipedia text, from UD's Parallel Universal
Dependencies); the body is the documents' `# text` lines joined by a space. PER / ORG / LOC spans become PERSON / ORG
/ PLACE with UTF-16 offsets into the body (the title is empty). Tokens are found in order in the sentence's text.

usage: python3 convert.py IOB2_FILE OUT_DIR (held-out|tune|all) [ID_PREFIX]   (every third document, sorted by id, is
held out; `all` keeps every document, for a file that is a split of its own, as English EWT's dev and test are)
"""
import json, os, sys

TYPES = {'PER': 'PERSON', 'ORG': 'ORG', 'LOC': 'PLACE'}


def utf16(s):
    return len(s.encode('utf-16-le')) // 2


def parse(path):
    docs, doc, text, toks = [], None, None, []

    def flush():
        nonlocal text, toks
        if text is not None:
            doc['sents'].append((text, toks))
        text, toks = None, []

    for line in open(path, encoding='utf8'):
        line = line.rstrip('\n')
        if line.startswith('# newdoc id = '):
            flush()
            doc = {'id': line.split('= ', 1)[1].strip(), 'sents': []}
            docs.append(doc)
        elif line.startswith('# text = '):
            flush()
            text = line.split('= ', 1)[1]
        elif line and not line.startswith('#'):
            cols = line.split('\t')
            toks.append((cols[1], cols[2]))
    flush()
    return docs


def convert(doc, prefix='UNER_pud'):
    body, ents = '', []
    for text, toks in doc['sents']:
        base = len(body) + (1 if body else 0)
        body = f'{body} {text}' if body else text
        pos, cur = 0, None
        for form, tag in toks:
            at = text.find(form, pos)
            if at < 0 or at - pos > 3:
                continue  # a word whose form is not the surface text (rare): skip it
            start, end = base + at, base + at + len(form)
            pos = at + len(form)
            kind = tag[2:] if tag != 'O' else None
            if tag.startswith('B-') or (tag.startswith('I-') and (cur is None or cur['kind'] != kind)):
                cur = {'kind': kind, 'start': start, 'end': end}
                if kind in TYPES:
                    ents.append(cur)
            elif tag.startswith('I-'):
                cur['end'] = end
            else:
                cur = None
    entities = [{'type': TYPES[e['kind']], 'start': utf16(body[:e['start']]), 'end': utf16(body[:e['end']]),
                 'text': body[e['start']:e['end']]} for e in ents if e['kind'] in TYPES]
    return {'id': f"{prefix}_{doc['id']}", 'genre': prefix.split('_')[-1], 'title': '', 'body': body, 'summary': '', 'summaries': [],
            'url': '', 'entities': entities}


def main():
    src, out, part = sys.argv[1:4]
    prefix = sys.argv[4] if len(sys.argv) > 4 else 'UNER_pud'
    docs = sorted(parse(src), key=lambda d: d['id'])
    keep = docs if part == 'all' else [d for i, d in enumerate(docs) if ((i + 1) % 3 == 0) == (part == 'held-out')]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'docs.ndjson'), 'w', encoding='utf8') as f:
        for d in keep:
            f.write(json.dumps(convert(d, prefix), ensure_ascii=False) + '\n')
    print(f'{part}: {len(keep)} documents')


if __name__ == '__main__':
    main()
