import { Backoff, pause } from '@patchbay/bus/backoff';
import type { Listener } from './call-core.js';
import { createSession, initJanus, reclaimSession, type JanusJS } from './janus-client.js';
import type { PhoneSignal } from './janus-sip-events.js';
import { JanusSipLine, type SipLineEvents } from './janus-sip-line.js';
import { LiveToken } from './live-token.js';
import { credentialHeaders } from './pbx-credential.js';
import { GatewayUnreachableError } from './phone-errors.js';
import { PHONE_DEFAULTS, type GatewayToken, type PhoneLogger, type PhoneOptions, type RegistrationState, type RegistrationStatus, type SipCredential } from './phone-options.js';
import { Renewal } from './renewal.js';
import { SipRegistration } from './sip-registration.js';
import type { LineHandlers, LineSource, SipLine } from './sip-line.js';

export type GatewayOptions = Pick<PhoneOptions, 'servers' | 'token' | 'account' | 'reconnectBackoff' | 'debugJanus'>;

export interface GatewayEvents {
  /** For the main line's events, but for its registration's, which the connection keeps. */
  mainLine(): LineHandlers;
  /** The session was lost and could not be reclaimed: a call that was up is gone with it. */
  onCallLost(reason: string): void;
}

/**
 * The phone's connection to Janus: one session on the first gateway that answers (the one lost
 * last is tried last), the main SIP line registered with the agent's credentials, helper lines
 * under it, the gateway token and SIP credential renewed as they age, and recovery when the
 * WebSocket drops.
 */
export class GatewayConnection implements LineSource {
  private registration: RegistrationState = { status: 'stopped', detail: null, reconnects: 0, at: Date.now() };
  private readonly registrationListeners = new Set<Listener<RegistrationState>>();
  private session: JanusJS.Janus | null = null;
  /** The gateway that served the last session: after losing it, the others are tried first. */
  private lastServer: string | null = null;
  private line: JanusSipLine | null = null;
  /** The main line's id at the gateway, which a helper line registers under. */
  private masterId: number | undefined;
  private reconnecting = false;
  /** Set by prepare(): a session lost before then was only preconnected, and is not recovered. */
  private started = false;
  private stopped = false;
  /** The main line opened ahead of its registration (see preconnect), until connect() takes it. */
  private opening: Promise<JanusSipLine> | null = null;
  /** The gateway token every request of the session carries, swapped for a renewed one as it goes. */
  private readonly token = new LiveToken();
  private readonly gatewayToken: Renewal<GatewayToken>;
  private readonly sipCredential: Renewal<SipCredential>;
  private readonly sipRegistration: SipRegistration;

  constructor(
    private readonly options: GatewayOptions,
    private readonly events: GatewayEvents,
    private readonly log: PhoneLogger,
  ) {
    this.gatewayToken = new Renewal({ name: 'gateway token', fetch: options.token, onRenewed: ({ token }) => this.token.set(token), log });
    this.sipCredential = new Renewal({ name: 'SIP credential', fetch: options.account.credential, onRenewed: () => this.sipRegistration.renewed(), log });
    this.sipRegistration = new SipRegistration(options.account, this.sipCredential, {
      line: () => this.line,
      onRefused: (error) => this.setRegistration('failed', error.message),
      log,
    });
  }

  get mainLine(): SipLine | null {
    return this.line;
  }

  get registrationState(): RegistrationState {
    return this.registration;
  }

  get registrationStatus(): RegistrationStatus {
    return this.registration.status;
  }

  onRegistration(listener: Listener<RegistrationState>): () => void {
    this.registrationListeners.add(listener);
    listener(this.registration);
    return () => this.registrationListeners.delete(listener);
  }

  /** Loads janus.js and says the phone is connecting. */
  async prepare(): Promise<void> {
    await initJanus(this.options.debugJanus ?? false);
    this.started = true;
    this.setRegistration('connecting', null);
  }

  /**
   * Opens the session and attaches the main line now, without registering: a host overlaps the
   * gateway's set-up with its own while it learns whether this phone is to register at all.
   * connect() takes the line opened here; a failure here is met, and reported, by connect().
   * Resolves once the page has sent its part (session, line, the stack's start) or opening ended.
   */
  preconnect(): Promise<void> {
    if (this.opening !== null || this.session !== null || this.stopped) return Promise.resolve();
    let sent: () => void = () => undefined;
    const allSent = new Promise<void>((resolve) => (sent = resolve));
    this.opening = this.openLine(sent);
    this.opening.then(sent, sent);
    this.setRegistration('connecting', null);
    return allSent;
  }

  /** Opens a session (unless preconnect did), attaches the main line and registers it; a failure sets the phone failed. */
  async connect(): Promise<void> {
    try {
      await this.openSession();
    } catch (error) {
      this.setRegistration('failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  helperLines(): ((handlers: LineHandlers) => Promise<SipLine>) | null {
    const { session, masterId } = this;
    if (session === null || masterId === undefined || this.registration.status !== 'registered') return null;
    return (handlers) => this.openHelperLine(session, masterId, handlers);
  }

  async callHeaders(): Promise<Record<string, string>> {
    return credentialHeaders(await this.sipCredential.current());
  }

  betweenRegistrations(send: () => Promise<void>): Promise<void> {
    return this.sipRegistration.betweenRegistrations(send);
  }

  /** Takes renewed credentials now rather than when the renewals' (backed-off) timers come round. */
  credentialsRenewed(): void {
    this.gatewayToken.renewNow();
    this.sipCredential.renewNow();
  }

  /** No more renewals, and no more reconnecting: the phone is being disposed of. */
  stop(): void {
    this.stopped = true;
    this.gatewayToken.stop();
    this.sipCredential.stop();
  }

  /** Destroys the session (Janus hangs up what it still carried and unregisters). */
  async close(): Promise<void> {
    // A session still opening is closed once it is open, not left behind.
    const opening = this.opening;
    this.opening = null;
    await opening?.catch(() => undefined);
    const session = this.session;
    this.session = null;
    this.line = null;
    await new Promise<void>((resolve) => (session ? session.destroy({ success: resolve, error: () => resolve() }) : resolve()));
  }

  /** Says the phone has stopped (once closed). */
  markStopped(): void {
    this.setRegistration('stopped', null);
  }

  /**
   * Drops the session of a page that goes away: nothing can reclaim it once the page is gone, and
   * left to the gateway's reclaim timeout it would stay registered, so the registrar would fork
   * calls to it meanwhile.
   */
  dropForUnload(): void {
    this.session?.destroy({ notifyDestroyed: false });
  }

  private async openSession(): Promise<void> {
    const line = await (this.opening ?? this.openLine()).finally(() => (this.opening = null));
    await this.sipRegistration.register(line);
  }

  /**
   * A session on the first gateway that answers, and the main line attached in it. `onAllSent`
   * hears when the stack's start is asked: the page's part is done, Janus's wait follows.
   */
  private async openLine(onAllSent: () => void = () => undefined): Promise<JanusSipLine> {
    await initJanus(this.options.debugJanus ?? false);
    this.token.set((await this.gatewayToken.current()).token);
    let session: JanusJS.Janus;
    try {
      session = await createSession(startingAfter(this.options.servers, this.lastServer), this.token, { onLost: (reason) => void this.recover(reason) });
    } catch (error) {
      throw new GatewayUnreachableError(this.options.servers, error);
    }
    this.session = session;
    this.lastServer = session.getServer();
    const handlers = this.events.mainLine();
    const line = await JanusSipLine.attach(
      session,
      this.lineEvents({ ...handlers, onSignal: (self, signal) => this.onMainSignal(self, signal, handlers) }, () => line),
    );
    const stack = line.startStack(this.options.account.username);
    onAllSent();
    await stack;
    this.line = line;
    // For the shell's benchmark of its critical path.
    performance.mark('patchbay:gateway-line-open');
    return line;
  }

  /** A helper line for a consultation: same account, no REGISTER of its own (janus_sip.c, helpers). */
  private async openHelperLine(session: JanusJS.Janus, masterId: number, handlers: LineHandlers): Promise<SipLine> {
    const line = await JanusSipLine.attach(
      session,
      this.lineEvents(handlers, () => line),
    );
    try {
      await line.register({ type: 'helper', username: this.options.account.username, master_id: masterId }, { timeoutMs: 5000, answerer: 'the gateway' });
    } catch (error) {
      void line.detach();
      throw error;
    }
    return line;
  }

  /** `self`: the line the events are of (attached after the events are made). */
  private lineEvents(handlers: LineHandlers, self: () => SipLine): SipLineEvents {
    return {
      onSignal: (signal) => void Promise.resolve(handlers.onSignal(self(), signal)).catch((error: unknown) => this.log('warn', `handling ${signal.kind} failed`, error)),
      onRemoteTrack: () => handlers.onRemoteTrack(),
      onIceState: (state) => handlers.onIceState(self(), state),
      renewToken: async () => this.token.set((await this.gatewayToken.fresh()).token),
      log: this.log,
    };
  }

  /** The main line's registration is the connection's; everything else goes to the phone. */
  private async onMainSignal(line: SipLine, signal: PhoneSignal, handlers: LineHandlers): Promise<void> {
    if (signal.kind === 'registered' || signal.kind === 'registration-failed') {
      if (line !== this.line) return;
      if (signal.kind === 'registered') {
        this.masterId = signal.masterId;
        this.setRegistration('registered', null);
      } else {
        // The gateway's own refresh of the registration was refused (the agent's credentials
        // ran out): new credentials, once; a refusal that stands sets the phone failed.
        await this.sipRegistration.refusedByRegistrar(signal.code, signal.reason);
      }
      return;
    }
    await handlers.onSignal(line, signal);
  }

  /**
   * The WebSocket to Janus dropped. First try to claim the same session (the call survives if
   * Janus kept it, see reclaim_session_timeout); else open a new session and register again,
   * and end a call that could not be kept with cause gateway-lost. Retries for as long as the
   * phone runs, with jittered back-off.
   */
  private async recover(reason: string): Promise<void> {
    if (this.reconnecting || this.stopped) return;
    if (!this.started) {
      // Lost while preconnected, before the phone started: connect() opens a new session.
      this.session = null;
      this.line = null;
      return;
    }
    this.reconnecting = true;
    this.setRegistration('reconnecting', reason);
    const backoff = new Backoff(this.options.reconnectBackoff ?? PHONE_DEFAULTS.reconnectBackoff);
    while (!this.stopped) {
      try {
        if (this.session !== null) {
          try {
            await reclaimSession(this.session);
            this.reconnecting = false;
            this.setRegistration('registered', 'session reclaimed', true);
            return;
          } catch (error) {
            this.log('info', 'could not reclaim the Janus session; opening a new one', error);
            this.session = null;
            this.line?.release({ sip: true, media: true });
            this.line = null;
            this.events.onCallLost(reason);
          }
        }
        await this.openSession();
        this.reconnecting = false;
        this.setRegistration('registered', 'new session after gateway loss', true);
        return;
      } catch (error) {
        this.session = null;
        this.line = null;
        this.setRegistration('reconnecting', error instanceof Error ? error.message : String(error));
      }
      await pause(backoff.next());
    }
  }

  private setRegistration(status: RegistrationStatus, detail: string | null, reconnected = false): void {
    this.registration = {
      status,
      detail,
      reconnects: this.registration.reconnects + (reconnected ? 1 : 0),
      at: Date.now(),
    };
    for (const listener of this.registrationListeners) listener(this.registration);
  }
}

/** The list with `last` moved to the end (the gateway just lost is tried last). */
function startingAfter(servers: readonly string[], last: string | null): readonly string[] {
  const index = last === null ? -1 : servers.indexOf(last);
  return index < 0 ? servers : [...servers.slice(index + 1), ...servers.slice(0, index + 1)];
}
