import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Cuts the next connection (both sides) once this many bytes went from server to client. */
  cutAfterBytes(n: number): void;
  /** Whether a planned cut happened. */
  cut: boolean;
  /** Drops every open connection (a NAT timeout, a server restart) and keeps accepting new ones. */
  dropAll(): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy in front of a server: counts connections and can cut one mid-stream. */
export async function startProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let cutAt: number | null = null;
  const state = { connections: 0, cut: false };
  const server: Server = createServer((client) => {
    state.connections++;
    const plan = cutAt;
    cutAt = null;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let sent = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (plan !== null && sent + chunk.length >= plan) {
        client.write(chunk.subarray(0, Math.max(0, plan - sent)));
        state.cut = true;
        client.destroy();
        upstream.destroy();
        return;
      }
      sent += chunk.length;
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as { port: number }).port,
    get connections() {
      return state.connections;
    },
    get cut() {
      return state.cut;
    },
    cutAfterBytes(n) {
      cutAt = n;
    },
    dropAll() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
