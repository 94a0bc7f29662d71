import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { clientAddress, clientKey } from '../src/http/client-address.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { appWithHttpPlugins, listenHttp } from './helpers/http.js';

describe('clientAddress and clientKey (TRUSTED_PROXIES, IPv6 /64)', () => {
  const proxies = loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1, fd00::/8' }).httpPlugins.trustedProxies;

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.5', proxies)).toBe('198.51.100.7');
    expect(clientAddress('198.51.100.7', '203.0.113.5', [])).toBe('198.51.100.7');
    expect(clientAddress('127.0.0.1', '203.0.113.5', [])).toBe('127.0.0.1');
  });

  it('takes the right-most untrusted X-Forwarded-For entry behind trusted proxies', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.5', proxies)).toBe('203.0.113.5');
    // What the client wrote itself (left of the address nginx appended) is not believed.
    expect(clientAddress('127.0.0.1', '1.2.3.4, 203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', ['1.2.3.4, 203.0.113.5', '10.1.2.3'], proxies)).toBe('203.0.113.5');
    expect(clientAddress('10.9.9.9', '2001:db8::1, fd12::3', proxies)).toBe('2001:db8::1');
    // A garbled entry ends the walk at the proxy that passed it on.
    expect(clientAddress('127.0.0.1', 'not-an-ip', proxies)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '203.0.113.5, junk, 10.0.0.2', proxies)).toBe('10.0.0.2');
    // Only trusted hops: the left-most.
    expect(clientAddress('127.0.0.1', '10.0.0.1, 10.0.0.2', proxies)).toBe('10.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
    expect(clientAddress(undefined, '203.0.113.5', proxies)).toBe('unknown');
  });

  it('keys IPv6 clients by their /64 and IPv4 clients by their address', () => {
    expect(clientKey('203.0.113.5')).toBe('203.0.113.5');
    expect(clientKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:db8:aa:bb::ffff')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:0DB8:00aa:00bb:ffff:ffff:ffff:ffff')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(clientKey('2001:db8:aa:bb::1')).toBe(clientKey('2001:db8:aa:bb:9:9:9:9'));
    expect(clientKey('2001:db8:aa:bc::1')).not.toBe(clientKey('2001:db8:aa:bb::1'));
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or CIDR range, naming the setting', () => {
    expect(loadConfig({}).httpPlugins.trustedProxies).toEqual([]);
    for (const bad of ['nginx', '10.0.0.0/33', '10.0.0.1/8/1', 'fd00::/129', '10.0.0.1,', '10.0.0.0/x']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(
        /^Invalid configuration: TRUSTED_PROXIES=.*\(expected comma-separated IP addresses or CIDR ranges/,
      );
    }
  });
});

describe('per-client subscription caps behind a proxy', () => {
  let database: TestDatabase;
  let direct: string;
  let proxied: string;
  const held: (() => void)[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    direct = await listenHttp(appWithHttpPlugins(database, { subscriptions: { maxPerClient: 2 } }));
    proxied = await listenHttp(
      appWithHttpPlugins(database, {
        subscriptions: {
          maxPerClient: 2,
          trustedProxies: loadConfig({ TRUSTED_PROXIES: '127.0.0.1' }).httpPlugins.trustedProxies,
        },
      }),
    );
  }, 60_000);

  afterAll(() => {
    for (const close of held) close();
  });

  /** Opens an SSE subscription with the X-Forwarded-For given; resolves with its status (the stream is held). */
  function openStream(url: string, forwardedFor: string): Promise<number> {
    const { port } = new URL(url);
    const body = JSON.stringify({ query: 'subscription { articlePublished { slug } }' });
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-forwarded-for': forwardedFor },
        },
        (response) => {
          response.on('error', () => {});
          held.push(() => request.destroy());
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: one address, one share', async () => {
    const statuses = [];
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) statuses.push(await openStream(direct, client));
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('applies the cap to each forwarded client behind a trusted proxy, whatever the client writes left of it', async () => {
    const statuses = [];
    for (const forwarded of [
      '203.0.113.1',
      '203.0.113.1',
      '198.51.100.9, 203.0.113.1',
      '203.0.113.2',
      '2001:db8:1:2::5',
      '2001:db8:1:2::6',
      '2001:db8:1:2::7',
      '2001:db8:1:3::7',
    ]) {
      statuses.push(await openStream(proxied, forwarded));
    }
    expect(statuses).toEqual([200, 200, 429, 200, 200, 200, 429, 200]);
  });
});
