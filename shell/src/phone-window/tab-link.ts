import type { AgentCredentials } from '@patchbay/opencti';
import { SHELL_DEFAULTS } from '../config/defaults.js';
import { describeError, log } from '../log.js';
import { HELLO, LINK, isLinkEvent, parseTabMessage, type PhoneWindowSetup, type TabMessage, type WindowMessage } from './link-messages.js';

export interface TabLink {
  /** The setup of the first tab that linked. */
  readonly setup: PhoneWindowSetup;
  /** Credentials renewed through the Salesforce tab linked now; rejects with LinkedTabGoneError while none is. */
  renew(): Promise<AgentCredentials>;
  /** How many times a tab linked (the first, and each reload of the tab that opened the window). */
  links(): number;
}

/** The tab linked to the window was closed, is reloading, or does not answer. */
export class LinkedTabGoneError extends Error {
  override name = 'LinkedTabGoneError';
}

export class NoOpenerError extends Error {
  override name = 'NoOpenerError';
  constructor() {
    super('This window runs the phone only when opened from the softphone in Salesforce: click "Open phone window" there.');
  }
}

/**
 * The phone window's side of the link: greets its opener (the shell's origin only, so a page of
 * another origin that opened it hears nothing), and takes each LINK's port from the shell's origin,
 * pinning `publicKey` in that tab. The newest port serves renewals while its tab lives; the
 * credentials stay in this closure.
 */
export function linkToTab(publicKey: string): Promise<TabLink> {
  const opener = window.opener as Window | null;
  if (!opener) return Promise.reject(new NoOpenerError());
  let port: MessagePort | null = null;
  // The linked tab's frame: closed once the tab closes or reloads.
  let tab: MessageEventSource | null = null;
  let linked = 0;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (credentials: AgentCredentials) => void; reject: (error: Error) => void }>();
  return new Promise((resolve) => {
    const adopt = (next: MessagePort, source: MessageEventSource | null): void => {
      port?.close();
      port = next;
      tab = source;
      for (const { reject } of waiting.values()) reject(new LinkedTabGoneError('the Salesforce tab linked again'));
      waiting.clear();
      const pin: WindowMessage = { kind: 'pin', publicKey };
      next.postMessage(pin);
      next.onmessage = (event: MessageEvent<unknown>) => {
        let message: TabMessage;
        try {
          message = parseTabMessage(event.data);
        } catch (error) {
          log('warn', 'PHONE-WINDOW', `dropped a message from the Salesforce tab: ${describeError(error)}`);
          return;
        }
        if (message.kind === 'setup') {
          linked += 1;
          document.documentElement.dataset['linked'] = String(linked);
          if (linked === 1) resolve({ setup: message.setup, renew, links: () => linked });
          return;
        }
        const pending = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.kind === 'renewed') pending?.resolve(message.credentials);
        else pending?.reject(new Error(message.reason));
      };
    };
    const renew = (): Promise<AgentCredentials> =>
      new Promise((resolveRenewal, reject) => {
        // `closed` is one of the few members a window of another realm (or origin) exposes.
        if (!port || (tab !== null && 'closed' in tab && tab.closed)) return reject(new LinkedTabGoneError('the Salesforce tab linked to the phone window is gone (closed or reloading)'));
        const id = nextId++;
        waiting.set(id, { resolve: resolveRenewal, reject });
        setTimeout(() => {
          if (waiting.delete(id)) reject(new LinkedTabGoneError('the Salesforce tab linked to the phone window did not answer'));
        }, SHELL_DEFAULTS.tabRenewTimeoutMs);
        const request: WindowMessage = { kind: 'renew', id };
        port.postMessage(request);
      });
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const port0 = event.ports[0];
      if (!port0 || !isLinkEvent(event, LINK)) return;
      adopt(port0, event.source);
    });
    opener.postMessage({ kind: HELLO }, window.location.origin);
  });
}
