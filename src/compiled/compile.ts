import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isInputObjectType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  sql,
} from 'kysely';
import { DEFAULT_SEARCH_RANK_WINDOW, loadImagesConfig, type RenditionConfig } from '../config.js';
import { EXTRACTIVE_GENERATOR } from '../content/summary-model.js';
import { PUBLIC_VISIBILITY, type Visibility } from '../db/queries/articles.js';
import { codecFor, HANDOVER, HANDOVER_MARKER, runtimeCodec } from '../schema/codecs.js';
import {
  type Alias,
  type ArgumentValues,
  alias as aliasOf,
  type FieldRead,
  type FilterRead,
  filterOf,
  idBySlugOf,
  lookupOf,
  NEEDS_KEY,
  NotThisRequest,
  needsOf,
  type ObjectKey,
  type ReadScope,
  readOf,
  TYPE_TAG,
} from '../schema/read.js';
import { compileArgumentReader } from './variables.js';

export { HANDOVER_MARKER, NotThisRequest };

/**
 * Compiles a read-only operation into ONE SQL statement that returns the response's `data` as
 * JSON text, built by PostgreSQL in the exact shape (keys in selection order, aliases, scalars
 * serialised as the schema serialises them) that executing the operation would produce, as
 * join-monster and PostGraphile do for whole queries.
 *
 * Nothing here knows a type or a field by name: the statement is generated from the declarations
 * each field carries (`extensions.read`, src/schema/read.ts), and each value is written by the
 * codec of its GraphQL type (src/schema/codecs.ts). A field without a declaration, or declared
 * executor-only, a directive, or an argument value the executor would refuse makes the operation
 * or the single request take the ordinary executor, which is always correct.
 * tests/compiled.test.ts runs both paths on the same operations and compares the bytes.
 */

const usesVariables = (value: ValueNode): boolean =>
  value.kind === Kind.VARIABLE ||
  (value.kind === Kind.LIST && value.values.some(usesVariables)) ||
  (value.kind === Kind.OBJECT && value.fields.some((field) => usesVariables(field.value)));

/**
 * A constant parameter as SQL text: null, an integer or a word (enum names, plain slugs); undefined
 * for anything else, and for a value the request would refuse, which then stays a parameter and
 * is refused on each request by the field's own check.
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

/** `read()`, or undefined when it hands the request over. */
function readOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof NotThisRequest) return undefined;
    throw error;
  }
}

/** The input object argument `argument` of a field's arguments; {} when not given. */
const inputOf = (args: ArgumentValues, argument: string) => (args[argument] ?? {}) as ArgumentValues;

/** The parameter of an input field's `filters(…)` declaration: its value, as its cast (null when left out). */
const filterParam = (read: FilterRead, argument: string, scope: ReadScope) =>
  scope.param((args) => read.value(inputOf(args, argument), scope) ?? null, read.cast);

/** Thrown while compiling: the operation takes the executor, always. */
export class Unsupported extends Error {}

export interface CompiledOperation {
  /** The operation compiled (its variable definitions coerce each request's variables). */
  operation: OperationDefinitionNode;
  /** Returns one row with `data` (JSON text of the response's data). */
  text: string;
  /** The statement's parameters for one request's coerced variables; throws NotThisRequest. */
  parameters(variables: Record<string, unknown>): unknown[];
}

/** A parameter read from the request, as a Kysely value, replaced with its `$n` when inlined. */
class Slot {
  constructor(
    readonly read: ArgumentReader,
    readonly cast: string,
  ) {}
}

/** A nested object from a subquery that may find no row. */
const ORNULL = (subquery: string, missing = `'null'`) => `coalesce((${subquery}), ${missing})`;

type FieldMap = Map<string, FieldNode[]>;
type ArgumentReader = (variables: Record<string, unknown>) => unknown;

class Compiler {
  private readonly readers: ArgumentReader[] = [];
  private readonly constants = new WeakSet<ArgumentReader>();
  /** Checks of a request that add no parameter (they throw NotThisRequest). */
  private readonly checks: ArgumentReader[] = [];
  /** Each Slot's `$n` (a parameter a fragment uses twice is one parameter). */
  private readonly slots = new Map<Slot, string>();
  private aliases = 0;
  /** The request's variables when the statement is built for one request (the executor's reads). */
  private readonly runtime: Record<string, unknown> | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly options: Required<CompileOptions>,
    variables?: Record<string, unknown>,
  ) {
    this.runtime = variables;
  }

  get parameterReaders(): readonly ArgumentReader[] {
    return this.readers;
  }

  /**
   * The statement's text, `select <data>`, with every parameter it has typed. A parameter is made
   * where a fragment is inlined, and a fragment inlined for a value the selection then does not
   * write (a connection's size when its pageInfo reads neither side of it) leaves it out of the
   * text, where PostgreSQL cannot type it ("could not determine data type of parameter $1"): such
   * parameters are named once, as text, in a condition that is always true.
   */
  statement(data: string): string {
    const used = new Set([...data.matchAll(/\$(\d+)(?!\d)/g)].map((m) => Number(m[1])));
    const unused = this.readers.map((_, i) => i + 1).filter((n) => !used.has(n));
    if (unused.length === 0) return `select ${data}`;
    return `select ${data} where coalesce(${unused.map((n) => `$${n}::text`).join(', ')}, '') is not null`;
  }

  get requestChecks(): readonly ArgumentReader[] {
    return this.checks;
  }

  check(read: ArgumentReader): void {
    // For one request, a check fails here, at the field it belongs to (see object()).
    if (this.runtime) read(this.runtime);
    else this.checks.push(read);
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
    if (this.runtime) {
      const value = read(this.runtime);
      this.readers.push(() => value);
    } else this.readers.push(read);
    return `$${this.readers.length}::${cast}`;
  }

  /** Where the parameters and slots stand, to drop what a field that hands over had added. */
  private mark(): { readers: number; slots: Set<Slot> } {
    return { readers: this.readers.length, slots: new Set(this.slots.keys()) };
  }

  private rollback(mark: { readers: number; slots: Set<Slot> }): void {
    this.readers.length = mark.readers;
    for (const slot of this.slots.keys()) if (!mark.slots.has(slot)) this.slots.delete(slot);
  }

  type(name: string): GraphQLObjectType {
    return this.schema.getType(name) as GraphQLObjectType;
  }

  /** graphql-js's CollectFields for one concrete type, refusing directives (@skip, @include…). */
  collect(
    type: GraphQLObjectType,
    selectionSets: readonly SelectionSetNode[],
    out: FieldMap = new Map(),
    seen = new Set<string>(),
  ): FieldMap {
    for (const selectionSet of selectionSets) {
      for (const selection of selectionSet.selections) {
        if (selection.directives?.length && !this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const list = out.get(key);
          if (list) list.push(selection);
          else out.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (!selection.typeCondition || this.applies(selection.typeCondition.name.value, type))
            this.collect(type, [selection.selectionSet], out, seen);
        } else {
          const name = selection.name.value;
          if (seen.has(name)) continue;
          seen.add(name);
          const fragment = this.fragments[name];
          if (!fragment) throw new Unsupported(`fragment ${name}`);
          if (this.applies(fragment.typeCondition.name.value, type))
            this.collect(type, [fragment.selectionSet], out, seen);
        }
      }
    }
    return out;
  }

  /** @skip and @include, evaluated when the request's variables are known; any other directive is the executor's. */
  private included(selection: SelectionSetNode['selections'][number]): boolean {
    if (!this.runtime || selection.directives!.some((d) => d.name.value !== 'skip' && d.name.value !== 'include'))
      throw new Unsupported('directives');
    if (getDirectiveValues(GraphQLSkipDirective, selection, this.runtime)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, selection, this.runtime)?.if !== false;
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
    const prepared = compileArgumentReader(field, node);
    return (variables) => {
      if (last?.variables === variables) return last.values;
      let values: Record<string, unknown> | undefined;
      if (prepared) values = prepared(variables);
      else
        try {
          values = getArgumentValues(field, node, variables);
        } catch {
          values = undefined;
        }
      if (!values) throw new NotThisRequest('argument error');
      last = { variables, values };
      return values;
    };
  }

  /**
   * A JSON object as text, keys in selection order, written compactly as JSON.stringify writes it
   * (json_build_object would put spaces around every colon and comma). Every value is an SQL
   * expression that yields JSON text and is never NULL.
   */
  json(entries: [string, string][]): string {
    if (entries.length === 0) return `'{}'`;
    // One concat() builds the object in one allocation; a chain of || copies the text built so
    // far at every step (a whole article body, forty times over, on the article page).
    const parts = entries.flatMap(([key, value], i) => [literal(`${i === 0 ? '{' : ','}"${key}":`), value]);
    return `concat(${parts.join(', ')}, '}')`;
  }

  // ----- The generator: an object of any type from its fields' declarations -----

  /** A Kysely fragment as statement text; its parameters become this statement's (Slot) or literals. */
  inline(fragment: RawBuilder<unknown>): string {
    const compiled = fragment.compile(sqlCompiler);
    const replacements = compiled.parameters.map((value) => {
      if (value instanceof Slot) {
        let text = this.slots.get(value);
        if (text === undefined) {
          text = this.param(value.read, value.cast);
          this.slots.set(value, text);
        }
        return text;
      }
      if (value === null) return 'null';
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      this.readers.push(() => value);
      return `$${this.readers.length}`;
    });
    return compiled.sql.replace(/\$(\d+)/g, (_, n: string) => replacements[Number(n) - 1]!);
  }

  /** What a declaration of `parent.node` may ask while its SQL is built. */
  scope(parent: GraphQLObjectType, node: FieldNode): ReadScope {
    let args: ArgumentReader | undefined;
    const fieldArgs = () => (args ??= this.args(parent, node));
    const written = new Set(node.arguments?.map((argument) => argument.name.value));
    const slot = (read: (args: ArgumentValues) => unknown, cast: string) => {
      const source = fieldArgs();
      return new Slot(
        this.derive([source], (v) => read(source(v) as ArgumentValues)),
        cast,
      );
    };
    const scope: ReadScope = {
      param: (read, cast) => sql`${slot(read, cast)}`,
      slot: (read, cast) => slot(read, cast),
      check: (read) => {
        const source = fieldArgs();
        this.check((v) => read(source(v) as ArgumentValues));
      },
      written: (name) => written.has(name),
      known: (name) => {
        const known = this.knownArgs(parent, node);
        return known ? { value: known[name] } : undefined;
      },
      constant: (name) => constantArgument(node, name, this.runtime),
      alias: (prefix) => aliasOf(this.alias(prefix)),
      where: (argument, row) => this.where(parent, node, argument, row, scope),
      filterValue: (argument, field) => this.filterValue(parent, node, argument, field, scope),
      given: (argument) => this.given(parent, node, argument),
      unsupported: (reason) => {
        throw new Unsupported(reason);
      },
      settings: this.options,
      visibility: this.options.visibility,
    };
    return scope;
  }

  /**
   * The conditions the fields of an input object argument declare (`filters(…)`), each true when
   * the request leaves its field out. A given field without a declaration hands the request over.
   */
  private where(
    parent: GraphQLObjectType,
    node: FieldNode,
    argument: string,
    row: Alias,
    scope: ReadScope,
  ): RawBuilder<unknown> {
    const input = this.inputArgument(parent, node, argument);
    if (!input) throw new Unsupported(`${parent.name}.${node.name.value}(${argument}:) is not an input object`);
    // A field the arguments known while building leave out adds no condition, so the statement
    // holds only the filters used.
    const known = this.knownArgs(parent, node);
    const conditions: RawBuilder<unknown>[] = [];
    for (const field of Object.values(input.getFields())) {
      const read = filterOf(field);
      if (known && inputOf(known, argument)[field.name] == null) continue;
      if (!read) {
        scope.check((args) => {
          if (inputOf(args, argument)[field.name] != null) throw new NotThisRequest(`${argument}.${field.name}`);
        });
        continue;
      }
      const value = filterParam(read, argument, scope);
      conditions.push(sql`(${value} is null or ${read.where(row, value, scope)})`);
    }
    return conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `);
  }

  /** ReadScope.filterValue: the parameter an input field's `filters(…)` declares. */
  private filterValue(
    parent: GraphQLObjectType,
    node: FieldNode,
    argument: string,
    name: string,
    scope: ReadScope,
  ): RawBuilder<unknown> {
    const field = this.inputArgument(parent, node, argument)?.getFields()[name];
    const read = field && filterOf(field);
    if (!read) throw new Unsupported(`${parent.name}.${node.name.value}(${argument}: { ${name} }) declares no filter`);
    return filterParam(read, argument, scope);
  }

  /** The input object type of the argument `argument` of the field `node` of `parent`, when it is one. */
  private inputArgument(
    parent: GraphQLObjectType,
    node: FieldNode,
    argument: string,
  ): GraphQLInputObjectType | undefined {
    const definition = parent.getFields()[node.name.value]?.args.find((arg) => arg.name === argument);
    const input = definition && getNamedType(definition.type);
    return isInputObjectType(input) ? input : undefined;
  }

  /** A field's arguments when they are known while building (written out in the document, or this request's). */
  private knownArgs(parent: GraphQLObjectType, node: FieldNode): ArgumentValues | undefined {
    const source = this.args(parent, node);
    if (this.runtime) return source(this.runtime);
    return this.constants.has(source) ? readOrUndefined(() => source({})) : undefined;
  }

  /** ReadScope.given: the fields of an input object argument a request can give, when known while building. */
  private given(parent: GraphQLObjectType, node: FieldNode, argument: string): ReadonlySet<string> | undefined {
    const known = this.knownArgs(parent, node);
    if (known) {
      const input = (known[argument] ?? {}) as ArgumentValues;
      return new Set(Object.keys(input).filter((name) => input[name] != null));
    }
    const definition = parent.getFields()[node.name.value]?.args.find((arg) => arg.name === argument);
    const input = definition && getNamedType(definition.type);
    const written = node.arguments?.find((arg) => arg.name.value === argument)?.value;
    if (!definition || !isInputObjectType(input) || written?.kind === Kind.VARIABLE) return undefined;
    if (!written) return definition.defaultValue === undefined ? new Set() : undefined;
    if (written.kind !== Kind.OBJECT) return written.kind === Kind.NULL ? new Set() : undefined;
    // The fields written (not as null), and those the input type gives a default.
    const names = written.fields.filter((field) => field.value.kind !== Kind.NULL).map((field) => field.name.value);
    for (const field of Object.values(input.getFields())) if (field.defaultValue !== undefined) names.push(field.name);
    return new Set(names);
  }

  /** The JSON object of `type` for the row under `row`, with the fields selected. */
  object(type: GraphQLObjectType, row: Alias, fields: FieldMap): string {
    const entries: [string, string][] = [];
    // For the executor, each object carries its type (graphql-js resolves abstract types by it,
    // and the field resolvers know by it that they read this JSON) and, under NEEDS_KEY, what the
    // JavaScript resolvers of the fields it hands over read.
    if (this.runtime) entries.push([TYPE_TAG, literal(JSON.stringify(type.name))]);
    const needs = new Map<string, string>();
    for (const [key, nodes] of fields) {
      const node = nodes[0]!;
      const name = node.name.value;
      if (name === '__typename') {
        if (!this.runtime) entries.push([key, literal(JSON.stringify(type.name))]);
        continue;
      }
      const field = type.getFields()[name];
      const read = field && readOf(field);
      if (!field || !read) throw new Unsupported(`${type.name}.${name} declares no read`);
      if (!this.runtime) {
        entries.push([key, this.field(type, field, read, row, nodes)]);
        continue;
      }
      const mark = this.mark();
      try {
        entries.push([key, this.field(type, field, read, row, nodes)]);
        // A value the statement cannot write (the HANDOVER marker) is the field resolver's too.
        if (read.kind === 'one' && read.missing === 'executor') this.needs(type, field, row, needs);
      } catch (error) {
        if (!(error instanceof NotThisRequest || error instanceof Unsupported)) throw error;
        this.rollback(mark);
        this.needs(type, field, row, needs);
      }
    }
    if (needs.size > 0) entries.push([NEEDS_KEY, this.json([...needs])]);
    return this.json(entries);
  }

  /** Adds what the JavaScript resolver of `field` reads of the parent's row; without a statement of it, the parent hands over in turn. */
  private needs(
    type: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    row: Alias,
    out: Map<string, string>,
  ): void {
    const declared = needsOf(field);
    if (!declared) {
      throw new Unsupported(`${type.name}.${field.name} hands over without declaring what it reads`);
    }
    for (const [property, read] of Object.entries(declared)) {
      if (!out.has(property)) out.set(property, runtimeCodec(this.inline(read(row))));
    }
  }

  /** One field of `parent` (a root field, or a field of the row `root`) as JSON text, for the executor's resolver of it. */
  rootField(parent: GraphQLObjectType, nodes: readonly FieldNode[]): string {
    const field = parent.getFields()[nodes[0]!.name.value];
    const read = field && readOf(field);
    if (!field || !read) throw new Unsupported('no declaration');
    return this.field(parent, field, read, aliasOf('root'), nodes);
  }

  private field(
    parent: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    read: FieldRead,
    row: Alias,
    nodes: readonly FieldNode[],
  ): string {
    const node = nodes[0]!;
    const scope = this.scope(parent, node);
    switch (read.kind) {
      case 'executor':
        throw new Unsupported(`${parent.name}.${field.name}: ${read.reason}`);
      case 'count':
        // Written by the connection that holds it (connection()).
        throw new Unsupported(`${parent.name}.${field.name} outside a connection`);
      case 'value': {
        const codec = this.runtime ? runtimeCodec : codecFor(field.type);
        if (!codec) throw new Unsupported(`${parent.name}.${field.name}: no codec for ${String(field.type)}`);
        return codec(this.inline(read.value(row, scope)));
      }
      case 'one': {
        const type = this.objectType(field);
        // The row the parent's list already joined (ListRows `joins`): no second lookup.
        const joined = read.joined ? row.joins?.[read.joined] : undefined;
        if (joined) return this.object(type, joined, this.children(type, nodes));
        const child = scope.alias(type.name[0]!.toLowerCase());
        const from = this.inline(read.from(row, child, scope));
        return ORNULL(
          `select ${this.object(type, child, this.children(type, nodes))} from ${from}`,
          read.missing === 'executor' ? HANDOVER : `'null'`,
        );
      }
      case 'many': {
        const type = this.objectType(field);
        const child = scope.alias(type.name[0]!.toLowerCase());
        const { from, order, joins } = read.from(row, child, scope);
        if (joins) child.joins = joins;
        const fromText = this.inline(from);
        const item = this.object(type, child, this.children(type, nodes));
        return `coalesce((select '[' || string_agg(${item}, ',' order by ${this.inline(order)}) || ']' from ${fromText}), '[]')`;
      }
      case 'connection':
        return this.connection(parent, field, read, row, nodes, scope);
      case 'byGlobalId':
        return this.byGlobalId(parent, field, read, nodes, scope);
    }
  }

  /**
   * Objects of an abstract type by global id: each id's type is decoded from it per request, and
   * the statement branches on it to that type's lookup (its `lookupById` declaration) and the
   * selection as it applies to that type. Branches are written for the types the ids name when
   * they are known while building (this request's, or written in the document), else for every
   * type of the abstract type. An id that is not the id of one of them is null here; the
   * compiled plan hands such a request to the executor, whose resolver reports it.
   */
  private byGlobalId(
    parent: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    read: Extract<FieldRead, { kind: 'byGlobalId' }>,
    nodes: readonly FieldNode[],
    scope: ReadScope,
  ): string {
    const abstract = getNamedType(field.type);
    if (!isAbstractType(abstract)) throw new Unsupported(`${parent.name}.${field.name}: not an abstract type`);
    const types = new Map(this.schema.getPossibleTypes(abstract).map((type) => [type.name, type]));
    // A slug is a key only of a type that declares how its slug names its row.
    const typeOf = (id: ObjectKey | null) => {
      const type = id ? types.get(id.typename) : undefined;
      return type && (!('slug' in id!) || idBySlugOf(type)) ? type.name : null;
    };
    const source = this.args(parent, nodes[0]!);
    const known = this.runtime
      ? read.ids(source(this.runtime) as ArgumentValues)
      : this.constants.has(source)
        ? readOrUndefined(() => read.ids(source({}) as ArgumentValues))
        : undefined;
    if (!this.runtime) {
      scope.check((args) => {
        if (read.ids(args).some((id) => typeOf(id) === null)) throw new NotThisRequest('not a global id');
      });
    }
    const n = scope.alias('n');
    const typenames = this.inline(scope.param((args) => read.ids(args).map(typeOf), 'text[]'));
    const keyOf = (id: ObjectKey | null) => (typeOf(id) && 'key' in id! ? id.key : null);
    const keys = this.inline(scope.param((args) => read.ids(args).map(keyOf), 'int[]'));
    // Slugs only where the declaration's keys may be slugs and a type of them reads one: node's ids never are.
    const slugTypes = [...types.values()].filter((type) => idBySlugOf(type));
    const slugged =
      slugTypes.length > 0 && (known ? known.some((id) => id && 'slug' in id && typeOf(id)) : read.slugs === true);
    const slugOf = (id: ObjectKey | null) => (typeOf(id) && 'slug' in id! ? id.slug : null);
    const slugs = slugged ? this.inline(scope.param((args) => read.ids(args).map(slugOf), 'text[]')) : undefined;
    const branches: string[] = [];
    for (const type of types.values()) {
      if (known && !known.some((id) => typeOf(id) === type.name)) continue;
      const lookup = lookupOf(type);
      if (!lookup) throw new Unsupported(`${type.name} declares no lookup by id`);
      const idBySlug = slugged ? idBySlugOf(type) : undefined;
      // A scalar subquery of the outer row only: the lookup's index condition sees one value.
      const key = idBySlug ? sql`(select coalesce(${n}.k, ${idBySlug(sql`${n}.s`, scope)}))` : sql`${n}.k`;
      const child = scope.alias(type.name[0]!.toLowerCase());
      const from = this.inline(lookup(key, child, scope));
      const object = this.object(type, child, this.children(type, nodes));
      branches.push(`when ${literal(type.name)} then ${ORNULL(`select ${object} from ${from}`)}`);
    }
    const item = branches.length === 0 ? `'null'` : `case ${n.name}.t ${branches.join(' ')} else 'null' end`;
    const ids = slugs
      ? `unnest(${typenames}, ${keys}, ${slugs}) with ordinality ${n.name}(t, k, s, i)`
      : `unnest(${typenames}, ${keys}) with ordinality ${n.name}(t, k, i)`;
    return read.list
      ? `coalesce((select '[' || string_agg(${item}, ',' order by ${n.name}.i) || ']' from ${ids}), '[]')`
      : ORNULL(`select ${item} from ${ids}`);
  }

  /** The tag of an object written for the executor (see object()). */
  private tag(type: GraphQLObjectType): [string, string][] {
    return this.runtime ? [[TYPE_TAG, literal(JSON.stringify(type.name))]] : [];
  }

  /** A selected `__typename`: written by the statement, or for the executor left to graphql-js. */
  private typename(key: string, type: GraphQLObjectType): [string, string][] {
    return this.runtime ? [] : [[key, literal(JSON.stringify(type.name))]];
  }

  private objectType(field: GraphQLField<unknown, unknown>): GraphQLObjectType {
    const type = getNamedType(field.type);
    if (!isObjectType(type)) throw new Unsupported(`${field.name}: ${type.name} is not an object type`);
    return type;
  }

  /**
   * Whether a connection's page is read backwards: the field offers `last` (Relay's arguments)
   * and the request gives it. A compiled plan holds for the requests that agree with its document:
   * `last` written out (a variable too) reads backwards, and a request whose `last` is null then
   * takes the executor (and the other way round).
   */
  private backwards(
    parent: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    node: FieldNode,
    scope: ReadScope,
  ): boolean {
    if (!field.args.some((arg) => arg.name === 'last')) return false;
    const written = node.arguments?.find((arg) => arg.name.value === 'last');
    const backwards = this.runtime
      ? (this.args(parent, node)(this.runtime) as ArgumentValues).last != null
      : written !== undefined && written.value.kind !== Kind.NULL;
    scope.check((args) => {
      if ((args.last != null) !== backwards) throw new NotThisRequest('direction');
    });
    return backwards;
  }

  /**
   * A Relay connection's page. The connection, edge and PageInfo types are the same shape for
   * every connection; what rows, in what order and with what cursor is the field's declaration.
   *
   * The page's rows become one array, `array(select … from rows order by order)`: an ARRAY
   * subquery keeps its rows in its ORDER BY's order, and where the rows already arrive in that
   * order (a page read forwards) PostgreSQL adds no sort. Its elements are what the selection
   * writes per row: each `edges` selection's edge as JSON text, and the cursor when PageInfo
   * asks for one (then each element is an array of those, a two-dimensional array). With
   * pageInfo, one row more than the page is read, which tells whether there is a page past it in
   * reading order; the page is the array's first `size` rows in reading order. A page read
   * backwards (`last`) is ordered in the list's order all the same, so its extra row, if any, is
   * the array's first. (Was: row_number() over the reading order and an ordered string_agg
   * filtered on it, a WindowAgg and a second sort of the page; issue #14.)
   */
  private connection(
    parent: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    read: Extract<FieldRead, { kind: 'connection' }>,
    row: Alias,
    nodes: readonly FieldNode[],
    scope: ReadScope,
  ): string {
    const connection = this.objectType(field);
    const fields = this.children(connection, nodes);
    // The size as a Slot, so that the page's fragments and this text share one parameter.
    const size = scope.slot((args) => read.size(args), 'int');
    const sizeText = this.inline(sql`${size}`);
    const selected = (name: string) => [...fields.values()].filter((list) => list[0]!.name.value === name);
    const wantsPageInfo = selected('pageInfo').length > 0;
    const pageInfoType = wantsPageInfo ? this.objectType(connection.getFields().pageInfo!) : undefined;
    const pageInfoFields = new Set(
      selected('pageInfo').flatMap((list) =>
        [...this.children(pageInfoType!, list).values()].map((l) => l[0]!.name.value),
      ),
    );
    // An empty page reads nothing: no extra row says there is more (a page of 0 answers false).
    const limit = wantsPageInfo
      ? scope.slot((args) => {
          const rows = read.size(args);
          return rows === 0 ? 0 : rows + 1;
        }, 'int')
      : size;
    const backwards = this.backwards(parent, field, nodes[0]!, scope);
    const p = scope.alias('p');
    const page = read.page(row, p, { size: sql`${size}`, limit: sql`${limit}`, backwards }, scope);
    let cursor: string | undefined;
    const cursorText = () => (cursor ??= this.inline(page.cursor()));

    // The array's elements: one per `edges` selection, then the cursor if PageInfo writes one.
    const edgeCount = selected('edges').length;
    const wantsCursor = pageInfoFields.has('startCursor') || pageInfoFields.has('endCursor');
    // With nothing per row (totalCount alone), the page is read all the same: its parameters (a
    // cursor's) are read, and refused, as they would be with edges.
    const width = edgeCount + (wantsCursor ? 1 : 0) || 1;
    const columns: string[] = [];
    // Used once (one `edges`, no pageInfo), the array is written where it is used; else it is
    // read once into `c` (offset 0: pulled up, every use would read the page again).
    const c = scope.alias('c').name;
    const single = edgeCount === 1 && !wantsPageInfo;
    const array = () =>
      `array(select ${width === 1 ? columns[0] : `array[${columns.join(', ')}]`} from ${this.inline(page.rows)} order by ${this.inline(page.order)})`;
    const a = single ? undefined : `${c}.a`;
    const n = width > 1 ? `coalesce(array_length(${a}, 1), 0)` : `cardinality(${a})`;
    // The page's rows in the array: all of it without the extra row; else the first `size` rows in
    // reading order, which read backwards are its last.
    const first = () => (wantsPageInfo && backwards ? `greatest(${n} - ${sizeText}, 0) + 1` : '1');
    const last = () => (wantsPageInfo && !backwards ? `least(${n}, ${sizeText})` : n);
    const element = (k: string, column: number) => (width > 1 ? `${a}[${k}][${column}]` : `${a}[${k}]`);
    const edgesOf = (column: number) => {
      const kept = single ? array() : !wantsPageInfo && width === 1 ? a : `${a}[${first()}:${last()}]`;
      return `'[' || array_to_string(${width > 1 ? `${kept}[${column}:${column}]` : kept}, ',') || ']'`;
    };

    const entries: [string, string][] = this.tag(connection);
    for (const [key, list] of fields) {
      const name = list[0]!.name.value;
      if (name === '__typename') entries.push(...this.typename(key, connection));
      else if (name === 'edges') {
        const edge = this.objectType(connection.getFields().edges!);
        const edgeEntries: [string, string][] = this.tag(edge);
        for (const [edgeKey, edgeNodes] of this.children(edge, list)) {
          const edgeField = edgeNodes[0]!.name.value;
          if (edgeField === '__typename') edgeEntries.push(...this.typename(edgeKey, edge));
          else if (edgeField === 'cursor') edgeEntries.push([edgeKey, cursorText()]);
          else if (edgeField === 'node') {
            const nodeType = this.objectType(edge.getFields().node!);
            edgeEntries.push([edgeKey, this.object(nodeType, p, this.children(nodeType, edgeNodes))]);
          } else throw new Unsupported(`${edge.name}.${edgeField}`);
        }
        columns.push(this.json(edgeEntries));
        entries.push([key, edgesOf(columns.length)]);
      } else if (name === 'pageInfo') {
        // Rows past the page in reading order, and a cursor it starts at: which is the next page
        // and which the previous one depends on the direction.
        const past = `case when ${n} > ${sizeText} then 'true' else 'false' end`;
        const started = page.hasPrevious
          ? `case when ${this.inline(page.hasPrevious)} then 'true' else 'false' end`
          : `'false'`;
        entries.push([
          key,
          this.pageInfo(pageInfoType!, list, (k) => `coalesce(${element(k, width)}, 'null')`, first, last, {
            hasNextPage: backwards ? started : past,
            hasPreviousPage: backwards ? past : started,
          }),
        ]);
      } else {
        const other = connection.getFields()[name];
        const otherRead = other && readOf(other);
        if (other && otherRead?.kind === 'count' && read.count) {
          const codec = this.runtime ? runtimeCodec : codecFor(other.type);
          if (!codec) throw new Unsupported(`${connection.name}.${name}: no codec for ${String(other.type)}`);
          entries.push([key, codec(this.inline(read.count(row, scope)))]);
          continue;
        }
        throw new Unsupported(
          `${connection.name}.${name}${otherRead?.kind === 'executor' ? `: ${otherRead.reason}` : ''}`,
        );
      }
    }
    if (wantsCursor) columns.push(cursorText());
    else if (columns.length < width) columns.push(`''`);
    if (single) return this.json(entries);
    return `(select ${this.json(entries)} from (select ${array()} as a offset 0) ${c})`;
  }

  /**
   * PageInfo: whether there are pages on either side, as the direction of reading says; the
   * cursors of the page's first and last rows in the list's order (`cursor(k)`: the k-th row's).
   */
  private pageInfo(
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    cursor: (k: string) => string,
    first: () => string,
    last: () => string,
    sides: { hasNextPage: string; hasPreviousPage: string },
  ): string {
    const entries: [string, string][] = this.tag(type);
    for (const [key, list] of this.children(type, nodes)) {
      const name = list[0]!.name.value;
      if (name === '__typename') entries.push(...this.typename(key, type));
      else if (name === 'hasNextPage') entries.push([key, sides.hasNextPage]);
      else if (name === 'hasPreviousPage') entries.push([key, sides.hasPreviousPage]);
      else if (name === 'startCursor') entries.push([key, cursor(first())]);
      else if (name === 'endCursor') entries.push([key, cursor(last())]);
      else throw new Unsupported(`${type.name}.${name}`);
    }
    return this.json(entries);
  }
}

/** An enum argument written in the document, or undefined when absent; a variable is unsupported. */
function constantArgument(node: FieldNode, name: string, variables?: Record<string, unknown>): string | undefined {
  const argument = node.arguments?.find((arg) => arg.name.value === name);
  if (!argument) return undefined;
  if (variables && argument.value.kind === Kind.VARIABLE) {
    const value = variables[argument.value.name.value];
    return typeof value === 'string' ? value : undefined;
  }
  if (argument.value.kind !== Kind.ENUM) throw new Unsupported(`${name} must be a constant`);
  return argument.value.value;
}

/** Compiles the declarations' Kysely fragments to text without a connection. */
const sqlCompiler = new Kysely<never>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** The image settings when none are given: the defaults, as the configuration has them. */
const DEFAULT_IMAGES = loadImagesConfig({});

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
  /** Whom the statement reads for; the public unless said (compiled reads answer anonymous requests). */
  visibility?: Visibility;
  /** What generates summaries (summaryGeneratorOf, src/content/summary-model.ts): a stored generated summary answers only when it matches. */
  summaryGenerator?: string;
  /** How image rendition URLs are written and signed (IMAGE_PROXY_*; src/media/renditions.ts). */
  renditions?: RenditionConfig;
}

export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  {
    searchRankWindow = DEFAULT_SEARCH_RANK_WINDOW,
    search = true,
    visibility = PUBLIC_VISIBILITY,
    summaryGenerator = EXTRACTIVE_GENERATOR,
    renditions = DEFAULT_IMAGES.renditions,
  }: CompileOptions = {},
): CompiledOperation | null {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (operation?.operation !== 'query' || operation.directives?.length) return null;
  if (operation.variableDefinitions?.some((v) => v.directives?.length)) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const compiler = new Compiler(schema, fragments, {
    searchRankWindow,
    search,
    visibility,
    summaryGenerator,
    renditions,
  });
  let data: string;
  try {
    const query = compiler.type('Query');
    data = compiler.object(query, aliasOf('root'), compiler.collect(query, [operation.selectionSet]));
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  const readers = compiler.parameterReaders;
  const checks = compiler.requestChecks;
  return {
    operation,
    text: compiler.statement(`${data} as data`),
    parameters(variables) {
      for (const check of checks) check(variables);
      return readers.map((read) => read(variables));
    },
  };
}

/** A field's statement for one request of the executor: its JSON text, as `data`, and its parameters. */
export interface FieldStatement {
  text: string;
  parameters: unknown[];
}

export interface FieldRequest {
  schema: GraphQLSchema;
  parentType: GraphQLObjectType;
  fieldNodes: readonly FieldNode[];
  fragments: Record<string, FragmentDefinitionNode>;
  /** The request's coerced variables: @skip/@include and every argument are known. */
  variables: Record<string, unknown>;
  /** The parent's row, when the field is not a root field: its id (the row `root` of the statement). */
  parent?: { id: number };
}

/**
 * The statement that reads one field and everything selected under it, built from the same
 * declarations as compileOperation, for the executor's resolver of that field (src/schema/read-through.ts).
 * Fields under it that the declarations do not serve for this request are left to their resolvers
 * with what they declare they read (`needs`); null when the field itself is not served.
 */
export function compileField(request: FieldRequest, options: Required<CompileOptions>): FieldStatement | null {
  const compiler = new Compiler(request.schema, request.fragments, options, request.variables);
  const { parent } = request;
  let data: string;
  try {
    const from = parent ? ` from (select ${compiler.param(() => parent.id, 'int')} as id) root` : '';
    data = `${compiler.rootField(request.parentType, request.fieldNodes)} as data${from}`;
  } catch (error) {
    if (error instanceof Unsupported || error instanceof NotThisRequest) return null;
    throw error;
  }
  return { text: compiler.statement(data), parameters: compiler.parameterReaders.map((read) => read({})) };
}
