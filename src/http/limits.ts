import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../config.js';
import { createStatementBudget, runWithStatementBudget } from '../db/statement-budget.js';
import { type BroadsheetError, ErrorCode as Codes, type ErrorCode, httpError } from '../errors.js';
import { listSizeOf, weighsPerConnection, weightOf } from '../field-cost.js';
import { perDocument, perOperation } from './per-operation.js';
import { type BoundedJsonSize, JSON_BYTES_AS_WRITTEN, JSON_BYTES_AT_MOST, jsonBytes } from './response-size.js';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  maxVariablesBytes: number;
  /** Editors send whole articles (bodies up to 500 000 characters): credentialed requests get more room. */
  maxVariablesBytesAuthenticated: number;
  /** Characters of a `query` sent without credentials; editors' documents are bounded by the body limit. */
  maxDocumentBytes: number;
  /** Fields written in a document (graphql-js gives up validating a few hundred alike with "Validation aborted."). */
  maxFields: number;
  /** Items of any list in the arguments (`nodes(ids:)`, `_entities(representations:)`). */
  maxListLength: number;
  /** SQL statements one query may run: one request's share of the pool. */
  maxStatements: number;
  /** Pool connections one query holds at once; its other statements wait for these. */
  maxRequestConcurrency: number;
  /** Bytes of JSON one answer may take (a batch's answers together; each subscription event). */
  maxResponseBytes: number;
  /** The same for requests with credentials (editors' lists of whole bodies). */
  maxResponseBytesAuthenticated: number;
}

/** Cost factor of a list field that takes no size argument (an article's entities, say). */
export const UNSIZED_LIST_FACTOR = 10;

/** Re-issues a rejection with a stable code and a 400 that holds whatever the client accepts. */
function coded(error: GraphQLError, code: ErrorCode): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { code, http: { status: 400, spec: false } },
  });
}

/**
 * graphql-armor's rules throw bare GraphQLErrors out of validation; clients need a code to switch
 * on. Each rule reports through its onReject hook instead, with the code added.
 */
function reportWithCode(code: ErrorCode) {
  return {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(coded(error, code))],
  };
}

/** In production the schema dump (`__schema`) is refused; see also nullTypeLookups. */
export const NoSchemaIntrospectionRule: ValidationRule = (context) => ({
  Field(node: FieldNode) {
    if (node.name.value === '__schema') {
      context.reportError(
        new GraphQLError('Introspection is disabled on this server', {
          nodes: [node],
          extensions: { code: Codes.INTROSPECTION_DISABLED, http: { status: 400, spec: false } },
        }),
      );
    }
  },
});

/** A request's variables, and whether measuring read any: then the measure holds for this request only. */
interface Reading {
  variables: Record<string, unknown>;
  /** Items in the default value of each list variable the operation declares with one. */
  defaults: Map<string, number>;
  read: boolean;
}

function intArgument(field: FieldNode, name: string, reading: Reading): number | undefined {
  const argument = field.arguments?.find((a) => a.name.value === name);
  if (!argument) return undefined;
  const { value } = argument;
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind === Kind.VARIABLE) {
    reading.read = true;
    const given = reading.variables[value.name.value];
    return typeof given === 'number' && Number.isFinite(given) ? given : MAX_PAGE_SIZE;
  }
  return undefined;
}

/**
 * Items in the longest of a field's list arguments (`nodes(ids:)`, `_entities(representations:)`),
 * or undefined when it takes none. A single value where a list is expected counts as one item,
 * as GraphQL coerces it.
 */
function listArgumentLength(
  fieldDef: GraphQLField<unknown, unknown>,
  node: FieldNode,
  reading: Reading,
): number | undefined {
  let longest: number | undefined;
  for (const argumentDef of fieldDef.args) {
    if (!isListType(getNullableType(argumentDef.type))) continue;
    const given = node.arguments?.find((a) => a.name.value === argumentDef.name)?.value;
    let length: number;
    if (!given) length = Array.isArray(argumentDef.defaultValue) ? argumentDef.defaultValue.length : 0;
    else if (given.kind === Kind.LIST) length = given.values.length;
    else if (given.kind === Kind.NULL) length = 0;
    else if (given.kind === Kind.VARIABLE) {
      reading.read = true;
      const value = reading.variables[given.name.value];
      length = Array.isArray(value)
        ? value.length
        : value === undefined
          ? (reading.defaults.get(given.name.value) ?? 0)
          : value === null
            ? 0
            : 1;
    } else length = 1;
    longest = Math.max(longest ?? 0, length);
  }
  return longest;
}

/**
 * How many objects a field can return per parent: `first`/`last` (or the argument's default) for
 * sized lists, the page size for connections, the length of its list argument for lists looked up
 * by a list (`nodes(ids:)`), a fixed factor for other lists of objects. A field that returns one
 * object for a list of inputs counts once per input.
 */
function multiplier(fieldDef: GraphQLField<unknown, unknown>, node: FieldNode, reading: Reading): number {
  const listed = listArgumentLength(fieldDef, node, reading);
  const sized = intArgument(node, 'first', reading) ?? intArgument(node, 'last', reading);
  const sizeArg = fieldDef.args.find((a) => a.name === 'first' || a.name === 'last');
  const named = getNamedType(fieldDef.type);
  if (sizeArg) {
    const fallback = typeof sizeArg.defaultValue === 'number' ? sizeArg.defaultValue : DEFAULT_PAGE_SIZE;
    return Math.max(0, Math.min(sized ?? fallback, MAX_PAGE_SIZE)) * Math.max(1, listed ?? 1);
  }
  if (isListType(getNullableType(fieldDef.type))) {
    // A connection's edges are already counted by the connection's own size.
    if (named.name.endsWith('Edge')) return 1;
    if (!isCompositeType(named)) return 1;
    return listed ?? listSizeOf(fieldDef) ?? UNSIZED_LIST_FACTOR;
  }
  return Math.max(1, listed ?? 1);
}

function selectOperation(document: DocumentNode, operationName: string | null | undefined) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return { operation, fragments };
}

function costOfOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  reading: Reading,
): number {
  const { operation, fragments } = selectOperation(document, operationName);
  if (!operation) return 0;
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue?.kind === Kind.LIST)
      reading.defaults.set(definition.variable.name.value, definition.defaultValue.values.length);
  }
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;
  const fragmentCost = new Map<string, { cost: number; once: number }>();
  const visiting = new Set<string>();

  /**
   * The cost of a selection per object of `parent`. Weights counted once per connection
   * (countsList) go to `once` instead, which the connection adds outside its page's multiplier.
   */
  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, once: { total: number }): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const fieldDef = parent.getFields()[selection.name.value];
        if (!fieldDef) continue;
        // A scalar costs nothing unless its value grows with the content (weighs, beside the field).
        // A scalar with a list argument (`srcset(widths:)`) weighs once per item.
        if (!selection.selectionSet) {
          const weight = weightOf(fieldDef) * Math.max(1, listArgumentLength(fieldDef, selection, reading) ?? 1);
          if (weighsPerConnection(fieldDef)) once.total += weight;
          else total += weight;
        } else {
          const inner = { total: 0 };
          const each = costOf(selection.selectionSet, getNamedType(fieldDef.type), inner);
          // A field of objects that declared a weight (Article.relatedArticles) adds it once per parent.
          total += weightOf(fieldDef) + multiplier(fieldDef, selection, reading) * (1 + each) + inner.total;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type) total += costOf(selection.selectionSet, type, once);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        let cost = fragmentCost.get(name);
        if (cost === undefined) {
          visiting.add(name);
          const type = schema.getType(fragment.typeCondition.name.value);
          const inner = { total: 0 };
          cost = { cost: type ? costOf(fragment.selectionSet, type, inner) : 0, once: inner.total };
          visiting.delete(name);
          fragmentCost.set(name, cost);
        }
        total += cost.cost;
        once.total += cost.once;
      }
      if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
    }
    return total;
  };
  const once = { total: 0 };
  const total = costOf(operation.selectionSet, root, once);
  return total + once.total;
}

/** Items in the longest list anywhere in a JSON value (a variable's), walked without recursion. */
function longestJsonList(value: unknown): number {
  let longest = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      longest = Math.max(longest, current.length);
      for (const item of current) if (item !== null && typeof item === 'object') stack.push(item);
    } else if (current !== null && typeof current === 'object') {
      for (const item of Object.values(current)) if (item !== null && typeof item === 'object') stack.push(item);
    }
  }
  return longest;
}

/** The lists a document's arguments hold: the longest written in it, and the variables used in them. */
interface DocumentLists {
  longest: number;
  variables: string[];
}

function listsOf(document: DocumentNode): DocumentLists {
  let longest = 0;
  const variables = new Set<string>();
  visit(document, {
    ListValue(node) {
      longest = Math.max(longest, node.values.length);
    },
    Variable(node) {
      variables.add(node.name.value);
    },
    VariableDefinition(node) {
      // A definition is not a use of its variable; its default list counts as written.
      if (node.defaultValue?.kind === Kind.LIST) longest = Math.max(longest, node.defaultValue.values.length);
      return false;
    },
  });
  return { longest, variables: [...variables] };
}

/**
 * Items in the longest list the request's arguments hold, written in the document or sent as
 * variables (nested ones too: a list inside an input object or a `_Any` representation).
 */
function longestList(lists: DocumentLists, variables: Record<string, unknown>): number {
  let longest = lists.longest;
  for (const name of lists.variables) {
    const value = variables[name];
    if (value !== null && typeof value === 'object') longest = Math.max(longest, longestJsonList(value));
  }
  return longest;
}

export interface OperationMeasure {
  /** Estimated objects the operation resolves (see costOfOperation). */
  cost: number;
  /** Items in the longest list among its arguments. */
  longestList: number;
}

/** What the document alone decides of its measure, for callers that measure it once (compiled reads). */
export interface DocumentMeasure {
  /** The cost, when no variable decides it (no page size or list argument from a variable). */
  cost: number | undefined;
  lists: DocumentLists;
}

export function measureDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): DocumentMeasure {
  const reading: Reading = { variables: {}, defaults: new Map(), read: false };
  const cost = costOfOperation(schema, document, operationName, reading);
  return { cost: reading.read ? undefined : cost, lists: listsOf(document) };
}

/**
 * The one measure of an operation that the cost and list limits judge, for yoga's executor
 * (useLimits) and the compiled reads alike; `known` is what measureDocument found of it before.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
  known?: DocumentMeasure,
): OperationMeasure {
  const cost =
    known?.cost ?? costOfOperation(schema, document, operationName, { variables, defaults: new Map(), read: false });
  return { cost, longestList: longestList(known?.lists ?? listsOf(document), variables) };
}

/**
 * Estimated objects a query resolves: each object field costs 1, and a text field that grows with
 * the content its weight (src/field-cost.ts), multiplied by the sizes of the lists above it
 * (page sizes, list arguments). Fragments are costed once each, so a fragment bomb
 * costs little to measure.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): number {
  return measureOperation(schema, document, operationName, variables).cost;
}

/** The rejection an operation of this measure gets, or undefined when it is within the limits. */
export function operationLimitError(
  measure: OperationMeasure,
  limits: Pick<Limits, 'maxCost' | 'maxListLength'>,
): BroadsheetError | undefined {
  if (measure.longestList > limits.maxListLength) {
    return httpError(
      Codes.LIST_TOO_LONG,
      400,
      `A list argument holds ${measure.longestList} items; the limit is ${limits.maxListLength}. Send it in several requests.`,
      {
        length: measure.longestList,
        limit: limits.maxListLength,
      },
    );
  }
  if (measure.cost > limits.maxCost) {
    return httpError(
      Codes.QUERY_TOO_COMPLEX,
      400,
      `The query would resolve about ${measure.cost} objects; the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`,
      {
        cost: measure.cost,
        limit: limits.maxCost,
      },
    );
  }
  return undefined;
}

/** What an uploaded file counts for in the variables: its bytes have their own limit (IMAGE_MAX_BYTES). */
const FILE_VARIABLE_BYTES = 64;
/** An uploaded file in the variables: judged by shape (the fetch ponyfill's File is not the global class). */
export function isFileLike(value: unknown): value is Blob {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Blob).arrayBuffer === 'function' &&
    typeof (value as Blob).size === 'number'
  );
}
const fileAsPlaceholder = (_key: string, value: unknown) => (isFileLike(value) ? FILE_PLACEHOLDER : value);
const FILE_PLACEHOLDER = 'f'.repeat(FILE_VARIABLE_BYTES - 2);

/** Whether a value is not a plain object of plain values (a list, a file, something with toJSON, or holding any object). */
function holdsObjects(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || 'toJSON' in value || isFileLike(value))
    return true;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') return true;
  }
  return false;
}

/**
 * Bytes of the variables as JSON, as the variables limit counts them. An uploaded file (a Blob or
 * the fetch ponyfill's File, judged by shape) counts as FILE_VARIABLE_BYTES: written out, its
 * bytes would be turned into text, several characters each, before any limit could look.
 */
export function variablesSize(variables: unknown): number {
  if (variables == null) return 0;
  try {
    if (typeof variables === 'string') return Buffer.byteLength(variables);
    // A replacer costs a call for every value: it is needed only where a value is an object (a file is one).
    return Buffer.byteLength(JSON.stringify(variables, holdsObjects(variables) ? fileAsPlaceholder : undefined));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Fields written in a document, each fragment's once. */
function countFields(document: DocumentNode): number {
  let fields = 0;
  visit(document, {
    Field() {
      fields += 1;
    },
  });
  return fields;
}

/**
 * The size of an anonymous document is refused before anything hashes, parses or stores it (APQ
 * registration included), so this runs ahead of the persisted-query plugins.
 */
export function useDocumentSizeLimit(limits: Pick<Limits, 'maxDocumentBytes'>): Plugin {
  return {
    onParams({ params, request }) {
      const query = params?.query;
      if (typeof query !== 'string' || request.headers.has('authorization')) return;
      const limit = limits.maxDocumentBytes;
      if (query.length > limit || Buffer.byteLength(query) > limit) {
        throw httpError(
          Codes.DOCUMENT_TOO_LARGE,
          413,
          `Documents sent without credentials must be at most ${limit} bytes; send a persisted query's hash or a shorter document`,
          { limit },
        );
      }
    },
  };
}

function responseTooLarge(limit: number): BroadsheetError {
  return httpError(
    Codes.RESPONSE_TOO_LARGE,
    400,
    `The answer would take more than ${limit} bytes; ask for fewer or smaller fields`,
    { limit },
  );
}

const responseLimit = (limits: Limits, request: Request | undefined) =>
  request?.headers.has('authorization') ? limits.maxResponseBytesAuthenticated : limits.maxResponseBytes;

/**
 * Bytes a request's answers have taken so far (a batch's operations share its limit): those
 * measured, and those that fitted by their bound (JSON_BYTES_AT_MOST), measured only if a later
 * answer of the request needs the exact count (a single operation never does).
 */
interface Charged {
  bytes: number;
  bounded: BoundedJsonSize[];
  atMost: number;
}
const responseBytesUsed = new WeakMap<Request, Charged>();

/** Counts `result` against its request's answer bytes; false when it does not fit (then nothing more of the request does). */
function chargeResponse(request: Request | undefined, maxBytes: number, result: unknown): boolean {
  let charged = request && responseBytesUsed.get(request);
  if (!charged) {
    charged = { bytes: 0, bounded: [], atMost: 0 };
    if (request) responseBytesUsed.set(request, charged);
  }
  const bound = (result as Partial<BoundedJsonSize> | null | undefined)?.[JSON_BYTES_AT_MOST];
  if (typeof bound === 'number' && charged.bytes + charged.atMost + bound <= maxBytes) {
    charged.bounded.push(result as BoundedJsonSize);
    charged.atMost += bound;
    return true;
  }
  for (const earlier of charged.bounded) charged.bytes += earlier[JSON_BYTES_AS_WRITTEN]();
  charged.bounded = [];
  charged.atMost = 0;
  const size = jsonBytes(result, maxBytes - charged.bytes);
  const fits = charged.bytes + size <= maxBytes;
  charged.bytes = fits ? charged.bytes + size : maxBytes;
  return fits;
}

/**
 * Every limit of a request that reached GraphQL: tokens (at parse), fields, depth, aliases and
 * directives (at validation), cost and list lengths (at execution, when variables are known), the
 * size of the variables, the SQL statements a query runs, and the size of its answer.
 */
export function useLimits(limits: Limits, options: { closed: boolean }): Plugin[] {
  const rules = [
    maxDepthRule({
      n: limits.maxDepth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...reportWithCode(Codes.QUERY_TOO_DEEP),
    }),
    // graphql-armor leaves `__typename` aliases out by default: a thousand of them cost as much to
    // validate and answer as a thousand of anything else.
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...reportWithCode(Codes.TOO_MANY_ALIASES) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportWithCode(Codes.TOO_MANY_DIRECTIVES) }),
    ...(options.closed ? [NoSchemaIntrospectionRule] : []),
  ];
  // What a document alone decides of its measure (its cost, when no variable sets it) and whether
  // the operation is a query, found once per document yoga's document cache hands out and
  // operation name: about 30 µs a request on the article page otherwise.
  const knownMeasure = perOperation((document, operationName, schema: GraphQLSchema) => ({
    measure: measureDocument(schema, document, operationName),
    query: selectOperation(document, operationName).operation?.operation === 'query',
  }));
  // Fields written in a document, counted on every validation otherwise (yoga's validation cache
  // skips graphql-js, not the hooks).
  const fieldsOf = perDocument(countFields);
  // Validation results by document, in place of yoga's validation cache, which keys each lookup by
  // the names of all the rules joined into a string (about 1.5% of a compiled read's CPU). The
  // rules are the same on every request: graphql-js's and the ones added here. The hooks after
  // this one (field suggestions hidden) run on a remembered result as on a new one.
  let validatedSchema: GraphQLSchema | undefined;
  let validated = new WeakMap<DocumentNode, Error[]>();
  const plugin: Plugin = {
    onParams({ params, request }) {
      const limit = request.headers.has('authorization')
        ? limits.maxVariablesBytesAuthenticated
        : limits.maxVariablesBytes;
      if (variablesSize(params?.variables) > limit) {
        throw httpError(Codes.VARIABLES_TOO_LARGE, 413, `Variables must be at most ${limit} bytes of JSON`, { limit });
      }
    },
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => {
        try {
          return parse(source, { ...parseOptions, maxTokens: limits.maxTokens });
        } catch (error) {
          if (error instanceof GraphQLError && /contains more th\w+ \d+ tokens/.test(error.message)) {
            throw httpError(Codes.TOO_MANY_TOKENS, 400, `The document has more than ${limits.maxTokens} tokens`, {
              limit: limits.maxTokens,
            });
          }
          throw error;
        }
      });
    },
    onValidate({ params, addValidationRule, setResult }) {
      if (params.schema !== validatedSchema) {
        validatedSchema = params.schema;
        validated = new WeakMap();
      }
      const known = validated.get(params.documentAST);
      if (known) {
        setResult(known);
        return;
      }
      for (const rule of rules) addValidationRule(rule);
      // Counted before validating: comparing every pair of fields is what makes graphql-js give up.
      const fields = fieldsOf(params.documentAST);
      if (fields > limits.maxFields) {
        setResult([
          new GraphQLError(`The document has ${fields} fields; the limit is ${limits.maxFields}`, {
            extensions: { code: Codes.TOO_MANY_FIELDS, limit: limits.maxFields, http: { status: 400, spec: false } },
          }),
        ]);
        return;
      }
      const document = params.documentAST;
      return ({ result, setResult: replace }) => {
        // graphql-js stops validating a document whose fields or fragments take too much work to
        // compare and says only "Validation aborted."
        let final = result;
        if (result.some((e) => e instanceof GraphQLError && e.message === 'Validation aborted.')) {
          final = result.map((e) =>
            e instanceof GraphQLError && e.message === 'Validation aborted.'
              ? new GraphQLError(
                  'The document takes too much work to validate: send fewer fields, or fewer fragments spread into one another',
                  {
                    extensions: {
                      code: Codes.TOO_MANY_FIELDS,
                      limit: limits.maxFields,
                      http: { status: 400, spec: false },
                    },
                  },
                )
              : e,
          );
          replace(final as Error[]);
        }
        validated.set(document, final as Error[]);
      };
    },
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const known = knownMeasure(args.document, args.operationName, args.schema);
      const measure = measureOperation(args.schema, args.document, args.operationName, variables, known.measure);
      const rejected = operationLimitError(measure, limits);
      if (rejected) {
        setResultAndStopExecution({ errors: [rejected] });
        return;
      }
      if (!known.query) return;
      // Queries only: a mutation that ran out halfway would leave its earlier writes unreported.
      const budget = createStatementBudget(limits.maxStatements, limits.maxRequestConcurrency);
      setExecuteFn((executeArgs) => runWithStatementBudget(budget, () => executeFn(executeArgs)));
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      const maxBytes = responseLimit(limits, request);
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          if (budget.exceeded) {
            setResult({
              errors: [
                httpError(
                  Codes.TOO_MANY_STATEMENTS,
                  400,
                  `The query needs more than ${limits.maxStatements} database statements; ask for fewer objects or nested lists`,
                  {
                    limit: limits.maxStatements,
                  },
                ),
              ],
            });
            return;
          }
          // Measured before yoga serialises it; a batch's answers count together.
          if (!chargeResponse(request, maxBytes, result)) setResult({ errors: [responseTooLarge(maxBytes)] });
        },
      };
    },
    onSubscribe({ args }) {
      const maxBytes = responseLimit(limits, (args.contextValue as { request?: Request } | undefined)?.request);
      return {
        onSubscribeResult() {
          return {
            // Each event on its own: an oversized one becomes an error, the stream goes on.
            onNext({ result, setResult }) {
              if (jsonBytes(result, maxBytes) > maxBytes) setResult({ errors: [responseTooLarge(maxBytes)] });
            },
          };
        },
      };
    },
  };
  return options.closed ? [plugin, blockFieldSuggestionsPlugin() as Plugin] : [plugin];
}
