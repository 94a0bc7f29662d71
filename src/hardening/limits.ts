import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
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
import { type ErrorCode, ErrorCode as Codes, httpError } from '../errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schema/pagination.js';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  maxVariablesBytes: number;
  /** Editors send whole articles (bodies up to 500 000 characters): credentialed requests get more room. */
  maxVariablesBytesAuthenticated: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 3000,
  maxCost: 10_000,
  maxVariablesBytes: 20_000,
  maxVariablesBytesAuthenticated: 2_000_000,
};

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

function intArgument(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((a) => a.name.value === name);
  if (!argument) return undefined;
  const { value } = argument;
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return typeof given === 'number' && Number.isFinite(given) ? given : MAX_PAGE_SIZE;
  }
  return undefined;
}

/**
 * How many objects a field can return per parent: `first`/`last` (or the argument's default) for
 * sized lists, the page size for connections, a fixed factor for other lists of objects.
 */
function multiplier(fieldDef: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number {
  const sized = intArgument(node, 'first', variables) ?? intArgument(node, 'last', variables);
  const sizeArg = fieldDef.args.find((a) => a.name === 'first' || a.name === 'last');
  const named = getNamedType(fieldDef.type);
  if (sizeArg) {
    const fallback = typeof sizeArg.defaultValue === 'number' ? sizeArg.defaultValue : DEFAULT_PAGE_SIZE;
    return Math.max(0, Math.min(sized ?? fallback, MAX_PAGE_SIZE));
  }
  if (isListType(getNullableType(fieldDef.type))) {
    // A connection's edges are already counted by the connection's own size.
    if (named.name.endsWith('Edge')) return 1;
    return isCompositeType(named) ? UNSIZED_LIST_FACTOR : 1;
  }
  return 1;
}

/**
 * Estimated objects a query resolves: each object field costs 1, multiplied by the sizes of the
 * lists above it. Fragments are costed once each, so a fragment bomb costs little to measure.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;
  const fragmentCost = new Map<string, number>();
  const visiting = new Set<string>();

  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.selectionSet) continue;
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const fieldDef = parent.getFields()[selection.name.value];
        if (!fieldDef) continue;
        total += multiplier(fieldDef, selection, variables) * (1 + costOf(selection.selectionSet, getNamedType(fieldDef.type)));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type) total += costOf(selection.selectionSet, type);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        let cost = fragmentCost.get(name);
        if (cost === undefined) {
          visiting.add(name);
          const type = schema.getType(fragment.typeCondition.name.value);
          cost = type ? costOf(fragment.selectionSet, type) : 0;
          visiting.delete(name);
          fragmentCost.set(name, cost);
        }
        total += cost;
      }
      if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
    }
    return total;
  };
  return costOf(operation.selectionSet, root);
}

/**
 * The cost when it is the same for every request: when no `first` or `last` takes a variable
 * (intArgument reads no other), so callers may compute it once per document. Undefined otherwise.
 */
export function fixedOperationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): number | undefined {
  let sized = false;
  visit(document, {
    Argument(node) {
      if ((node.name.value === 'first' || node.name.value === 'last') && node.value.kind === Kind.VARIABLE) sized = true;
    },
  });
  return sized ? undefined : operationCost(schema, document, operationName);
}

/** Bytes of the variables as JSON, as the variables limit counts them. */
export function variablesSize(variables: unknown): number {
  if (variables == null) return 0;
  try {
    return Buffer.byteLength(typeof variables === 'string' ? variables : JSON.stringify(variables));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Every limit of a request that reached GraphQL: tokens (at parse), depth, aliases and directives
 * (at validation), cost (at execution, when variables are known) and the size of the variables.
 */
export function useLimits(limits: Limits, options: { closed: boolean }): Plugin[] {
  const rules = [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reportWithCode(Codes.QUERY_TOO_DEEP) }),
    maxAliasesRule({ n: limits.maxAliases, ...reportWithCode(Codes.TOO_MANY_ALIASES) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportWithCode(Codes.TOO_MANY_DIRECTIVES) }),
    ...(options.closed ? [NoSchemaIntrospectionRule] : []),
  ];
  // The cost of a document whose page sizes are all written in it is the same on every request:
  // computed once per document yoga's parse cache hands out (and operation name).
  const fixed = new WeakMap<DocumentNode, Map<string, number | undefined>>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>) => {
    let byName = fixed.get(document);
    if (!byName) fixed.set(document, (byName = new Map()));
    const key = operationName ?? '';
    if (!byName.has(key)) byName.set(key, fixedOperationCost(schema, document, operationName));
    return byName.get(key) ?? operationCost(schema, document, operationName, variables);
  };
  const plugin: Plugin = {
    onParams({ params, request }) {
      const limit = request.headers.has('authorization') ? limits.maxVariablesBytesAuthenticated : limits.maxVariablesBytes;
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
            throw httpError(Codes.TOO_MANY_TOKENS, 400, `The document has more than ${limits.maxTokens} tokens`, { limit: limits.maxTokens });
          }
          throw error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const cost = costOf(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>);
      if (cost > limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            httpError(Codes.QUERY_TOO_COMPLEX, 400, `The query would resolve about ${cost} objects; the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`, {
              cost,
              limit: limits.maxCost,
            }),
          ],
        });
      }
    },
  };
  return options.closed ? [plugin, blockFieldSuggestionsPlugin() as Plugin] : [plugin];
}
