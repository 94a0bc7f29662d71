"""Convert GUM (https://github.com/amir-zeldes/gum) CoNLL-U files into Broadsheet's eval format.

Entities: proper-name mentions of GUM's person / place / organization entities, as the shared corpus was
derived: the span is the run of proper nouns (PROPN) around the mention's head, joined across name
connectors ("of the", "and", "de"), stopping at a nested mention and with leading role titles trimmed
("President Donald Trump" -> "Donald Trump"). A mention whose head is not a proper noun ("the Afghan
team") is not a name and is left out. Spans inside another kept span are marked `nested`.

Summaries: GUM's human-written summaries (`meta::summaryN = (humanN) ...`); machine-written ones are skipped.

usage: python3 convert.py GUM_DEP_DIR OUT_DIR DOC_ID...   (writes OUT_DIR/docs.ndjson: id, genre, title, body,
  summary, summaries, url, entities with offsets into title + blank line + body)
"""
import json, re, sys, os

TYPES = {'person': 'PERSON', 'organization': 'ORG', 'place': 'PLACE'}
CONNECT = {'-', 'of', 'the', 'and', '&', 'for', 'de', 'du', 'des', 'von', 'van', 'der', 'la', 'le', 'al', 'bin', 'da', 'di', 'y'}
TITLES = {'president', 'minister', 'prime', 'secretary', 'ambassador', 'dr.', 'dr', 'mr.', 'mr', 'mrs.', 'mrs', 'ms.', 'ms',
          'senator', 'sen.', 'governor', 'gov.', 'king', 'queen', 'prince', 'princess', 'general', 'gen.', 'captain', 'capt.',
          'judge', 'justice', 'mayor', 'chancellor', 'pope', 'saint', 'st.', 'sir', 'lady', 'lord', 'professor', 'prof.', 'rev.',
          'reverend', 'bishop', 'archbishop', 'emperor', 'empress', 'chief', 'officer', 'director', 'ceo', 'chairman', 'foreign',
          'deputy', 'vice', 'representative', 'rep.', 'congressman', 'congresswoman', 'commissioner', 'colonel', 'col.', 'lieutenant',
          'lt.', 'sergeant', 'sgt.', 'admiral', 'commander', 'duke', 'duchess', 'count', 'countess', 'baron', 'earl', 'father', 'sister',
          'brother', 'uncle', 'aunt', 'coach', 'head', 'state', 'attorney', 'defense', 'defence', 'interior', 'finance',
          'tsar', 'tsarina', 'tsarevich', 'tsarevna', 'czar', 'czarina', 'kaiser', 'administrator', 'emeritus', 'dame',
          'cardinal', 'rabbi', 'imam', 'sheikh', 'envoy', 'inspector', 'detective', 'constable', 'superintendent'}
# heads of a role named alone that are not also titles before a name ("the Sheriff", "the MP", "the Solicitor")
# and forms of address ("Your Honor", "my Lord")
ROLE_HEADS = {'sheriff', 'mp', 'chairwoman', 'chairperson', 'spokesman', 'spokeswoman', 'spokesperson', 'solicitor',
              'regent', 'emir', 'sultan', 'premier', 'speaker', 'treasurer', 'councillor', 'councilor', 'counsel',
              'honor', 'honour', 'majesty', 'highness', 'excellency', 'lordship', 'ladyship', 'eminence', 'holiness'}


def parse(path):
    doc = {'meta': {}, 'sents': []}
    cur = None
    newpar = False
    for line in open(path, encoding='utf8'):
        line = line.rstrip('\n')
        if line.startswith('# meta::'):
            k, _, v = line[8:].partition(' = ')
            doc['meta'][k] = v
        elif line.startswith('# newpar_block'):
            newpar_kind = line.split('= ')[1].split(' ')[0]
            if cur is None or cur.get('tokens'):
                pass
            doc.setdefault('_pending', newpar_kind)
            doc['_pending'] = newpar_kind
        elif line.startswith('# newpar'):
            newpar = True
        elif line.startswith('# text = '):
            cur = {'text': line[9:], 'tokens': [], 'newpar': newpar, 'block': doc.get('_pending', 'p')}
            newpar = False
            doc['sents'].append(cur)
        elif line and not line.startswith('#'):
            cols = line.split('\t')
            if '-' in cols[0] or '.' in cols[0]:
                continue
            misc = dict(kv.split('=', 1) for kv in cols[9].split('|') if '=' in kv)
            cur['tokens'].append({'id': int(cols[0]), 'form': cols[1], 'upos': cols[3], 'xpos': cols[4], 'head': int(cols[6]),
                                  'entity': misc.get('Entity', '')})
    return doc


def mentions_of(sents):
    """(sentence index, [token indices], type) for every entity mention, across the document."""
    out = []
    stack = {}
    for si, s in enumerate(sents):
        for ti, t in enumerate(s['tokens']):
            ent = t['entity']
            i = 0
            while i < len(ent):
                if ent[i] == '(':
                    j = i + 1
                    while j < len(ent) and ent[j] not in '()':
                        j += 1
                    eid, etype = ent[i + 1:j].split('-')[:2]
                    if j < len(ent) and ent[j] == ')':
                        out.append((si, [ti], etype))
                        j += 1
                    else:
                        stack.setdefault(eid, []).append((si, ti, etype))
                    i = j
                elif ent[i].isdigit():
                    j = i
                    while ent[j].isdigit():
                        j += 1
                    eid = ent[i:j]
                    if stack.get(eid):
                        ssi, sti, etype = stack[eid].pop()
                        if ssi == si:
                            out.append((si, list(range(sti, ti + 1)), etype))
                    i = j + 1
                else:
                    i += 1
    return out


def name_span(tokens, idx, others, person):
    inside = set(idx)
    head = [i for i in idx if tokens[i]['head'] == 0 or (tokens[i]['head'] - 1) not in inside]
    if not head:
        return None
    h = head[0]
    if tokens[h]['xpos'] not in ('NNP', 'NNPS'):
        return None
    # as the shared corpus was derived: a group of people named in the plural ("Muslims", "Texans", "the Sams") and a
    # role named alone ("the President", "the Sheriff", "Secretary of State", "Home Secretary") are no person's name
    if person and (tokens[h]['xpos'] == 'NNPS' or tokens[h]['form'].lower() in TITLES | ROLE_HEADS):
        return None
    blocked = set()
    for o in others:
        # a person's name stops at a nested name before it ("Ambassador to the United States Hamdullah Mohib");
        # organisations and places keep theirs ("University of North Carolina")
        if person and h not in o and set(o) < inside:
            blocked |= set(o)
    lo = hi = h
    def ok(i, step):
        if i not in inside or i in blocked:
            return 0
        if tokens[i]['xpos'] in ('NNP', 'NNPS'):
            return 1
        j = i
        while j in inside and j not in blocked and tokens[j]['form'].lower() in CONNECT:
            j += step
        return (abs(j - i) + 1) if j in inside and j not in blocked and tokens[j]['xpos'] in ('NNP', 'NNPS') and j != i else 0
    while True:
        n = ok(lo - 1, -1)
        if not n: break
        lo -= n
    while True:
        n = ok(hi + 1, 1)
        if not n: break
        hi += n
    while lo < h and tokens[lo]['form'].lower() in TITLES:
        lo += 1
    return lo, hi


def convert(path):
    doc = parse(path)
    sents = doc['sents']
    # paragraphs: a new paragraph at each `# newpar`; the first heading block is the title
    paras = []
    for si, s in enumerate(sents):
        if s['newpar'] or not paras:
            paras.append([])
        paras[-1].append(si)
    title_sents = paras[0] if sents and sents[paras[0][0]]['block'] == 'head' else []
    body_paras = paras[1:] if title_sents else paras
    # character offsets of each token
    text = ''
    offs = {}
    def add_sentence(si, sep):
        nonlocal text
        text += sep
        base = len(text)
        s = sents[si]
        text += s['text']
        pos = 0
        for ti, t in enumerate(s['tokens']):
            k = s['text'].find(t['form'], pos)
            if k < 0:
                k = pos
            offs[(si, ti)] = (base + k, base + k + len(t['form']))
            pos = k + len(t['form'])
    title = ' '.join(sents[i]['text'] for i in title_sents)
    for n, si in enumerate(title_sents):
        add_sentence(si, '' if n == 0 else ' ')
    title_len = len(text)
    body_start = None
    for p in body_paras:
        for n, si in enumerate(p):
            add_sentence(si, ('\n\n' if text else '') if n == 0 else ' ')
            if body_start is None:
                body_start = len(text) - len(sents[si]['text'])
    ments = mentions_of(sents)
    by_sent = {}
    for si, idx, et in ments:
        by_sent.setdefault(si, []).append(idx)
    ents = []
    for si, idx, et in ments:
        if et not in TYPES:
            continue
        sp = name_span(sents[si]['tokens'], idx, by_sent.get(si, []), et == 'person')
        if not sp:
            continue
        a = offs[(si, sp[0])][0]
        b = offs[(si, sp[1])][1]
        ents.append({'text': text[a:b], 'type': TYPES[et], 'start': a, 'end': b})
    # dedupe identical spans, mark nested
    uniq = {}
    for e in ents:
        uniq.setdefault((e['start'], e['end']), e)
    ents = sorted(uniq.values(), key=lambda e: (e['start'], -e['end']))
    for e in ents:
        if any(o is not e and o['start'] <= e['start'] and e['end'] <= o['end'] for o in ents):
            e['nested'] = True
    if not title:
        # no heading: the text has no title part, the eval reads it as body only
        pass
    summaries = [re.sub(r'^\(human\d*\)\s*', '', v) for k, v in sorted(doc['meta'].items()) if k.startswith('summary') and v.startswith('(human')]
    body = text[title_len + 2:] if title else text
    full = (title + '\n\n' + body) if title else text
    return {'id': os.path.basename(path)[:-7], 'genre': doc['meta'].get('genre', ''), 'text': full, 'entities': ents}, \
        {'id': os.path.basename(path)[:-7], 'title': title, 'body': body, 'summary': summaries[0] if summaries else '', 'summaries': summaries,
         'url': doc['meta'].get('sourceURL', '')}


if __name__ == '__main__':
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'docs.ndjson'), 'w') as f:
        for d in sys.argv[3:]:
            e, a = convert(os.path.join(src, d + '.conllu'))
            assert e['text'] == (a['title'] + '\n\n' + a['body'] if a['title'] else a['body'])
            a['genre'] = e['genre']
            a['entities'] = [{k: v for k, v in x.items() if k != 'text'} | {'text': x['text']} for x in e['entities']]
            f.write(json.dumps(a, ensure_ascii=False) + '\n')
