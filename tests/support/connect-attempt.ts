import { get } from 'node:http';
import WebSocket from 'ws';
import { httpsRequest } from './https-request.js';

/**
 * How a connection from Node went, as one string a test can compare: `open` / `answered <status>`,
 * `refused <status>` (the server answered the WebSocket upgrade with an HTTP error), or
 * `failed <code>` (TLS or the socket failed first: e.g. a certificate no trusted CA signed).
 */
export type Attempt = string;

const failed = (error: unknown): Attempt => `failed ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;

/** Opens a WebSocket from Node and closes it again. */
export function webSocketAttempt(url: string, { protocol, ca, origin }: { protocol?: string; ca?: string; origin?: string } = {}): Promise<Attempt> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, protocol === undefined ? [] : [protocol], { ...(ca === undefined ? {} : { ca }), ...(origin === undefined ? {} : { origin }) });
    socket.once('open', () => {
      socket.terminate();
      resolve('open');
    });
    socket.once('unexpected-response', (request, response) => {
      request.destroy();
      resolve(`refused ${response.statusCode ?? 0}`);
    });
    socket.once('error', (error) => resolve(failed(error)));
  });
}

/** One GET over https from Node. */
export function httpsAttempt(url: string, { ca }: { ca?: string } = {}): Promise<Attempt> {
  return httpsRequest(url, ca === undefined ? {} : { ca }).then(({ status }) => `answered ${status}`, failed);
}

/** One GET over plain http from Node. */
export function httpAttempt(url: string): Promise<Attempt> {
  return new Promise((resolve) => {
    get(url, (response) => {
      response.resume();
      resolve(`answered ${response.statusCode ?? 0}`);
    }).once('error', (error) => resolve(failed(error)));
  });
}
