import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getArgumentValues,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/**
 * What a resolver's caller selected below it, so that a root resolver reads only what is selected
 * (search computes highlights only when they are).
 *
 * Deliberately a SUPERSET of what will execute: fields under any fragment or inline fragment are
 * collected whatever their type condition, and @skip/@include are ignored. Over-reading only
 * fetches a little more.
 */
export class Lookahead {
  private constructor(
    private readonly fields: ReadonlyMap<string, readonly FieldNode[]>,
    private readonly info: Pick<GraphQLResolveInfo, 'fragments' | 'variableValues'>,
  ) {}

  /** The selection under the field being resolved. */
  static of(info: GraphQLResolveInfo): Lookahead {
    return new Lookahead(collect(info.fieldNodes, info.fragments), info);
  }

  has(name: string): boolean {
    return this.fields.has(name);
  }

  hasAny(names: readonly string[]): boolean {
    return names.some((name) => this.fields.has(name));
  }

  /** The merged selection under every occurrence (any alias) of a child field. */
  child(name: string): Lookahead {
    return new Lookahead(collect(this.fields.get(name) ?? [], this.info.fragments), this.info);
  }

  /** The argument values of every occurrence (any alias) of a child field, defaults applied. */
  argumentsOf(type: GraphQLObjectType, name: string): Record<string, unknown>[] {
    const definition = type.getFields()[name];
    if (!definition) return [];
    return (this.fields.get(name) ?? []).map((node) => getArgumentValues(definition, node, this.info.variableValues));
  }
}

function collect(
  nodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const list = fields.get(name);
        if (list) list.push(selection);
        else fields.set(name, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        visit(fragments[name]?.selectionSet);
      }
    }
  };
  for (const node of nodes) visit(node.selectionSet);
  return fields;
}
