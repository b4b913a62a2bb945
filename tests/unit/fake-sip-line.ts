/**
 * A fake of the phone's own SipLine interface and of the gateway connection that hands lines out,
 * for unit tests of the call logic. The real Janus lines are exercised by the e2e tests.
 */
import { CallControl, type CallOptions } from '../../packages/phone/src/call-control.js';
import { CallCore } from '../../packages/phone/src/call-core.js';
import type { JanusJS } from '../../packages/phone/src/janus-client.js';
import type { PhoneSignal } from '../../packages/phone/src/janus-sip-events.js';
import type { PhoneLogger, RegistrationStatus } from '../../packages/phone/src/phone-options.js';
import type { LineHandlers, LineSource, SipLine } from '../../packages/phone/src/sip-line.js';

type Message = JanusJS.PluginMessage['message'];

/** A promise the test settles when it wants: stages a race at an await of the phone's. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export class FakeLine implements SipLine {
  readonly remoteTrack = null;
  /** Every request the phone sent, in order, with its SDP. */
  readonly sent: Array<{ message: Message; jsep: JanusJS.JSEP | undefined }> = [];
  /** Requests the gateway does not take, by request name. */
  readonly refuse = new Map<string, Error>();
  handlers: LineHandlers | null = null;
  microphoneMuted = false;
  closed = false;
  detached = false;
  /** Holds takeAnswer() (the far end's SDP being applied) until opened. */
  answerGate: Promise<void> | null = null;
  /** Holds hangUp() (the gateway acknowledging it) until opened. */
  hangUpGate: Promise<void> | null = null;
  /** Holds waitFree() (the gateway letting go of the last call) until opened. */
  freeGate: Promise<void> | null = null;
  /** What createAnswer() does with the far end's offer. */
  answerFails: Error | null = null;
  tracks: JanusJS.TrackOption[] = [];
  report: RTCStatsReport | null = null;
  private sipOpen = false;
  private mediaOpen = false;

  constructor(readonly name: string) {}

  get free(): boolean {
    return !this.sipOpen && !this.mediaOpen;
  }

  /** The names of the requests sent, in order. */
  get requests(): string[] {
    return this.sent.map(({ message }) => String(message.request));
  }

  /** The last request named `request`. */
  last(request: string): Message | undefined {
    return this.sent.filter(({ message }) => message.request === request).at(-1)?.message;
  }

  occupy({ sip = false, media = false }: { sip?: boolean; media?: boolean }): void {
    if (sip) this.sipOpen = true;
    if (media) this.mediaOpen = true;
  }

  release({ sip = false, media = false }: { sip?: boolean; media?: boolean }): void {
    if (sip) this.sipOpen = false;
    if (media) this.mediaOpen = false;
  }

  async send(message: Message, jsep?: JanusJS.JSEP): Promise<void> {
    this.sent.push({ message, jsep });
    const refusal = this.refuse.get(String(message.request));
    if (refusal) throw refusal;
  }

  async register(): Promise<void> {}

  async waitFree(): Promise<void> {
    await this.freeGate;
  }

  async hangUp(): Promise<void> {
    this.sent.push({ message: { request: 'hangup' }, jsep: undefined });
    await this.hangUpGate;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async detach(): Promise<void> {
    this.detached = true;
  }

  async createOffer(params: { iceRestart?: boolean; tracks?: JanusJS.TrackOption[] }): Promise<JanusJS.JSEP> {
    if (params.tracks) this.tracks = params.tracks;
    return { type: 'offer', sdp: params.iceRestart ? 'ice-restart offer' : `offer of ${this.name}` };
  }

  async createAnswer(params: { jsep: JanusJS.JSEP; tracks?: JanusJS.TrackOption[] }): Promise<JanusJS.JSEP> {
    if (this.answerFails) throw this.answerFails;
    if (params.tracks) this.tracks = params.tracks;
    return { type: 'answer', sdp: `answer to ${params.jsep.sdp ?? ''}` };
  }

  async takeAnswer(): Promise<void> {
    await this.answerGate;
  }

  setMicrophoneMuted(muted: boolean): void {
    this.microphoneMuted = muted;
  }

  async replaceTracks(tracks: JanusJS.TrackOption[]): Promise<void> {
    this.tracks = tracks;
  }

  async stats(): Promise<RTCStatsReport | null> {
    return this.report;
  }
}

export class FakeGateway implements LineSource {
  readonly main = new FakeLine('main line');
  mainLine: FakeLine | null = this.main;
  registrationStatus: RegistrationStatus = 'registered';
  /** Helper lines opened, in order. */
  readonly helpers: FakeLine[] = [];
  /** Holds the opening of a helper line until opened. */
  helperGate: Promise<void> | null = null;

  helperLines(): ((handlers: LineHandlers) => Promise<SipLine>) | null {
    if (this.registrationStatus !== 'registered') return null;
    return async (handlers) => {
      await this.helperGate;
      const line = new FakeLine(`helper line ${this.helpers.length + 1}`);
      line.handlers = handlers;
      this.helpers.push(line);
      return line;
    };
  }

  async callHeaders(): Promise<Record<string, string>> {
    return { 'X-Patchbay-Credential': 'agent secret' };
  }

  betweenRegistrations(send: () => Promise<void>): Promise<void> {
    return send();
  }
}

/** A gateway event on `line`, handled as the line's owner handles it. */
export async function emit(line: FakeLine, signal: PhoneSignal): Promise<void> {
  if (line.handlers === null) throw new Error(`${line.name} has no handlers`);
  await line.handlers.onSignal(line, signal);
}

/** The phone's call logic (everything but Janus and the page) on a fake gateway. */
export function callLogic(options: Partial<CallOptions> = {}) {
  const logs: string[] = [];
  const log: PhoneLogger = (level, message) => void logs.push(`${level}: ${message}`);
  const core = new CallCore(1_000, log);
  const gateway = new FakeGateway();
  const ringTone = {
    ringing: false,
    start: () => {
      ringTone.ringing = true;
    },
    stop: () => {
      ringTone.ringing = false;
    },
  };
  const control = new CallControl(core, gateway, { remoteAudio: {} as HTMLAudioElement, toSipUri: (dialled) => `sip:${dialled}@pbx.test`, ringTone, ...options }, log);
  gateway.main.handlers = control.mainLineHandlers;
  const statuses: string[] = [];
  core.onSnapshot((snapshot) => statuses.push(snapshot.consult ? `${snapshot.status}/consult ${snapshot.consult.status}` : snapshot.status));
  return { core, gateway, control, main: gateway.main, logs, ringTone, statuses };
}

export type CallLogic = ReturnType<typeof callLogic>;

export const remoteBye: PhoneSignal = { kind: 'hangup', code: undefined, reason: 'Session Terminated' };
export const answered: PhoneSignal = { kind: 'accepted', answer: { type: 'answer', sdp: 'far end' } };

/** An outbound call to 2001, answered. */
export async function talking(logic: CallLogic): Promise<void> {
  await logic.control.dial('2001');
  await emit(logic.main, { kind: 'remote-ringing' });
  await emit(logic.main, answered);
}

/** A caller ringing the agent. */
export function incoming(logic: CallLogic): Promise<void> {
  return emit(logic.main, { kind: 'incoming', from: 'sip:+15550100@pbx.test', displayName: null, sipCallId: 'caller-1', offer: { type: 'offer', sdp: 'caller' } });
}

/** A talking call whose customer is on hold while the agent talks to 3001 on a helper line. */
export async function consulting(logic: CallLogic): Promise<FakeLine> {
  await talking(logic);
  await logic.control.consultation.start('3001');
  const helper = logic.gateway.helpers[0]!;
  await emit(helper, { kind: 'remote-ringing' });
  await emit(helper, answered);
  return helper;
}
