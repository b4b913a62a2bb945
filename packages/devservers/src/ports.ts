import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * Ports this process handed out: a server given one may not have bound it yet, and the kernel
 * may offer the same number again in the meantime.
 */
const handedOut = new Set<number>();

/**
 * Asks the kernel for a port on 127.0.0.1 free for TCP and UDP (SIP servers bind both; WebRTC and
 * Janus hold many UDP ports in the same range); two runs never collide on a fixed number.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await listenOnce(0);
    if (handedOut.has(port) || !(await udpFree(port))) continue;
    handedOut.add(port);
    return port;
  }
}

/** `port` when nothing holds it, else a free one: stable URLs for `npm start`, never a clash. */
export async function preferredPort(port: number): Promise<number> {
  return listenOnce(port).catch(() => freePort());
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port the kernel gave'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.unref();
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
