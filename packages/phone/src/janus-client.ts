/**
 * Promise wrappers over janus-gateway's callback API. The only module that imports janus-gateway
 * at run time.
 */
import Janus, { type JanusJS } from 'janus-gateway';
import { detectBrowser } from './browser-details.js';
import { newGatewaySocket } from './gateway-socket.js';
import type { LiveToken } from './live-token.js';

let initialised: Promise<void> | undefined;

export function initJanus(debug: boolean): Promise<void> {
  initialised ??= new Promise((resolve) =>
    Janus.init({
      debug,
      dependencies: { ...Janus.useDefaultDependencies({ adapter: { browserDetails: detectBrowser(navigator) } }), newWebSocket: newGatewaySocket },
      callback: () => resolve(),
    }),
  );
  return initialised;
}

export interface SessionCallbacks {
  /** The WebSocket to the gateway dropped (janus.js reports it as a session error). */
  onLost(reason: string): void;
}

/**
 * Opens a session on the first of `servers` that answers (janus.js tries them in order). Every
 * request of the session and its handles carries `token` as it is when sent (see LiveToken).
 */
export function createSession(servers: readonly string[], token: LiveToken, callbacks: SessionCallbacks): Promise<JanusJS.Janus> {
  return new Promise((resolve, reject) => {
    let opened = false;
    const session: JanusJS.Janus = new Janus({
      server: servers.length === 1 ? servers[0]! : [...servers],
      // Typed as a string by janus-gateway, which only ever serialises it.
      token: token as unknown as string,
      // The phone does its own unload handling (it must hang up with a cause first).
      destroyOnUnload: false,
      success: () => {
        opened = true;
        resolve(session);
      },
      error: (error: unknown) => {
        if (opened) callbacks.onLost(String(error));
        else reject(new Error(String(error)));
      },
    });
  });
}

/** Claims the same session over a new WebSocket (works within reclaim_session_timeout). */
export function reclaimSession(session: JanusJS.Janus): Promise<void> {
  return new Promise((resolve, reject) => session.reconnect({ success: () => resolve(), error: (e) => reject(new Error(e)) }));
}

export function attachSip(session: JanusJS.Janus, callbacks: Omit<JanusJS.PluginOptions, 'plugin' | 'success' | 'error'>): Promise<JanusJS.PluginHandle> {
  return new Promise((resolve, reject) => session.attach({ ...callbacks, plugin: 'janus.plugin.sip', success: resolve, error: (e) => reject(new Error(e)) }));
}

export function createOffer(handle: JanusJS.PluginHandle, params: Omit<JanusJS.OfferParams, 'success' | 'error'>): Promise<JanusJS.JSEP> {
  return new Promise((resolve, reject) => handle.createOffer({ ...params, success: resolve, error: reject }));
}

export function createAnswer(handle: JanusJS.PluginHandle, params: Omit<JanusJS.PluginCreateAnswerParam, 'success' | 'error'>): Promise<JanusJS.JSEP> {
  return new Promise((resolve, reject) => handle.createAnswer({ ...params, success: resolve, error: (e) => reject(new Error(e)) }));
}

export function handleRemoteJsep(handle: JanusJS.PluginHandle, jsep: JanusJS.JSEP): Promise<void> {
  return new Promise((resolve, reject) => handle.handleRemoteJsep({ jsep, success: () => resolve(), error: (e) => reject(new Error(e)) }));
}

export function replaceTracks(handle: JanusJS.PluginHandle, tracks: JanusJS.TrackOption[]): Promise<void> {
  return new Promise((resolve, reject) => handle.replaceTracks({ tracks, success: () => resolve(), error: (e) => reject(new Error(e)) }));
}

/**
 * A request the gateway did not take: Janus's error (janus.js reports it as "<code> <reason>"),
 * or no code when it never got there (no connection).
 */
export class GatewayRequestError extends Error {
  override name = 'GatewayRequestError';
  readonly code: number | undefined;
  constructor(message: string) {
    super(message);
    const code = /^(\d{3}) /.exec(message)?.[1];
    this.code = code === undefined ? undefined : Number(code);
  }

  /** Janus refused the request's token (JANUS_ERROR_UNAUTHORIZED): it expired, or is not one Janus signs. */
  get tokenRefused(): boolean {
    return this.code === 403;
  }
}

/** Sends a request to the SIP plugin; resolves once the gateway acknowledged it, rejects with GatewayRequestError. */
export function sendSip(handle: JanusJS.PluginHandle, message: JanusJS.PluginMessage['message'], jsep?: JanusJS.JSEP): Promise<void> {
  return new Promise((resolve, reject) => handle.send({ message, ...(jsep ? { jsep } : {}), success: () => resolve(), error: (e) => reject(new GatewayRequestError(String(e))) }));
}

export type { JanusJS };
