import { Environment, type FetchFunction, Network, RecordSource, Store } from 'relay-runtime';

/** A Relay environment for Broadsheet; give an editor's API token to use the editorial API. */
export function createRelayEnvironment(url: string, token?: string) {
  const fetchGraphQL: FetchFunction = async (request, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: request.text, variables }),
    });
    return await response.json();
  };
  return new Environment({ network: Network.create(fetchGraphQL), store: new Store(new RecordSource()) });
}
