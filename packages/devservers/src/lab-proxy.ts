import { createServer, connect, type Socket } from 'node:net';
import { freePort } from './ports.js';

/** A TCP relay to a local port that can cut its connections: a network blip as a client sees it. */
export interface TcpProxy {
  readonly port: number;
  /** Destroys every relayed connection now; new connections still work. */
  dropConnections(): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const dropConnections = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  const close = async (): Promise<void> => {
    dropConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, dropConnections, close, [Symbol.asyncDispose]: close };
}
