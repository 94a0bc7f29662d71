import {
  type GraphQLSchema,
  getVariableValues,
  isInputType,
  isLeafType,
  isNonNullType,
  typeFromAST,
  type VariableDefinitionNode,
  valueFromAST,
} from 'graphql';

type Coerce = (inputs: Record<string, unknown>) => Record<string, unknown> | undefined;

/**
 * Variable coercion for one operation, prepared once, as graphql-jit prepares it. The variables of
 * page queries are scalars and enums (a slug, a page size, a summary length), and coercing one is a
 * call of its type's own parseValue; graphql-js's getVariableValues re-reads the operation's
 * definitions and builds an error path for every value on every request. An operation with a list
 * or input-object variable is coerced by getVariableValues itself.
 *
 * Same results as getVariableValues (tests/compiled-variables.test.ts compares them on random
 * values): the coerced values, or undefined where getVariableValues reports errors.
 */
export function compileVariableCoercion(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[]): Coerce {
  const general: Coerce = (inputs) => {
    const result = getVariableValues(schema, definitions, inputs);
    return result.errors ? undefined : result.coerced;
  };
  const steps: ((inputs: Record<string, unknown>, out: Record<string, unknown>) => boolean)[] = [];
  for (const definition of definitions) {
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type)) return general;
    const nonNull = isNonNullType(type);
    const named = nonNull ? type.ofType : type;
    if (!isLeafType(named)) return general;
    const name = definition.variable.name.value;
    const fallback = definition.defaultValue ? valueFromAST(definition.defaultValue, type) : undefined;
    if (definition.defaultValue && fallback === undefined) return general;
    steps.push((inputs, out) => {
      if (!Object.hasOwn(inputs, name)) {
        if (definition.defaultValue) out[name] = fallback;
        return !nonNull || definition.defaultValue !== undefined;
      }
      const value = inputs[name];
      if (value == null) {
        out[name] = null;
        return !nonNull;
      }
      let parsed: unknown;
      try {
        parsed = named.parseValue(value);
      } catch {
        return false;
      }
      out[name] = parsed;
      return parsed !== undefined;
    });
  }
  return (inputs) => {
    const out: Record<string, unknown> = {};
    for (const step of steps) if (!step(inputs, out)) return undefined;
    return out;
  };
}
