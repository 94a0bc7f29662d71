import {
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  getVariableValues,
  isInputType,
  isLeafType,
  isNonNullType,
  Kind,
  typeFromAST,
  type ValueNode,
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

type ReadArguments = (variables: Record<string, unknown>) => Record<string, unknown> | undefined;

/**
 * A field's arguments from a request's coerced variables, read as graphql-js's getArgumentValues
 * reads them, prepared once: the same values (keys in the definition's order), or undefined where
 * getArgumentValues throws. Prepared only where each
 * argument written is a variable or holds none (a literal is read once); null otherwise, and
 * getArgumentValues reads them.
 */
export function compileArgumentReader(field: GraphQLField<unknown, unknown>, node: FieldNode): ReadArguments | null {
  const written = new Map((node.arguments ?? []).map((argument) => [argument.name.value, argument.value]));
  const steps: ((variables: Record<string, unknown>, out: Record<string, unknown>) => boolean)[] = [];
  for (const definition of field.args) {
    const { name, defaultValue } = definition;
    const nonNull = isNonNullType(definition.type);
    const value = written.get(name);
    if (!value || value.kind === Kind.VARIABLE) {
      const variable = value?.name.value;
      steps.push((variables, out) => {
        if (variable === undefined || !Object.hasOwn(variables, variable)) {
          if (defaultValue !== undefined) out[name] = defaultValue;
          else if (nonNull) return false;
          return true;
        }
        const given = variables[variable];
        // getArgumentValues refuses null for a non-null argument, and valueFromAST reads undefined as missing.
        if ((given === null && nonNull) || given === undefined) return false;
        out[name] = given;
        return true;
      });
      continue;
    }
    if (holdsVariables(value)) return null;
    const constant = value.kind === Kind.NULL && nonNull ? undefined : valueFromAST(value, definition.type);
    if (constant === undefined) return () => undefined;
    steps.push((_variables, out) => {
      out[name] = constant;
      return true;
    });
  }
  return (variables) => {
    const out: Record<string, unknown> = {};
    for (const step of steps) if (!step(variables, out)) return undefined;
    return out;
  };
}

const holdsVariables = (value: ValueNode): boolean =>
  value.kind === Kind.VARIABLE ||
  (value.kind === Kind.LIST && value.values.some(holdsVariables)) ||
  (value.kind === Kind.OBJECT && value.fields.some((field) => holdsVariables(field.value)));
