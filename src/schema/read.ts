import type { GraphQLField, GraphQLInputField, GraphQLObjectType } from 'graphql';
import { type RawBuilder, sql } from 'kysely';
import type { RenditionConfig } from '../config.js';
import type { Visibility } from '../db/queries/articles.js';

/**
 * The read model's vocabulary: what a field reads, declared once beside the field definition as
 * `extensions: { read: … }` (Pothos copies `extensions` onto the graphql-js field). The fast path
 * (src/compiled/compile.ts) walks an operation over the schema and builds one statement from these
 * declarations; it knows no type or field by name. How a value becomes JSON text is the business of
 * the field's GraphQL type (src/compiled/codecs.ts), never of the declaration. See docs/READ-MODEL.md.
 *
 * Every fragment is a Kysely `sql` template. Aliases are fragments too (`sql`${a}.title``), so that
 * the declarations compose the shared rules of src/db/queries/ without string building.
 */

/**
 * A table alias in the statement being built; `name` for the rules in src/db/queries/ that take text.
 * `joins`: rows a FROM joined to each of its rows, by name: a list's (ListRows `joins`), or one a
 * declaration joins for the fields of its row to read (an entity's public view, src/schema/entity.ts).
 */
export type Alias = RawBuilder<unknown> & { readonly name: string; joins?: Readonly<Record<string, Alias>> };

export const alias = (name: string): Alias => Object.assign(sql.raw(name), { name });

export type ArgumentValues = Record<string, unknown>;

/** Thrown while reading a request's parameters: this one request takes the executor. */
export class NotThisRequest extends Error {}

/** What a declaration may ask of the generator while the statement is built. */
export interface ReadScope {
  /**
   * A statement parameter derived from this field's coerced arguments. `read` may throw
   * NotThisRequest for a value the executor has to answer (an error, a case not compiled). A value
   * the document writes out goes into the statement's text instead.
   */
  param(read: (args: ArgumentValues) => unknown, cast: string): RawBuilder<unknown>;
  /** The same parameter as a value to hand to a function in src/db/queries/ that binds it itself. */
  slot(read: (args: ArgumentValues) => unknown, cast: string): unknown;
  /** A condition on this field's arguments for every request; throws NotThisRequest to hand over. */
  check(read: (args: ArgumentValues) => void): void;
  /** Whether the document writes this argument at all (a constant or a variable). */
  written(name: string): boolean;
  /**
   * This argument's value when it is known while building (written out in the document, or this
   * request's): a statement for that value alone then serves every request it is built for.
   */
  known(name: string): { value: unknown } | undefined;
  /** The enum value the document writes for an argument; compiling fails for a variable. */
  constant(name: string): string | undefined;
  /** A fresh alias. */
  alias(prefix: string): Alias;
  /**
   * The conditions on `row` that the fields of the input object argument `argument` declare
   * (`filters(…)` on each input field), joined by `and`; `true` when none is given. The generator
   * reads the declarations, so a filter is one declaration on its input field.
   */
  where(argument: string, row: Alias): RawBuilder<unknown>;
  /**
   * The parameter the input field `field` of the input object argument `argument` declares
   * (`filters(…)`: its `value`, as its `cast`; null when the request leaves it out): for a
   * statement that reads a filter's value besides its condition.
   */
  filterValue(argument: string, field: string): RawBuilder<unknown>;
  /**
   * The fields of the input object argument `argument` a request can give, when that is known
   * while building: this request's, the document's constant, or the fields an object written in
   * the document names (a variable's may still be null in a request); undefined when a variable
   * gives the whole object.
   */
  given(argument: string): ReadonlySet<string> | undefined;
  /** Refuses to compile this operation: the executor answers it, always. */
  unsupported(reason: string): never;
  /** Server settings the statement depends on. */
  readonly settings: {
    searchRankWindow: number;
    search: boolean;
    summaryGenerator: string;
    renditions: RenditionConfig;
  };
  /** Whom the statement reads for: the public, or an editor who sees hidden articles too. */
  readonly visibility: Visibility;
}

export type FieldRead =
  /** A scalar: a column or an expression over the parent's row. */
  | { kind: 'value'; value: (row: Alias, scope: ReadScope) => RawBuilder<unknown> }
  /**
   * One object, or null: `from` is the FROM and WHERE (and ORDER BY … LIMIT 1) of the child's row
   * under the alias `child`. `missing: 'executor'` hands the request over when there is no row
   * (a summary that has to be generated).
   */
  | {
      kind: 'one';
      from: (row: Alias, child: Alias, scope: ReadScope) => RawBuilder<unknown>;
      missing?: 'null' | 'executor';
      /**
       * The name under which a list joins this very row to the parent's rows (ListRows `joins`):
       * when the parent's list did, the object is read from that row, not looked up again.
       */
      joined?: string;
    }
  /** A list of objects: FROM and WHERE under `child`, in `order`. */
  | { kind: 'many'; from: (row: Alias, child: Alias, scope: ReadScope) => ListRows }
  /** A Relay connection: a page read forwards, or backwards for `last` (see ConnectionRead). */
  | ({ kind: 'connection' } & ConnectionRead)
  /** The number of rows of the connection this field belongs to: its declaration's `count`. */
  | { kind: 'count' }
  /**
   * Objects of an abstract type (the Node interface, the federation's _Entity) by key: `ids`
   * decodes the arguments to each object's type and key (null for one that is not a key); each is
   * read by its type's `lookup` (see lookupById), a slug first turned into the id by the type's
   * `idBySlug` (see lookupBySlug). `list`: a list in the keys' order, or the one object.
   */
  | {
      kind: 'byGlobalId';
      ids: (args: ArgumentValues) => readonly (ObjectKey | null)[];
      list: boolean;
      /** Whether keys may be slugs (a statement written for any request reads a slug column). */
      slugs?: boolean;
    }
  /** Served by the executor only, for the reason given. */
  | { kind: 'executor'; reason: string };

/** A global id's type name and numeric key. */
export interface GlobalKey {
  typename: string;
  key: number;
}

/** An object's type and key as a federation reference gives it: its numeric key, or its slug. */
export type ObjectKey = GlobalKey | { typename: string; slug: string };

/**
 * How an object type is read by its key (`extensions: lookupById(…)` on the type): the FROM and
 * WHERE of its row with the key `key` under the alias `child`, as the viewer may see it (null
 * otherwise). `node`/`nodes` read each id's type by it.
 */
export type Lookup = (key: RawBuilder<unknown>, child: Alias, scope: ReadScope) => RawBuilder<unknown>;

/** `extensions` of an object type read by its key. */
export const lookupById = (lookup: Lookup) => ({ lookup });

/** The lookup an object type declares, if any. */
export function lookupOf(type: GraphQLObjectType): Lookup | undefined {
  return (type.extensions as { lookup?: Lookup } | undefined)?.lookup;
}

/**
 * How an object type's slug names its row (`extensions: lookupBySlug(…)` beside lookupById): the
 * id of the row the slug `slug` names (current or former), null when none; the type's `lookup`
 * then applies what the viewer may see. `_entities` reads a reference by `slug` through it.
 */
export type SlugLookup = (slug: RawBuilder<unknown>, scope: ReadScope) => RawBuilder<unknown>;

/** `extensions` of an object type whose slug is a key (a federation @key). */
export const lookupBySlug = (idBySlug: SlugLookup) => ({ idBySlug });

/** The slug lookup an object type declares, if any. */
export function idBySlugOf(type: GraphQLObjectType): SlugLookup | undefined {
  return (type.extensions as { idBySlug?: SlugLookup } | undefined)?.idBySlug;
}

export interface ListRows {
  from: RawBuilder<unknown>;
  order: RawBuilder<unknown>;
  /**
   * Rows `from` joins to each child row, by name: a `one` field of the child declaring that name
   * (`joined`) reads its object from the joined row, which must be the row its `from` would find.
   */
  joins?: Record<string, Alias>;
}

export interface ConnectionPage {
  /**
   * A FROM item of the page's rows (`limit` of them, in reading order), in which `page` is the
   * node's row (a page whose node rows must stay their table's row type joins them to its keys).
   */
  rows: RawBuilder<unknown>;
  /**
   * The list's order over the FROM item, a total one (ties broken by a key): the order the edges
   * are written in, whichever way the rows were read. Read forwards, the rows should arrive in it
   * (then PostgreSQL does not sort them again).
   */
  order: RawBuilder<unknown>;
  /** A row's cursor as JSON text (built only when a cursor is selected). */
  cursor: () => RawBuilder<unknown>;
  /**
   * Whether the page starts at a cursor in reading order (a boolean: `after`, or `before` for a page
   * read backwards): then there are rows before it in that order; absent: false.
   */
  hasPrevious?: RawBuilder<unknown>;
}

export interface ConnectionRead {
  /**
   * The page for `size` rows (a parameter) over the parent's row; `limit` is `size`, or `size + 1`
   * when the selection needs to know whether there is a page past it (0 for an empty page).
   * `backwards`: the field has a `last` argument and the request gives it (Relay's rule), so the
   * rows are read from the end of the list (before `before`, down to `after`), and `rn` counts
   * from there; the generator then swaps what the extra row and the starting cursor say
   * (hasPreviousPage, hasNextPage).
   */
  page: (
    row: Alias,
    page: Alias,
    bounds: { size: RawBuilder<unknown>; limit: RawBuilder<unknown>; backwards: boolean },
    scope: ReadScope,
  ) => ConnectionPage;
  /** The page size from the arguments (`first` or `last`); throws NotThisRequest for what the executor answers. */
  size: (args: ArgumentValues) => number;
  /** The number of rows of the whole list (not just the page), as a scalar subquery; absent: not served. */
  count?: (row: Alias, scope: ReadScope) => RawBuilder<unknown>;
}

/**
 * How an input field of a filter narrows the rows (`extensions: filters(…)` on the input field):
 * `value` reads the parameter from the whole input object (null: the field does not narrow; it
 * may throw NotThisRequest for what the executor answers, an error or a case not compiled),
 * `cast` is its SQL type, and `where` the condition on `row` given that parameter. A request that
 * does not give the field gets `true` in place of the condition.
 */
export interface FilterRead {
  cast: string;
  value: (input: ArgumentValues, scope: ReadScope) => unknown;
  where: (row: Alias, value: RawBuilder<unknown>, scope: ReadScope) => RawBuilder<unknown>;
}

/** `extensions` of an input field that filters rows. */
export const filters = (read: FilterRead) => ({ filter: read });

/** The filter declaration of an input field, if it has one. */
export function filterOf(field: GraphQLInputField): FilterRead | undefined {
  return (field.extensions as { filter?: FilterRead } | undefined)?.filter;
}

export const value = (read: (row: Alias, scope: ReadScope) => RawBuilder<unknown>): FieldRead => ({
  kind: 'value',
  value: read,
});
/** A column of the parent's row. */
export const column = (name: string): FieldRead => value((row) => sql`${row}.${sql.raw(name)}`);
/** The Relay global id of the row's `id` (@pothos/plugin-relay's encodeGlobalID: base64 of "Type:id"). */
export const globalId = (typename: string): FieldRead =>
  value((row) => sql`encode(convert_to(${sql.lit(`${typename}:`)} || ${row}.id, 'UTF8'), 'base64')`);
export const one = (
  from: (row: Alias, child: Alias, scope: ReadScope) => RawBuilder<unknown>,
  missing: 'null' | 'executor' = 'null',
  joined?: string,
): FieldRead => ({
  kind: 'one',
  from,
  missing,
  ...(joined ? { joined } : {}),
});
export const many = (from: (row: Alias, child: Alias, scope: ReadScope) => ListRows): FieldRead => ({
  kind: 'many',
  from,
});
export const connection = (read: ConnectionRead): FieldRead => ({ kind: 'connection', ...read });
/** Objects by global id or slug (see FieldRead `byGlobalId`). */
export const byGlobalIds = (
  ids: (args: ArgumentValues) => readonly (ObjectKey | null)[],
  list: boolean,
  slugs = false,
): FieldRead => ({
  kind: 'byGlobalId',
  ids,
  list,
  slugs,
});
export const executorOnly = (reason: string): FieldRead => ({ kind: 'executor', reason });
/** A connection's total: the `count` of the connection field's declaration (executor where it has none). */
export const connectionCount = (): FieldRead => ({ kind: 'count' });

/**
 * What a field's JavaScript resolver reads of its parent's row when the declaration does not serve
 * the request (an executor-only field, an argument the declaration hands over, a summary still to
 * be generated): property name to a value over the parent's row. The resolver gets these
 * properties as its parent.
 */
export type Needs = Record<string, (row: Alias) => RawBuilder<unknown>>;

/** `extensions` of a field that reads `read`, and whose resolver reads `needs` when it answers. */
export const reads = (read: FieldRead, needs?: Needs) => (needs ? { read, needs } : { read });

/** The declaration of a field, if it has one. */
export function readOf(field: GraphQLField<unknown, unknown>): FieldRead | undefined {
  return (field.extensions as { read?: FieldRead } | undefined)?.read;
}

export function needsOf(field: GraphQLField<unknown, unknown>): Needs | undefined {
  return (field.extensions as { needs?: Needs } | undefined)?.needs;
}

/**
 * The key under which each object the generator writes for the executor names its type: the field
 * resolvers know by it that the parent is the generator's JSON of that type. Not `__typename`:
 * @apollo/subgraph writes that onto the rows `_entities` returns. No response key has this form.
 */
export const TYPE_TAG = '$type';
/** The key of what handed-over fields' resolvers read (a name no response key can have). */
export const NEEDS_KEY = '$needs';
/** Set on the parent a `one(…, 'executor')` field's resolver gets when the statement found no row. */
export const NO_STORED_ROW = Symbol('no stored row');

/** A column of the parent's row, as a need. */
export const need = (name: string) => (row: Alias) => sql`${row}.${sql.raw(name)}`;
