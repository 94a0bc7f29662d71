import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isAbstractType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { searchArticlesSql, searchCursorKind, searchTextProblem } from '../db/queries/article-search.js';
import { type Visibility, visibleMentionSql, visibleSql } from '../db/queries/articles.js';
import { entityIdBySlugSql, publicAliasesSql, publicEntitySql, publicNameSql } from '../db/queries/entities.js';
import { DEFAULT_SEARCH_RANK_WINDOW } from '../config.js';
import { parseGlobalId } from '../schema/ids.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schema/pagination.js';

/**
 * Compiles a read-only operation into ONE SQL statement that returns the response's `data` as
 * JSON text, built by PostgreSQL in the exact shape (keys in selection order, aliases, scalars
 * serialised as the schema serialises them) that executing the operation would produce. This is
 * what join-monster, PostGraphile 4 and Hasura do for whole queries: the server's work per request
 * shrinks to looking up the plan, coercing the variables and passing the database's text through.
 *
 * Only what can be reproduced exactly is compiled; anything else (a field this file does not
 * know, a directive, an argument value that would be an error, a summary that has to be
 * generated) makes the operation or the single request take the ordinary executor, which is
 * always correct. tests/compiled.test.ts runs both paths on the same operations and compares.
 */

const usesVariables = (value: ValueNode): boolean =>
  value.kind === Kind.VARIABLE ||
  (value.kind === Kind.LIST && value.values.some(usesVariables)) ||
  (value.kind === Kind.OBJECT && value.fields.some((field) => usesVariables(field.value)));

/**
 * A constant parameter as SQL text: null, an integer or a word (enum names, plain slugs); undefined
 * for anything else, and for a value the request would refuse, which then stays a parameter and
 * is refused on each request as before.
 */
function constantLiteral(read: ArgumentReader, cast: string): string | undefined {
  let value: unknown;
  try {
    value = read({});
  } catch (error) {
    if (error instanceof NotThisRequest) return undefined;
    throw error;
  }
  if (value === null) return `null::${cast}`;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return `${value}::${cast}`;
  if (typeof value === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(value)) return `'${value}'::${cast}`;
  return undefined;
}

/** Thrown while compiling: the operation takes the executor, always. */
class Unsupported extends Error {}

/** Thrown while reading a request's parameters: this one request takes the executor. */
export class NotThisRequest extends Error {}

export interface CompiledOperation {
  /** The operation compiled (its variable definitions coerce each request's variables). */
  operation: OperationDefinitionNode;
  /** Returns one row with `data` (JSON text of the response's data). */
  text: string;
  /** The statement's parameters for one request's coerced variables; throws NotThisRequest. */
  parameters(variables: Record<string, unknown>): unknown[];
}

/**
 * Set in the JSON where the executor has to answer: a summary that would have to be generated
 * (the executor generates and caches it, so the next request compiles), or a value whose text
 * this statement does not write as the executor would. A body that happened to contain this text
 * would only send its requests down the slower path, never change an answer.
 */
export const HANDOVER_MARKER = 'broadsheet:executor-answers:5f0c9a';
/** The marker as a JSON value (it needs no escaping). */
const HANDOVER = `'"${HANDOVER_MARKER}"'`;

// DateTime serialises with toISOString(): always UTC with milliseconds. The pg driver and V8 both
// truncate microseconds to milliseconds, as to_char's MS does. Only for years 1 to 9999: there
// toISOString writes four digits and YYYY the same ones; it writes other years with a sign and
// six digits ("+010000", and "0000" or "-000001" for the years BC that YYYY writes "0001",
// "0002"), and the executor cannot even read BC timestamps that come through JSON.
const ISO_YEARS = (column: string) => `(${column} >= '0001-01-01T00:00:00Z' and ${column} < '10000-01-01T00:00:00Z')`;
const ISO_TEXT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A DateTime as JSON text: null, the ISO string, or the marker for a year ISO_TEXT cannot write. */
const ISO = (column: string) =>
  `case when ${column} is null then 'null' when ${ISO_YEARS(column)} then to_json(${ISO_TEXT(column)})::text else ${HANDOVER} end`;
// Relay global ids: base64 of "Type:id" (@pothos/plugin-relay's encodeGlobalID).
const GLOBAL_ID = (type: string, column: string) => `encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64')`;
// Float: the executor writes JSON.stringify(parseFloat(text PostgreSQL sent)), the same shortest
// digits, but PostgreSQL writes values under 1e-4 in exponent form ("1.5e-05", "1e-07") where
// JavaScript writes "0.000015" and "1e-7", and writes -0 where JSON.stringify writes 0. Plain
// decimals are written alike; anything else (a salience from an import file) is the executor's.
const PLAIN_DECIMAL = (expr: string) => `${expr}::text ~ '^[0-9.]+$'`;
const FLOAT = (expr: string) => `case when ${PLAIN_DECIMAL(expr)} then ${expr}::text else ${HANDOVER} end`;
/** A cursor's JSON text (encodeCursor in src/schema/pagination.ts): base64url, unpadded, as a JSON string. */
const CURSOR = (json: string) => `to_json(rtrim(translate(encode(convert_to(${json}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '='))::text`;
// Connection cursors: base64url of ["article:<order>", publishedAt, id] (src/schema/pagination.ts),
// as JSON text. The marker cannot go inside the base64, so a year ISO_TEXT cannot write makes the
// whole cursor the marker.
const ARTICLE_CURSOR = (t: string) =>
  `case when ${ISO_YEARS(`${t}.published_at`)} then ${CURSOR(`'["article:PUBLISHED_AT_DESC","' || ${ISO_TEXT(`${t}.published_at`)} || '",' || ${t}.id || ']'`)} else ${HANDOVER} end`;
// Search cursors: base64url of [kind, topAt, topId, bottomAt, bottomId, last, rank, id]
// (src/schema/search.ts encodeSearchCursor), from the walk's row `s`; '' and 0 for a window
// without bounds. The kind is computed from the query text in JS (a parameter, already JSON).
// A rank FLOAT would hand over makes the whole cursor the marker.
const SEARCH_CURSOR = (s: string, kind: string) =>
  `case when ${PLAIN_DECIMAL(`${s}.rank`)} then ${CURSOR(
    `concat('[', ${kind}, ',', coalesce(to_json(${s}.top_at)::text, '""'), ',', coalesce(${s}.top_id, 0), ',', ` +
      `coalesce(to_json(${s}.bottom_at)::text, '""'), ',', coalesce(${s}.bottom_id, 0), ',', case when ${s}.last then 1 else 0 end, ',', ${s}.rank::text, ',', ${s}.id, ']')`,
  )} else ${HANDOVER} end`;
// The hash a generated summary is stored with (src/content/text.ts bodyHash), kept on the article
// by PostgreSQL (migrations/20261127160000-article-body-hash.ts). Stored bodies are already
// normalised, so the hash of the body as stored is the one the executor computes.
const BODY_HASH = (t: string) => `${t}.body_hash`;
/** A scalar column or expression as JSON text (PostgreSQL's escaping of strings is JSON's). */
const J = (expr: string) => `coalesce(to_json(${expr})::text, 'null')`;
/** A nested object from a subquery that may find no row. */
const ORNULL = (subquery: string) => `coalesce((${subquery}), 'null')`;
/** A JSON array of `item` text over the rows of `from`, in `order`. */
const ARRAY = (item: string, from: string, order: string) => `coalesce((select '[' || string_agg(${item}, ',' order by ${order}) || ']' ${from}), '[]')`;

type FieldMap = Map<string, FieldNode[]>;

/** Compiled reads answer anonymous requests only. */
const PUBLIC: Visibility = { includeHidden: false };
type ArgumentReader = (variables: Record<string, unknown>) => unknown;

class Compiler {
  private readonly readers: ArgumentReader[] = [];
  private readonly constants = new WeakSet<ArgumentReader>();
  /** Checks of a request that add no parameter (they throw NotThisRequest). */
  private readonly checks: ArgumentReader[] = [];
  private aliases = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly options: Required<CompileOptions>,
  ) {}

  get parameterReaders(): readonly ArgumentReader[] {
    return this.readers;
  }

  get requestChecks(): readonly ArgumentReader[] {
    return this.checks;
  }

  check(read: ArgumentReader): void {
    this.checks.push(read);
  }

  alias(prefix: string): string {
    this.aliases += 1;
    return `${prefix}${this.aliases}`;
  }

  /** `read`, made from `sources` only: constant when all of them are. */
  derive<T extends ArgumentReader>(sources: readonly ArgumentReader[], read: T): T {
    if (sources.every((source) => this.constants.has(source))) this.constants.add(read);
    return read;
  }

  /**
   * A statement parameter read from the request; `cast` is the SQL type. A value the document
   * writes out (`first: 20`, `length: SHORT`, an absent `kind`) goes into the text instead: the
   * plan PostgreSQL caches for the statement then knows it. With a parameter it planned the
   * entity page afresh on every request (a LIMIT it cannot see makes the generic plan look
   * dear): at a million articles, 0.6 ms of planning for 0.5 ms of work.
   */
  param(read: ArgumentReader, cast: string): string {
    if (this.constants.has(read)) {
      const literal = constantLiteral(read, cast);
      if (literal !== undefined) return literal;
    }
    this.readers.push(read);
    return `$${this.readers.length}::${cast}`;
  }

  type(name: string): GraphQLObjectType {
    return this.schema.getType(name) as GraphQLObjectType;
  }

  /** graphql-js's CollectFields for one concrete type, refusing directives (@skip, @include…). */
  collect(type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[], out: FieldMap = new Map(), seen = new Set<string>()): FieldMap {
    for (const selectionSet of selectionSets) {
      for (const selection of selectionSet.selections) {
        if (selection.directives?.length) throw new Unsupported('directives');
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const list = out.get(key);
          if (list) list.push(selection);
          else out.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (!selection.typeCondition || this.applies(selection.typeCondition.name.value, type)) this.collect(type, [selection.selectionSet], out, seen);
        } else {
          const name = selection.name.value;
          if (seen.has(name)) continue;
          seen.add(name);
          const fragment = this.fragments[name];
          if (!fragment) throw new Unsupported(`fragment ${name}`);
          if (this.applies(fragment.typeCondition.name.value, type)) this.collect(type, [fragment.selectionSet], out, seen);
        }
      }
    }
    return out;
  }

  private applies(condition: string, type: GraphQLObjectType): boolean {
    const conditionType = this.schema.getType(condition);
    if (conditionType === type) return true;
    return !!conditionType && isAbstractType(conditionType) && this.schema.isSubType(conditionType, type);
  }

  /** The fields under one response key, merged (validation guarantees they are the same field). */
  children(type: GraphQLObjectType, nodes: readonly FieldNode[]): FieldMap {
    const sets = nodes.map((node) => node.selectionSet).filter((set): set is SelectionSetNode => set !== undefined);
    return this.collect(type, sets);
  }

  /** Reads a field's arguments (defaults applied) from the request's variables. */
  args(parent: GraphQLObjectType, node: FieldNode): (variables: Record<string, unknown>) => Record<string, unknown> {
    const field = parent.getFields()[node.name.value] as GraphQLField<unknown, unknown>;
    // Arguments written out in the document (`summary(length: SHORT)`) are the same for every
    // request: read them once.
    if (!node.arguments?.some((argument) => usesVariables(argument.value))) {
      let constant: Record<string, unknown> | undefined;
      try {
        constant = getArgumentValues(field, node, {});
      } catch {
        constant = undefined;
      }
      const reader = () => {
        if (!constant) throw new NotThisRequest('argument error');
        return constant;
      };
      this.constants.add(reader);
      return reader;
    }
    // Several parameters read the same field's arguments (a search's text, size and cursor kind; a
    // lookup's id and slug); parameters() passes them one variables object, so read it once.
    let last: { variables: Record<string, unknown>; values: Record<string, unknown> } | undefined;
    return (variables) => {
      if (last?.variables === variables) return last.values;
      let values: Record<string, unknown>;
      try {
        values = getArgumentValues(field, node, variables);
      } catch {
        throw new NotThisRequest('argument error');
      }
      last = { variables, values };
      return values;
    };
  }

  /**
   * A JSON object as text, keys in selection order, written compactly as JSON.stringify writes it
   * (json_build_object would put spaces around every colon and comma). Every value is an SQL
   * expression that yields JSON text and is never NULL.
   */
  object(entries: [string, string][]): string {
    if (entries.length === 0) return `'{}'`;
    // One concat() builds the object in one allocation; a chain of || copies the text built so
    // far at every step (a whole article body, forty times over, on the article page).
    const parts = entries.flatMap(([key, value], i) => [literal(`${i === 0 ? '{' : ','}"${key}":`), value]);
    return `concat(${parts.join(', ')}, '}')`;
  }

  // ----- Query -----

  query(fields: FieldMap): string {
    const query = this.type('Query');
    const entries: [string, string][] = [];
    for (const [key, nodes] of fields) {
      const node = nodes[0]!;
      switch (node.name.value) {
        case '__typename':
          entries.push([key, `'"Query"'`]);
          break;
        case 'article': {
          const a = this.alias('a');
          const where = this.lookup(query, node, 'Article', (id) => `${a}.id = ${id}`, (slug) => `${a}.slug = ${slug}`);
          entries.push([key, ORNULL(`select ${this.article(a, this.children(this.type('Article'), nodes))} from articles ${a} where ${where} and ${visibleSql(a)}`)]);
          break;
        }
        case 'entity': {
          const e = this.alias('e');
          // The executor's rules (src/db/queries/entities.ts): a slug names the entity holding it,
          // else the one it redirects to; only entities a visible article mentions exist.
          const where = this.lookup(query, node, 'Entity', (id) => `${e}.id = ${id}`, (slug) => `${e}.id = ${entityIdBySlugSql(slug, PUBLIC)}`);
          entries.push([
            key,
            ORNULL(`select ${this.entity(e, this.children(this.type('Entity'), nodes))} from entities ${e} where ${where} and ${publicEntitySql(e)}`),
          ]);
          break;
        }
        case 'articles': {
          const args = this.args(query, node);
          const first = this.pageSize(this.derive([args], (v) => {
            const values = args(v);
            if (values.filter != null || values.orderBy !== 'PUBLISHED_AT_DESC') throw new NotThisRequest('filter or order');
            return values;
          }));
          entries.push([key, this.articleConnection(nodes, (x) => `from articles ${x} where ${visibleSql(x)}`, first)]);
          break;
        }
        case 'search':
          if (!this.options.search) throw new Unsupported('search is left to the response cache');
          entries.push([key, this.searchConnection(query, node, nodes)]);
          break;
        default:
          throw new Unsupported(`Query.${node.name.value}`);
      }
    }
    return this.object(entries);
  }

  /**
   * `where` for a field taking exactly one of a global `id` or a `slug`. The document usually
   * writes only one of them; then the condition is that one alone, which its index serves.
   */
  private lookup(parent: GraphQLObjectType, node: FieldNode, typename: string, byId: (p: string) => string, bySlug: (p: string) => string): string {
    const args = this.args(parent, node);
    const one = (variables: Record<string, unknown>) => {
      const { id, slug } = args(variables);
      if ((id == null) === (slug == null)) throw new NotThisRequest('needs exactly one of id and slug');
      return { id, slug };
    };
    const written = new Set(node.arguments?.map((arg) => arg.name.value));
    const parts: string[] = [];
    if (written.has('id')) {
      parts.push(byId(this.param(this.derive([args], (v) => {
        const { id } = one(v);
        return id == null ? null : globalKey(String(id), typename);
      }), 'int')));
    }
    if (written.has('slug')) parts.push(bySlug(this.param(this.derive([args], (v) => one(v).slug ?? null), 'text')));
    if (parts.length === 0) throw new Unsupported('neither id nor slug');
    if (parts.length === 1) this.check(one);
    return `(${parts.join(' or ')})`;
  }

  /** `first` of a connection: the executor answers anything but a plain forward page. */
  private pageSize(read: (variables: Record<string, unknown>) => Record<string, unknown>): ArgumentReader {
    return this.derive([read], (v) => {
      const values = read(v);
      if (values.after != null || values.before != null || values.last != null) throw new NotThisRequest('cursor arguments');
      const first = values.first == null ? DEFAULT_PAGE_SIZE : Number(values.first);
      // 0 reads nothing and over the maximum is an error: both belong to the executor.
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new NotThisRequest('page size');
      return first;
    });
  }

  // ----- Connections -----

  /**
   * A forward page of visible articles, newest first. `from(x, limit)` gives the FROM and WHERE of
   * the candidate rows (alias `x` for articles); the page takes the first `limit` of them.
   */
  private articleConnection(
    nodes: readonly FieldNode[],
    from: (x: string, limit: string) => string,
    first: ArgumentReader,
  ): string {
    const connection = this.type('ArticleConnection');
    const fields = this.children(connection, nodes);
    const p = this.alias('p');
    const x = this.alias('x');
    const size = this.param(first, 'int');
    const wantsPageInfo = [...fields.values()].some((list) => list[0]!.name.value === 'pageInfo');
    const kept = wantsPageInfo ? ` filter (where ${p}.rn <= ${size})` : '';
    const entries: [string, string][] = [];
    for (const [key, list] of fields) {
      switch (list[0]!.name.value) {
        case '__typename':
          entries.push([key, `'"ArticleConnection"'`]);
          break;
        case 'edges': {
          const edge = this.type('ArticleEdge');
          const edgeEntries: [string, string][] = [];
          for (const [edgeKey, edgeNodes] of this.children(edge, list)) {
            switch (edgeNodes[0]!.name.value) {
              case '__typename':
                edgeEntries.push([edgeKey, `'"ArticleEdge"'`]);
                break;
              case 'cursor':
                edgeEntries.push([edgeKey, ARTICLE_CURSOR(p)]);
                break;
              case 'node':
                edgeEntries.push([edgeKey, this.article(p, this.children(this.type('Article'), edgeNodes))]);
                break;
              default:
                throw new Unsupported(`ArticleEdge.${edgeNodes[0]!.name.value}`);
            }
          }
          entries.push([key, `coalesce('[' || string_agg(${this.object(edgeEntries)}, ',' order by ${p}.published_at desc, ${p}.id desc)${kept} || ']', '[]')`]);
          break;
        }
        case 'pageInfo':
          entries.push([key, this.pageInfo(list, size, kept, () => ARTICLE_CURSOR(p), `${p}.published_at desc, ${p}.id desc`, `${p}.published_at asc, ${p}.id asc`)]);
          break;
        default:
          throw new Unsupported(`ArticleConnection.${list[0]!.name.value}`);
      }
    }
    // With pageInfo, one row more than the page tells whether there is a next page.
    const limit = wantsPageInfo ? `${size} + 1` : size;
    const rows = `select ${x}.*${wantsPageInfo ? `, row_number() over (order by ${x}.published_at desc, ${x}.id desc) as rn` : ''}
      ${from(x, limit)} order by ${x}.published_at desc, ${x}.id desc limit ${limit}`;
    return `(select ${this.object(entries)} from (${rows}) ${p})`;
  }

  /**
   * PageInfo of a forward page without a cursor, over the page's rows plus one (there is a next
   * page when that one is there; `kept` leaves it out): `cursor()` is a row's cursor, `order` the
   * page's order and `reverse` the opposite.
   */
  private pageInfo(nodes: readonly FieldNode[], size: string, kept: string, cursor: () => string, order: string, reverse: string): string {
    const entries: [string, string][] = [];
    for (const [key, list] of this.children(this.type('PageInfo'), nodes)) {
      switch (list[0]!.name.value) {
        case '__typename':
          entries.push([key, `'"PageInfo"'`]);
          break;
        case 'hasNextPage':
          entries.push([key, `case when count(*) > ${size} then 'true' else 'false' end`]);
          break;
        case 'hasPreviousPage':
          entries.push([key, `'false'`]);
          break;
        case 'startCursor':
          entries.push([key, `coalesce((array_agg(${cursor()} order by ${order})${kept})[1], 'null')`]);
          break;
        case 'endCursor':
          entries.push([key, `coalesce((array_agg(${cursor()} order by ${reverse})${kept})[1], 'null')`]);
          break;
        default:
          throw new Unsupported(`PageInfo.${list[0]!.name.value}`);
      }
    }
    return this.object(entries);
  }

  /**
   * The first page of a search, as src/schema/search.ts answers it: the same statement
   * (searchArticlesSql, anonymous viewer, the server's window) inside this one, its results joined
   * to their articles. Pages after a cursor, filters, highlights and totalCount are the executor's.
   */
  private searchConnection(parent: GraphQLObjectType, node: FieldNode, nodes: readonly FieldNode[]): string {
    const args = this.args(parent, node);
    const request = this.derive([args], (v) => {
      const values = args(v);
      if (values.filter != null) throw new NotThisRequest('filter');
      if (values.after != null || values.before != null || values.last != null) throw new NotThisRequest('cursor arguments');
      // The executor refuses these (or, for first: 0, answers without searching).
      const text = String(values.query).trim();
      if (searchTextProblem(text)) throw new NotThisRequest('query');
      const first = values.first == null ? DEFAULT_PAGE_SIZE : Number(values.first);
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new NotThisRequest('page size');
      return { text, first };
    });
    const text = this.derive([request], (v) => request(v).text);
    const first = this.derive([request], (v) => request(v).first);
    const size = this.param(first, 'int');
    // A parameter only where a cursor is written: PostgreSQL refuses a parameter the text never uses.
    let kindParameter: string | undefined;
    const kind = () => (kindParameter ??= this.param(this.derive([text], (v) => JSON.stringify(searchCursorKind(text(v) as string))), 'text'));
    const walk = this.searchWalk(text, this.derive([first], (v) => (first(v) as number) + 1));
    const connection = this.type('SearchResultConnection');
    const s = this.alias('s');
    const p = this.alias('p');
    const order = `${s}.n`;
    const kept = ` filter (where ${s}.n <= ${size})`;
    const entries: [string, string][] = [];
    for (const [key, list] of this.children(connection, nodes)) {
      switch (list[0]!.name.value) {
        case '__typename':
          entries.push([key, `'"SearchResultConnection"'`]);
          break;
        case 'edges': {
          const edgeEntries: [string, string][] = [];
          for (const [edgeKey, edgeNodes] of this.children(this.type('SearchResultEdge'), list)) {
            switch (edgeNodes[0]!.name.value) {
              case '__typename':
                edgeEntries.push([edgeKey, `'"SearchResultEdge"'`]);
                break;
              case 'cursor':
                edgeEntries.push([edgeKey, SEARCH_CURSOR(s, kind())]);
                break;
              case 'node':
                edgeEntries.push([edgeKey, this.searchResult(s, p, this.children(this.type('SearchResult'), edgeNodes))]);
                break;
              default:
                throw new Unsupported(`SearchResultEdge.${edgeNodes[0]!.name.value}`);
            }
          }
          entries.push([key, `coalesce('[' || string_agg(${this.object(edgeEntries)}, ',' order by ${order})${kept} || ']', '[]')`]);
          break;
        }
        case 'pageInfo':
          entries.push([key, this.pageInfo(list, size, kept, () => SEARCH_CURSOR(s, kind()), order, `${order} desc`)]);
          break;
        default:
          throw new Unsupported(`SearchResultConnection.${list[0]!.name.value}`);
      }
    }
    return `(select ${this.object(entries)}
      from (select w.*, row_number() over (order by w.win, w.rank desc, w.id desc) as n from (${walk}) w) ${s}
      join articles ${p} on ${p}.id = ${s}.id)`;
  }

  private searchResult(s: string, p: string, fields: FieldMap): string {
    const entries: [string, string][] = [];
    for (const [key, nodes] of fields) {
      switch (nodes[0]!.name.value) {
        case '__typename':
          entries.push([key, `'"SearchResult"'`]);
          break;
        case 'rank':
          entries.push([key, FLOAT(`${s}.rank`)]);
          break;
        case 'article':
          entries.push([key, this.article(p, this.children(this.type('Article'), nodes))]);
          break;
        default:
          throw new Unsupported(`SearchResult.${nodes[0]!.name.value}`);
      }
    }
    return this.object(entries);
  }

  /**
   * searchArticlesSql's statement with its parameters renumbered into this one: the query text and
   * the row limit read from the request, every other value (all fixed for an anonymous first
   * page) written into the text or kept as a constant parameter.
   */
  private searchWalk(text: ArgumentReader, limit: ArgumentReader): string {
    const TEXT = { slot: 'text' };
    const LIMIT = { slot: 'limit' };
    const compiled = searchArticlesSql({
      text: TEXT as unknown as string,
      filter: {},
      includeHidden: false,
      window: this.options.searchRankWindow,
      limit: LIMIT as unknown as number,
      highlights: false,
    }).compile(sqlCompiler);
    const replacements = compiled.parameters.map((value) => {
      if (value === TEXT) return this.param(text, 'text');
      if (value === LIMIT) return this.param(limit, 'int');
      if (value === null) return 'null';
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      this.readers.push(() => value);
      return `$${this.readers.length}`;
    });
    return compiled.sql.replace(/\$(\d+)/g, (_, n: string) => replacements[Number(n) - 1]!);
  }

  // ----- Object types -----

  article(a: string, fields: FieldMap): string {
    const type = this.type('Article');
    const entries: [string, string][] = [];
    for (const [key, nodes] of fields) {
      const node = nodes[0]!;
      const name = node.name.value;
      switch (name) {
        case '__typename':
          entries.push([key, `'"Article"'`]);
          break;
        case 'id':
          entries.push([key, J(GLOBAL_ID('Article', `${a}.id`))]);
          break;
        case 'slug':
        case 'title':
        case 'standfirst':
        case 'body':
          entries.push([key, J(`${a}.${name}`)]);
          break;
        case 'wordCount':
          entries.push([key, `${a}.word_count::text`]);
          break;
        case 'readingTimeMinutes':
          entries.push([key, `greatest(1, ceil(${a}.word_count / 230.0))::int::text`]);
          break;
        case 'status':
          // A scheduled article whose time has come reads as published (effectiveStatus).
          entries.push([key, J(`case when ${a}.status = 'SCHEDULED' and ${a}.published_at <= now() then 'PUBLISHED' else ${a}.status::text end`)]);
          break;
        case 'publishedAt':
        case 'createdAt':
        case 'updatedAt':
          entries.push([key, ISO(`${a}.${snake(name)}`)]);
          break;
        case 'section': {
          const s = this.alias('s');
          entries.push([key, ORNULL(`select ${this.section(s, this.children(this.type('Section'), nodes))} from sections ${s} where ${s}.id = ${a}.section_id`)]);
          break;
        }
        case 'entities': {
          const args = this.args(type, node);
          const ae = this.alias('ae');
          const e = this.alias('e');
          const kind = this.param(this.derive([args], (v) => {
            const value = args(v).kind;
            if (value != null && !['PERSON', 'ORGANIZATION', 'PLACE'].includes(String(value))) throw new NotThisRequest('kind');
            return value ?? null;
          }), 'text');
          const mention = this.mention(ae, e, this.children(this.type('ArticleEntity'), nodes));
          // The order of findMentionsByArticleIds: most salient, then most mentioned, then name.
          entries.push([
            key,
            ARRAY(
              mention,
              `from article_entities ${ae} join entities ${e} on ${e}.id = ${ae}.entity_id
                where ${ae}.article_id = ${a}.id and (${kind} is null or ${e}.kind::text = ${kind})`,
              `${ae}.salience desc, ${ae}.mention_count desc, ${e}.name, ${e}.id`,
            ),
          ]);
          break;
        }
        case 'summary': {
          const args = this.args(type, node);
          const length = this.param(this.derive([args], (v) => {
            const value = String(args(v).length);
            if (!['SHORT', 'MEDIUM', 'LONG'].includes(value)) throw new NotThisRequest('length');
            return value;
          }), 'summary_length');
          const su = this.alias('su');
          const summary = this.summary(su, this.children(this.type('Summary'), nodes));
          // An editorial summary always wins; a generated one only answers for the current body
          // (pickStoredSummary). Neither: the executor generates one, and the marker says so.
          entries.push([
            key,
            `coalesce((select ${summary} from summaries ${su} where ${su}.article_id = ${a}.id and ${su}.length = ${length}
                and (${su}.method = 'EDITORIAL' or ${su}.body_hash = ${BODY_HASH(a)})), ${HANDOVER})`,
          ]);
          break;
        }
        case 'previousArticle':
        case 'nextArticle': {
          const args = this.args(type, node);
          // The scope changes which index serves the statement: only a constant one is compiled.
          const scope = constantArgument(node, 'scope') ?? 'ALL';
          const n = this.alias('n');
          this.check((v) => {
            if (args(v).scope !== scope) throw new NotThisRequest('scope');
          });
          const before = name === 'previousArticle';
          const sameSection = scope === 'SECTION' ? `and ${n}.section_id = ${a}.section_id` : '';
          entries.push([
            key,
            ORNULL(`select ${this.article(n, this.children(type, nodes))} from articles ${n}
              where ${visibleSql(n)} ${sameSection}
                and (${n}.published_at, ${n}.id) ${before ? '<' : '>'} (${a}.published_at, ${a}.id)
              order by ${n}.published_at ${before ? 'desc' : 'asc'}, ${n}.id ${before ? 'desc' : 'asc'} limit 1`),
          ]);
          break;
        }
        default:
          throw new Unsupported(`Article.${name}`);
      }
    }
    return this.object(entries);
  }

  private section(s: string, fields: FieldMap): string {
    const entries: [string, string][] = [];
    for (const [key, nodes] of fields) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') entries.push([key, `'"Section"'`]);
      else if (name === 'id') entries.push([key, J(GLOBAL_ID('Section', `${s}.id`))]);
      else if (name === 'slug' || name === 'name' || name === 'description') entries.push([key, J(`${s}.${name}`)]);
      else throw new Unsupported(`Section.${name}`);
    }
    return this.object(entries);
  }

  private mention(ae: string, e: string, fields: FieldMap): string {
    const entries: [string, string][] = [];
    for (const [key, nodes] of fields) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') entries.push([key, `'"ArticleEntity"'`]);
      else if (name === 'entity') entries.push([key, this.entity(e, this.children(this.type('Entity'), nodes))]);
      else if (name === 'mentionCount') entries.push([key, `${ae}.mention_count::text`]);
      else if (name === 'firstOffset') entries.push([key, `${ae}.first_offset::text`]);
      else if (name === 'salience') entries.push([key, FLOAT(`${ae}.salience`)]);
      else if (name === 'source') entries.push([key, J(`${ae}.source::text`)]);
      else throw new Unsupported(`ArticleEntity.${name}`);
    }
    return this.object(entries);
  }

  entity(e: string, fields: FieldMap): string {
    const type = this.type('Entity');
    const entries: [string, string][] = [];
    for (const [key, nodes] of fields) {
      const node = nodes[0]!;
      const name = node.name.value;
      if (name === '__typename') entries.push([key, `'"Entity"'`]);
      else if (name === 'id') entries.push([key, J(GLOBAL_ID('Entity', `${e}.id`))]);
      else if (name === 'slug') entries.push([key, J(`${e}.slug`)]);
      else if (name === 'name') entries.push([key, J(publicNameSql(e))]);
      // [String!]!: the expression is one-dimensional and without nulls by construction (array()
      // over unnest, where a null never contains), and the executor reads the same one.
      else if (name === 'aliases') entries.push([key, `to_json(${publicAliasesSql(e)})::text`]);
      else if (name === 'kind') entries.push([key, J(`${e}.kind::text`)]);
      else if (name === 'articles') {
        const args = this.args(type, node);
        const first = this.pageSize(this.derive([args], (v) => {
          const values = args(v);
          if (values.orderBy !== 'PUBLISHED_AT_DESC') throw new NotThisRequest('order');
          return values;
        }));
        // Newest mentions first through article_entities_entity_page_idx (the article's status and
        // publication time copied onto its mentions): an index range of `limit` entries, however
        // many articles mention the entity. The articles' own visibility is checked again.
        const k = this.alias('k');
        const mentioning = (x: string, limit: string) => `from (select ${k}.article_id from article_entities ${k}
            where ${k}.entity_id = ${e}.id and ${visibleMentionSql(k)}
            order by ${k}.article_published_at desc, ${k}.article_id desc limit ${limit}) ${k}
          join articles ${x} on ${x}.id = ${k}.article_id where ${visibleSql(x)}`;
        entries.push([key, this.articleConnection(nodes, mentioning, first)]);
      } else throw new Unsupported(`Entity.${name}`);
    }
    return this.object(entries);
  }

  private summary(su: string, fields: FieldMap): string {
    const entries: [string, string][] = [];
    for (const [key, nodes] of fields) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') entries.push([key, `'"Summary"'`]);
      else if (name === 'text') entries.push([key, J(`${su}.text`)]);
      else if (name === 'length' || name === 'method') entries.push([key, J(`${su}.${name}::text`)]);
      else if (name === 'generatedAt') entries.push([key, ISO(`${su}.created_at`)]);
      else throw new Unsupported(`Summary.${name}`);
    }
    return this.object(entries);
  }
}

/** The numeric key of a global id of the given type; anything else is the executor's error to report. */
function globalKey(id: string, typename: string): number {
  try {
    return parseGlobalId(id, typename);
  } catch {
    throw new NotThisRequest('invalid id');
  }
}

/** An enum argument written in the document, or undefined when absent; a variable is unsupported. */
function constantArgument(node: FieldNode, name: string): string | undefined {
  const argument = node.arguments?.find((arg) => arg.name.value === name);
  if (!argument) return undefined;
  if (argument.value.kind !== Kind.ENUM) throw new Unsupported(`${name} must be a constant`);
  return argument.value.value;
}

/** Compiles Kysely statements to text (searchArticlesSql) without a connection. */
const sqlCompiler = new Kysely<never>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The compiled form of the named (or only) query of a validated document, or null when some part
 * of it is not compiled. Call it only with documents that passed validation.
 */
export interface CompileOptions {
  /** SEARCH_RANK_WINDOW: the server's search answers with it (src/db/queries/article-search.ts). */
  searchRankWindow?: number;
  /**
   * Compile searches (default true). Off when the response cache is on: a search served from the
   * cache costs no database time, a compiled one about 2.4 ms of it (bench, 10k articles).
   */
  search?: boolean;
}

export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  { searchRankWindow = DEFAULT_SEARCH_RANK_WINDOW, search = true }: CompileOptions = {},
): CompiledOperation | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query' || operation.directives?.length) return null;
  if (operation.variableDefinitions?.some((v) => v.directives?.length)) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const compiler = new Compiler(schema, fragments, { searchRankWindow, search });
  let data: string;
  try {
    data = compiler.query(compiler.collect(compiler.type('Query'), [operation.selectionSet]));
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  const readers = compiler.parameterReaders;
  const checks = compiler.requestChecks;
  return {
    operation,
    text: `select ${data} as data`,
    parameters(variables) {
      for (const check of checks) check(variables);
      return readers.map((read) => read(variables));
    },
  };
}
