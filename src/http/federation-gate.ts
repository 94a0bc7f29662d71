import { createHash, timingSafeEqual } from 'node:crypto';
import { type DocumentNode, type FragmentDefinitionNode, getOperationAST, Kind, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, httpError } from '../errors.js';
import { markNotCacheable } from './http-cache.js';
import { perOperation } from './per-operation.js';
import { FEDERATION_SECRET_HEADER } from './response-cache.js';

/** Whether the operation asks for `_service` at its root, through aliases and fragments too. */
function selectsService(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (operation?.operation !== 'query') return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): boolean =>
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === '_service';
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name)) return false;
      seen.add(name);
      const fragment = fragments.get(name);
      return fragment ? walk(fragment.selectionSet) : false;
    });
  return walk(operation.selectionSet);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `_service { sdl }` is the whole schema, mutations included: what a gateway needs to compose,
 * and what closed introspection keeps from everyone else. Where introspection is closed it is
 * served only to requests carrying the gateway's shared secret (FEDERATION_SECRET) in
 * `x-federation-secret`, compared in constant time; with no secret configured, to nobody. Wherever
 * it is served, the answer is `Cache-Control: no-store` (and the response cache never keeps it).
 */
export function useFederationGate(options: { closed: boolean; secret?: string }): Plugin {
  const expected = options.secret ? digest(options.secret) : undefined;
  const asksForService = perOperation(selectsService);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!asksForService(args.document, args.operationName)) return;
      const request = (args.contextValue as { request?: Request }).request;
      if (request) markNotCacheable(request);
      if (!options.closed) return;
      const sent = request?.headers.get(FEDERATION_SECRET_HEADER);
      if (expected && sent && timingSafeEqual(digest(sent), expected)) return;
      setResultAndStopExecution({
        errors: [
          httpError(
            ErrorCode.FORBIDDEN,
            403,
            `The schema (_service) is served to federation gateways only: send the gateway's shared secret in the ${FEDERATION_SECRET_HEADER} header`,
          ),
        ],
      });
    },
  };
}
