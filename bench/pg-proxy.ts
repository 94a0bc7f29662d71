import net from 'node:net';

/**
 * Counts SQL statements whatever server sends them: a TCP proxy in front of PostgreSQL that reads
 * the frontend protocol and counts Query ('Q', simple protocol) and Execute ('E', extended
 * protocol) messages. pg_stat_statements is not loaded on the shared PostgreSQL (it needs a
 * restart), and this counts PostGraphile and the floor the same way as Broadsheet. It sits in the
 * path only for the counting pass, never while throughput is measured.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export interface StatementProxy {
  port: number;
  /** Statements forwarded since the proxy started. */
  readonly statements: number;
  close(): Promise<void>;
}

export async function startStatementProxy(upstreamHost: string, upstreamPort: number): Promise<StatementProxy> {
  let statements = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, upstreamHost);
    sockets.add(client);
    sockets.add(upstream);
    let buffer: Buffer = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        if (startup) {
          if (buffer.length < 8) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readInt32BE(4);
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
          buffer = buffer.subarray(length);
        } else {
          if (buffer.length < 5) break;
          const length = buffer.readInt32BE(1);
          if (buffer.length < length + 1) break;
          const type = buffer[0];
          if (type === 0x51 /* Q */ || type === 0x45 /* E */) statements += 1;
          buffer = buffer.subarray(length + 1);
        }
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    get statements() {
      return statements;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
