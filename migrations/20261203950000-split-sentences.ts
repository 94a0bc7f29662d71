import { type Kysely, sql } from 'kysely';

// split_sentences(text): src/text/sentences.ts splitSentences in PL/pgSQL, step for step, so that
// the read model declares Summary.sentences in SQL (tests/sentences-sql.test.ts compares the two on
// awkward texts). JavaScript's Unicode classes (\p{Lu}, \p{L}, \p{N}) and `\s` are written out as
// bracket expressions of code point ranges, computed here from the same regular expressions, so
// that no database locale or collation changes what they match. Positions count characters where
// JavaScript counts UTF-16 code units: the same for every character outside the astral planes.

/** A bracket expression (without the brackets) of the code points `pattern` matches. */
function ranges(pattern: RegExp): string {
  const parts: string[] = [];
  const hex = (c: number) => (c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`);
  let from = -1;
  for (let c = 0; c <= 0x110000; c += 1) {
    const hit = c < 0x110000 && (c < 0xd800 || c > 0xdfff) && pattern.test(String.fromCodePoint(c));
    if (hit && from < 0) from = c;
    if (!hit && from >= 0) {
      parts.push(from === c - 1 ? hex(from) : `${hex(from)}-${hex(c - 1)}`);
      from = -1;
    }
  }
  return parts.join('');
}

const PREFIX = `'mr','mrs','ms','mx','dr','prof','gov','sen','rep','gen','col','capt','lt','sgt','cpl','adm','cmdr','maj','rev','fr','hon','pres','supt','insp','det','st','mt','ft','no','nos','vol','fig','figs','pp','p','art','sec','ch','vs','v','cf','approx','ca','e.g','i.e','viz','jan','feb','mar','apr','jun','jul','aug','sep','sept','oct','nov','dec'`;
const SUFFIX = `'inc','corp','co','ltd','plc','llc','jr','sr','etc','bros','dept','univ','assn','ave','blvd','rd','a.m','p.m','al'`;
const OPENERS = `'the','a','an','he','she','it','they','we','i','you','this','that','these','those','there','in','on','at','for','but','and','however','after','before','when','while','his','her','its','their','our','as','according','since','if','some','many','most','one','two','during','although','meanwhile','also','other','another','what','who','why','how','all','by','from'`;

export async function up(db: Kysely<any>): Promise<void> {
  const upper = ranges(/\p{Lu}/u);
  const letter = ranges(/\p{L}/u);
  const word = ranges(/[\p{L}\p{N}]/u);
  const space = ranges(/\s/);
  await sql
    .raw(
      `create function split_sentences(t text) returns text[] language plpgsql immutable strict parallel safe as $fn$
declare
  n int := char_length(t);
  result text[] := '{}';
  start int := 1;
  i int := 1;
  k int;
  e int;
  j int;
  a int;
  ch text;
  terminal text;
  ends boolean;
  before text;
  next_word text;
  opener boolean;
  piece text;
begin
  while i <= n loop
    ch := substr(t, i, 1);
    if ch = E'\\n' and substr(t, i, 40) ~ '^\\n[ \\t]*\\n' then
      piece := regexp_replace(substr(t, start, i - start), '^[${space}]+|[${space}]+$', '', 'g');
      if piece <> '' then result := result || piece; end if;
      while i <= n and substr(t, i, 1) ~ '^[${space}]$' loop i := i + 1; end loop;
      start := i;
      continue;
    end if;
    if ch in ('.', '!', '?', '…') then
      k := i;
      while k + 1 <= n and substr(t, k + 1, 1) in ('.', '!', '?', '…') loop k := k + 1; end loop;
      e := k + 1;
      while e <= n and substr(t, e, 1) in ('"', '''', '”', '’', ')', ']', '»') loop e := e + 1; end loop;
      exit when e > n;
      if substr(t, e, 1) !~ '^[${space}]$' then
        i := e;
        continue;
      end if;
      j := e;
      while j <= n and substr(t, j, 1) ~ '^[${space}]$' loop j := j + 1; end loop;
      terminal := substr(t, i, k - i + 1);
      if terminal = '.' then
        a := i;
        while a > 1 and substr(t, a - 1, 1) !~ '^[${space}]$' and substr(t, a - 1, 1) not in ('"', '''', '“', '‘', '(', '[') loop
          a := a - 1;
        end loop;
        before := substr(t, a, i - a);
        next_word := coalesce(substring(substr(t, j, 40) from '^["''“‘(\\[]*([${word}]+)'), '');
        opener := next_word ~ '^[${upper}]' and lower(next_word) in (${OPENERS});
        ends := case
          when before = '' then true
          when before like '%..' then next_word ~ '^[${upper}]'
          when before ~ '^[${upper}]$' then false
          when before ~ '^(?:[${letter}]\\.)+[${letter}]$' then lower(before) not in (${PREFIX}) and opener
          when lower(before) in (${PREFIX}) then false
          when lower(before) in (${SUFFIX}) then opener
          else true
        end;
      else
        ends := strpos(terminal, '!') > 0 or strpos(terminal, '?') > 0
          or case when char_length(terminal) > 1 or terminal = '…' then substr(t, j, 3) ~ '^["''“‘(\\[]*[${upper}]' else true end;
      end if;
      if ends then
        piece := regexp_replace(substr(t, start, e - start), '^[${space}]+|[${space}]+$', '', 'g');
        if piece <> '' then result := result || piece; end if;
        start := j;
      end if;
      i := j;
      continue;
    end if;
    i := i + 1;
  end loop;
  piece := regexp_replace(substr(t, start), '^[${space}]+|[${space}]+$', '', 'g');
  if piece <> '' then result := result || piece; end if;
  return result;
end
$fn$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function split_sentences(text)`.execute(db);
}
