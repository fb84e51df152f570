// A TCP proxy on 127.0.0.1 between a client and a server, to cut connections on demand
// (a network blip during IDLE) without restarting the server.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections opened through the proxy so far. */
  connections(): number;
  /** Destroys every open connection (both sides see the connection drop). */
  cut(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: () => number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let opened = 0;
  const server: Server = createServer((client) => {
    opened += 1;
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort() });
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => opened,
    cut() {
      const n = open.size;
      for (const socket of open) socket.destroy();
      open.clear();
      return n;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
