import type { Duplex } from 'node:stream';
import { DEFAULT_STREAM_GUARD_SWEEP_MS } from './config.js';

/** The transports whose streams are guarded, as the metric labels them. */
export type StreamTransport = 'http' | 'websocket';

export interface StreamGuardOptions {
  /** Bytes a stream's socket may hold unsent before its client must show it reads. */
  maxBufferedBytes: number;
  /** Bytes all streams' sockets together may hold unsent; past it, streams whose clients took nothing for a sweep go, largest first. */
  maxTotalBufferedBytes: number;
  /** How often held streams are looked at besides at each write. */
  sweepMs?: number;
  /** Called once for each stream closed because its client stopped reading. */
  onOverflow?(transport: StreamTransport): void;
}

export interface StreamGuard {
  /** Watches a subscription stream's socket (SSE, multipart or WebSocket) until it closes or the returned function is called. */
  watch(socket: Duplex, transport: StreamTransport): () => void;
  /** Streams watched now. */
  watched(): number;
  stop(): void;
}

interface Watched {
  transport: StreamTransport;
  /** When the stream was seen over the cap with no byte taken since: the kernel's count, and the sweep. */
  over?: { taken: number; sweep: number };
  /** The kernel's count at the last sweep. */
  takenAtSweep: number;
}

type Counted = Duplex & { bytesWritten?: number };

/** Bytes node holds for the socket: what the client has not read yet, past the kernel's buffers. */
const pending = (socket: Duplex) => socket.writableLength;
/** Bytes handed to the kernel so far (node's bytesWritten counts the ones still held too). */
const taken = (socket: Counted) => (socket.bytesWritten ?? 0) - socket.writableLength;

/**
 * Ends subscription streams whose clients stop reading. Node holds what a socket cannot send in
 * memory outside the heap, and a subscription pushes events whether or not its client reads them
 * (a WebSocket without waiting at all, an HTTP stream one event ahead), so a few streams of large
 * events that nobody reads hold hundreds of MB. A stream whose socket holds more than
 * `maxBufferedBytes` is marked (at a write or a sweep); if its client has taken no byte by a sweep
 * a whole sweep interval later, the socket is destroyed (a close frame or a last event could not reach a client that does not read).
 * A client that reads slowly but reads keeps its stream. All streams together are bounded too
 * (`maxTotalBufferedBytes`): past it, at a sweep, streams whose clients took nothing since the last
 * sweep are closed, those holding the most first, until the rest fit.
 */
export function createStreamGuard(options: StreamGuardOptions): StreamGuard {
  const streams = new Map<Duplex, Watched>();
  let sweeps = 0;
  // Writes only mark: node writes one event in several calls in the same turn, with no time to read.
  const check = (socket: Duplex, watched: Watched, judge: boolean) => {
    if (socket.destroyed) return;
    if (pending(socket) <= options.maxBufferedBytes) {
      watched.over = undefined;
      return;
    }
    const now = taken(socket);
    if (watched.over === undefined || now > watched.over.taken) {
      watched.over = { taken: now, sweep: sweeps };
      return;
    }
    if (!judge || sweeps - watched.over.sweep < 2) return;
    close(socket, watched);
  };
  const close = (socket: Duplex, watched: Watched) => {
    streams.delete(socket);
    socket.destroy();
    options.onOverflow?.(watched.transport);
  };
  const sweep = setInterval(() => {
    sweeps += 1;
    let total = 0;
    const stalled: [Duplex, Watched, number][] = [];
    for (const [socket, watched] of streams) {
      check(socket, watched, true);
      if (!streams.has(socket) || socket.destroyed) continue;
      const held = pending(socket);
      const now = taken(socket);
      total += held;
      if (held > 0 && now === watched.takenAtSweep) stalled.push([socket, watched, held]);
      watched.takenAtSweep = now;
    }
    if (total <= options.maxTotalBufferedBytes) return;
    stalled.sort((a, b) => b[2] - a[2]);
    for (const [socket, watched, held] of stalled) {
      if (total <= options.maxTotalBufferedBytes) break;
      close(socket, watched);
      total -= held;
    }
  }, options.sweepMs ?? DEFAULT_STREAM_GUARD_SWEEP_MS);
  sweep.unref();
  return {
    watch(socket, transport) {
      if (streams.has(socket)) return () => {};
      const watched: Watched = { transport, takenAtSweep: taken(socket) };
      streams.set(socket, watched);
      const write = socket.write;
      socket.write = function guardedWrite(this: Duplex, ...args: unknown[]) {
        const result = (write as (...a: unknown[]) => boolean).apply(this, args);
        check(socket, watched, false);
        return result;
      } as typeof socket.write;
      // A kept-alive socket serves other requests once its stream ends: they are not watched.
      const unwatch = () => {
        if (streams.get(socket) !== watched) return;
        streams.delete(socket);
        socket.write = write;
      };
      socket.once('close', unwatch);
      return unwatch;
    },
    watched: () => streams.size,
    stop: () => clearInterval(sweep),
  };
}
