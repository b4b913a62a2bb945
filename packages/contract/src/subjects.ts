/**
 * Every subject of the contract, built by functions and typed with its payload (the key carries
 * its value type, as lit's `Context<K, V>`), so a subscriber cannot receive the wrong type.
 *
 * Hierarchy (one agent's subjects share a prefix, so one NATS permission confines an agent):
 *
 *     pb.v1.agent.<agentId>.cmd.<command>   commands widgets send (dial, answer, decline, hangup,
 *                                           mute, hold, dtmf, transfer, set-status, log-call)
 *     pb.v1.agent.<agentId>.state.call      CallSnapshot, published by the phone on every change
 *     pb.v1.agent.<agentId>.state.health    WidgetHealth
 *     pb.v1.agent.<agentId>.state.refused   CommandRefused: a command the phone did not carry out
 *     pb.v1.agent.<agentId>.state.call-log  CallLogOutcome: how saving a call's log went
 *     pb.v1.agent.<agentId>.query.call      request → the latest CallSnapshot (late joiners)
 *     pb.v1.agent.<agentId>.state.phone-window  PhoneWindowState: the phone window took or gave back the phone
 *     pb.v1.agent.<agentId>.query.phone-window  request → PhoneWindowState, answered by an open phone window only
 *     pb.v1.agent.<agentId>.query.phone-handover  request from the phone window → PhoneHandoverReply,
 *                                           answered by the Salesforce tab that runs the phone
 *     pb.v1.agent.<agentId>.query.phone-renewal  request from the phone window → PhoneRenewalReply
 *                                           (credentials sealed to the window's key), answered by
 *                                           the Salesforce tab that holds the phone
 *     pb.v1.agent.<agentId>.presence        PresenceState, published by the bus store only
 *     pb.v1.agent.<agentId>.history         CallHistoryEntry, published by the bus store only
 *     pb.v1.agent.<agentId>.store.<op>      requests to the bus store, which keeps presence and
 *                                           call history: presence.set, presence.list,
 *                                           history.append, history.recent
 *
 * What a widget may do with each kind (commands out, state in, queries asked) is WIDGET_REACH, in
 * widget-reach.ts; the shell enforces it on the bus it hands each widget.
 *
 * Agents reach JetStream only through the bus store: a JetStream API an agent may call could be
 * made to deliver stored bytes on a subject of another agent (a consumer's deliver subject, a
 * request's reply subject), and nats-server checks neither against the caller's permissions.
 */
import { isAgentId, type AgentId } from './agent.js';
import { InvalidAgentIdError } from './errors.js';
import type { Validator } from './validate.js';
import * as v from './validators.js';
import { SUBJECT_ROOT } from './version.js';

declare const payloadType: unique symbol;
declare const replyType: unique symbol;

/** A subject string that carries the type of its payload (never present at run time). */
export type Subject<T> = string & { readonly [payloadType]?: T };
/** A request subject: payload Q, reply R. */
export type RequestSubject<Q, R> = Subject<Q> & { readonly [replyType]?: R };

/** Payload validator per message kind (the subject's tokens after the agent id). */
export const MESSAGE_KINDS = {
  'cmd.dial': v.dialCommand,
  'cmd.answer': v.answerCommand,
  'cmd.decline': v.declineCommand,
  'cmd.hangup': v.hangupCommand,
  'cmd.mute': v.muteCommand,
  'cmd.hold': v.holdCommand,
  'cmd.dtmf': v.dtmfCommand,
  'cmd.transfer': v.transferCommand,
  'cmd.set-status': v.setStatusCommand,
  'cmd.log-call': v.logCallCommand,
  'state.call': v.callSnapshot,
  'state.health': v.widgetHealth,
  'state.refused': v.commandRefused,
  'state.call-log': v.callLogOutcome,
  'query.call': v.callStateQuery,
  'state.phone-window': v.phoneWindowState,
  'query.phone-window': v.phoneWindowQuery,
  'query.phone-handover': v.phoneHandoverRequest,
  'query.phone-renewal': v.phoneRenewalRequest,
  presence: v.presenceState,
  history: v.callHistoryEntry,
  'store.presence.set': v.presenceState,
  'store.presence.list': v.presenceListQuery,
  'store.history.append': v.callHistoryEntry,
  'store.history.recent': v.historyQuery,
} as const;
export type MessageKind = keyof typeof MESSAGE_KINDS;
export type PayloadOfKind<K extends MessageKind> = (typeof MESSAGE_KINDS)[K] extends Validator<infer T> ? T : never;

/** Reply validators of the request kinds. */
export const REPLY_KINDS = {
  'query.call': v.callSnapshot,
  'query.phone-window': v.phoneWindowState,
  'query.phone-handover': v.phoneHandoverReply,
  'query.phone-renewal': v.phoneRenewalReply,
  'store.presence.set': v.storeReceipt,
  'store.presence.list': v.presenceList,
  'store.history.append': v.storeReceipt,
  'store.history.recent': v.historyPage,
} as const;
export type RequestKind = keyof typeof REPLY_KINDS;
export type ReplyOfKind<K extends RequestKind> = (typeof REPLY_KINDS)[K] extends Validator<infer T> ? T : never;

const AGENT_PREFIX = `${SUBJECT_ROOT}.agent.`;

function build(agent: AgentId, kind: MessageKind): string {
  // Re-checked at run time: a cast AgentId must not smuggle `>` or `.` into a subject.
  if (!isAgentId(agent)) throw new InvalidAgentIdError(agent);
  return `${AGENT_PREFIX}${agent}.${kind}`;
}

function subjectOf<K extends MessageKind>(kind: K): (agent: AgentId) => Subject<PayloadOfKind<K>> {
  return (agent) => build(agent, kind) as Subject<PayloadOfKind<K>>;
}

function requestOf<K extends RequestKind>(kind: K): (agent: AgentId) => RequestSubject<PayloadOfKind<K>, ReplyOfKind<K>> {
  return (agent) => build(agent, kind) as RequestSubject<PayloadOfKind<K>, ReplyOfKind<K>>;
}

export const subjects = {
  dial: subjectOf('cmd.dial'),
  answer: subjectOf('cmd.answer'),
  decline: subjectOf('cmd.decline'),
  hangup: subjectOf('cmd.hangup'),
  mute: subjectOf('cmd.mute'),
  hold: subjectOf('cmd.hold'),
  dtmf: subjectOf('cmd.dtmf'),
  transfer: subjectOf('cmd.transfer'),
  setStatus: subjectOf('cmd.set-status'),
  logCall: subjectOf('cmd.log-call'),
  callState: subjectOf('state.call'),
  widgetHealth: subjectOf('state.health'),
  commandRefused: subjectOf('state.refused'),
  callLogOutcome: subjectOf('state.call-log'),
  callStateQuery: requestOf('query.call'),
  phoneWindow: subjectOf('state.phone-window'),
  phoneWindowQuery: requestOf('query.phone-window'),
  phoneHandover: requestOf('query.phone-handover'),
  phoneRenewal: requestOf('query.phone-renewal'),
  presence: subjectOf('presence'),
  history: subjectOf('history'),
  presenceSet: requestOf('store.presence.set'),
  presenceList: requestOf('store.presence.list'),
  historyAppend: requestOf('store.history.append'),
  historyRecent: requestOf('store.history.recent'),
} as const;

/** All of one agent's subjects (`pb.v1.agent.<agentId>.>`), for permissions and tooling. */
export function agentSubjectPrefix(agent: AgentId): string {
  if (!isAgentId(agent)) throw new InvalidAgentIdError(agent);
  return `${AGENT_PREFIX}${agent}`;
}

export interface ParsedSubject {
  agentId: AgentId;
  kind: MessageKind;
}

/** Splits a subject into agent and kind; null when it is not one of this contract's subjects. */
export function parseSubject(subject: string): ParsedSubject | null {
  if (!subject.startsWith(AGENT_PREFIX)) return null;
  const rest = subject.slice(AGENT_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot < 0) return null;
  const agent = rest.slice(0, dot);
  const kind = rest.slice(dot + 1);
  if (!isAgentId(agent) || !Object.hasOwn(MESSAGE_KINDS, kind)) return null;
  return { agentId: agent, kind: kind as MessageKind };
}
