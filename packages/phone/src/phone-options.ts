import type { BackoffOptions } from '@patchbay/bus/backoff';

/** A short-lived SIP credential: what the registrar checks, and until when. */
export interface SipCredential {
  /** The username the registrar checks the password against (ephemeral: `<expiry unix seconds>:<user>`). */
  authUser: string;
  password: string;
  /** When the registrar stops accepting it, in ms since the epoch. */
  expiresAt: number;
}

/** The agent's own SIP identity, obtained by the shell for this agent (never from call center settings). */
export interface SipAccount {
  /** `sip:agent@domain`: the address it registers and calls from. */
  username: string;
  /**
   * The agent's current SIP credential. Asked at every registration (start, and after losing the
   * gateway), when the one in use has lived 80% of its life (the phone then registers again with
   * it, without touching a call), and once more when the registrar refuses one (401/403).
   */
  credential: () => Promise<SipCredential>;
  /** Registrar/outbound proxy, `sip:host:port`; defaults to the domain of `username`. */
  proxy?: string;
  displayName?: string;
}

/** A Janus token (janus.jcfg token_auth_secret HMAC) and when it expires. */
export interface GatewayToken {
  token: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/** Hooks for the ring tone: the shell plays it on the device the agent picked. */
export interface RingTone {
  start(): void;
  stop(): void;
}

export type RegistrationStatus = 'connecting' | 'registered' | 'reconnecting' | 'failed' | 'stopped';

export interface RegistrationState {
  status: RegistrationStatus;
  /** The gateway's or registrar's words when something went wrong, or how the phone recovered. */
  detail: string | null;
  /** Times the phone got back after losing the gateway since it started. */
  reconnects: number;
  at: number;
}

export type PhoneLogger = (level: 'info' | 'warn', message: string, data?: unknown) => void;

/** What a call is dialled with besides its number (the contract's DialCommand). */
export interface DialOptions {
  /** The Salesforce record the number was clicked on; the call's snapshots carry it. */
  recordId?: string;
  /** DTMF digits (and `,` pauses) to send once the call is connected. */
  extension?: string;
}

export interface PhoneOptions {
  /**
   * Janus WebSocket URLs, ws(s)://…; every new session (start, and after losing the gateway)
   * takes the first of them that answers, so a second gateway takes over when one goes away.
   */
  servers: readonly string[];
  /**
   * A Janus token for the SIP plugin. Asked for every new session, when the one in use has lived
   * 80% of its life, and when Janus refuses it: Janus checks it on every request, keepalives
   * included, so the session goes on with the renewed one (a call lasts longer than a token).
   */
  token: () => Promise<GatewayToken>;
  account: SipAccount;
  /** Turns what the agent dialled into a SIP URI (dialing prefixes, E.164, the PBX domain). */
  toSipUri: (dialled: string) => string;
  /** Plays the other party. */
  remoteAudio: HTMLAudioElement;
  ringTone?: RingTone;
  /** Called when the browser refuses to play audio until the agent clicks. */
  onAutoplayBlocked?: () => void;
  /**
   * Asked when a caller comes in: words for why the agent takes no calls now (they set themselves
   * away), or null to ring. A caller turned away never rings; they get 480 Temporarily Unavailable.
   */
  turnAway?: () => string | null;
  /** How often call quality is measured while connected (PHONE_DEFAULTS). */
  qualityIntervalMs?: number;
  /** How long each `,` of a dialled extension waits (PHONE_DEFAULTS). */
  extensionPauseMs?: number;
  /** How long a transfer waits for the far end to report the new call answered (PHONE_DEFAULTS). */
  transferTimeoutMs?: number;
  /** Back-off between attempts to get the gateway back, for as long as the phone runs (PHONE_DEFAULTS). */
  reconnectBackoff?: BackoffOptions;
  /** Open the microphone and WebRTC once at start so the first call sets up as fast as the rest; default true. */
  warmUpMedia?: boolean;
  log?: PhoneLogger;
  /**
   * Whether the phone takes the agent's Web Lock, one phone per agent among this origin's tabs
   * (default true). False where the host decides over the bus where the phone runs (the phone
   * window: browsers partition Web Locks by top-level site, so Salesforce tabs would not see its lock).
   */
  tabLock?: boolean;
  debugJanus?: boolean;
}

/** The phone's defaults in one place; PhoneOptions overrides each. */
export const PHONE_DEFAULTS = {
  qualityIntervalMs: 5000,
  /** What phones commonly pause for a `,` in a dialled extension. */
  extensionPauseMs: 2000,
  transferTimeoutMs: 30_000,
  reconnectBackoff: { initialMs: 500, maxMs: 10_000, jitter: 0.5 },
  /** Between failed renewals of a credential, while the one held still serves. */
  renewalBackoff: { initialMs: 1000, maxMs: 30_000, jitter: 0.5 },
} as const satisfies Required<Pick<PhoneOptions, 'qualityIntervalMs' | 'extensionPauseMs' | 'transferTimeoutMs' | 'reconnectBackoff'>> & { renewalBackoff: BackoffOptions };
