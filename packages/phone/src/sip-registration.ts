import { credentialHeaders } from './pbx-credential.js';
import { RegistrationFailedError } from './phone-errors.js';
import type { PhoneLogger, SipAccount, SipCredential } from './phone-options.js';
import type { Renewal } from './renewal.js';
import type { SipLine } from './sip-line.js';

/** Refusals fresh credentials may cure: expired or unknown (401, 407), not this user's or revoked (403). */
const CREDENTIAL_REFUSALS: ReadonlySet<number | undefined> = new Set([401, 403, 407]);

export interface SipRegistrationHooks {
  /** The line to keep registered, or null while there is none (the gateway was lost). */
  line(): SipLine | null;
  /** A refusal that stands, of a REGISTER nobody awaits (a renewal, the gateway's own refresh). */
  onRefused(error: RegistrationFailedError): void;
  log: PhoneLogger;
}

/**
 * The main line's registration with short-lived credentials (sent as pbx-credential.ts says). A
 * registration takes the current credential; a renewed one is registered on the same handle (the
 * SIP plugin's `refresh`: the REGISTER goes out with the new credential and a call in progress is
 * not touched); a refusal (401/403) is answered once with fresh credentials. A refusal that stands
 * reaches the agent: start() and reconnects reject with it, and one in the background goes to
 * `onRefused`.
 */
export class SipRegistration {
  /**
   * One register request at a time (Janus answers each with one event, and a line has one
   * waiter), and no call request while one is in flight.
   */
  private queue: Promise<unknown> = Promise.resolve();
  /** The credential the line was last registered with: a renewal already registered is not sent again. */
  private registered: { line: SipLine; credential: SipCredential } | null = null;

  constructor(
    private readonly account: SipAccount,
    private readonly credentials: Renewal<SipCredential>,
    private readonly hooks: SipRegistrationHooks,
  ) {}

  /** Registers a new session's main line; rejects with RegistrationFailedError when refused twice. */
  register(line: SipLine): Promise<void> {
    return this.serially(async () => this.attempt(line, await this.credentials.current(), false));
  }

  /**
   * Registers the newest credential on the line there is now (renewals that queued up while the
   * registrar was slow come down to one).
   */
  renewed(): Promise<void> {
    return this.inBackground(async (line) => {
      const credential = this.credentials.value;
      if (credential === null || (this.registered?.line === line && this.registered.credential === credential)) return;
      await this.attempt(line, credential, true);
    });
  }

  /**
   * Sends a call request when no register request is in flight, and holds the next one until it
   * is sent: the SIP plugin refuses a call while its account is registering ("Wrong state (not
   * registered)"), a renewal's refresh included.
   */
  betweenRegistrations(send: () => Promise<void>): Promise<void> {
    return this.serially(send);
  }

  /** The registrar refused a REGISTER the gateway sent by itself (its refresh before the binding expires). */
  refusedByRegistrar(code: number | undefined, reason: string): Promise<void> {
    const refusal = new RegistrationFailedError(code, reason);
    return this.inBackground((line) => this.retry(line, refusal, this.credentials.value));
  }

  private async attempt(line: SipLine, credential: SipCredential, refresh: boolean): Promise<void> {
    try {
      await line.register(this.request(credential, refresh));
      this.registered = { line, credential };
    } catch (error) {
      if (!(error instanceof RegistrationFailedError)) throw error;
      await this.retry(line, error, credential);
    }
  }

  /** One more try, with a credential fetched now; the first refusal stands when there is none. */
  private async retry(line: SipLine, refusal: RegistrationFailedError, refused: SipCredential | null): Promise<void> {
    if (!CREDENTIAL_REFUSALS.has(refusal.sipCode)) throw refusal;
    let fresh: SipCredential;
    try {
      fresh = await this.credentials.fresh();
    } catch (error) {
      throw new RegistrationFailedError(refusal.sipCode, `${refusal.reason}; no new credentials: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (refused !== null && fresh.authUser === refused.authUser && fresh.password === refused.password) throw refusal;
    this.hooks.log('info', `the registrar refused the SIP credentials (${refusal.sipCode}); registering again with new ones`);
    // Janus left the account unregistered after the refusal: a plain register, no refresh.
    await line.register(this.request(fresh, false));
    this.registered = { line, credential: fresh };
  }

  private request(credential: SipCredential, refresh: boolean): Record<string, unknown> {
    const { account } = this;
    return {
      username: account.username,
      headers: credentialHeaders(credential),
      // The plugin wants a secret; it would answer a digest challenge the PBX has no reason to send.
      secret: credential.password,
      // A binding lasts no longer than the credential it was made with (the registrar raises it
      // to its minimum): a phone that gets no new credential drops off the registrar soon after.
      register_ttl: Math.max(1, Math.ceil((credential.expiresAt - Date.now()) / 1000)),
      ...(account.displayName ? { display_name: account.displayName } : {}),
      proxy: account.proxy ?? `sip:${account.username.replace(/^sips?:[^@]*@/, '')}`,
      // A line that is registered takes a new REGISTER only as a refresh (else "Already registered").
      ...(refresh ? { refresh: true } : {}),
    };
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private inBackground(work: (line: SipLine) => Promise<void>): Promise<void> {
    return this.serially(async () => {
      const line = this.hooks.line();
      if (line !== null) await work(line);
    }).catch((error: unknown) => {
      if (error instanceof RegistrationFailedError) this.hooks.onRefused(error);
      else this.hooks.log('warn', 'registering again failed', error);
    });
  }
}
