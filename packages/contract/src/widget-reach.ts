/**
 * What a widget may do with each kind of message on the bus the shell hands it. Widgets send
 * commands and render state; everything else belongs to the phone, the shell, the phone window or
 * the bus store, and a widget standing in for one of them misleads the others: one that answered
 * `query.phone-window` would make the Salesforce tab give its phone up to a window that does not
 * exist. nats-server cannot tell a widget from the shell (they share the agent's connection), so
 * the shell enforces this table on each widget's view of the bus.
 *
 * - `send`: commands. A widget publishes them (and may watch them).
 * - `watch`: state, published by the phone, the shell or the bus store. A widget subscribes.
 * - `ask`: requests answered by the phone, the phone window or the bus store. A widget asks, and
 *   neither answers nor listens: nats-server counts a listener as a responder, so one that never
 *   answers turns "no responders" into a timeout for whoever asks.
 * - `none`: the shell's alone: its pages agreeing who runs the agent's phone, renewing the phone
 *   window's credentials, and writing the agent's presence (one writer, where the phone runs;
 *   widgets send `cmd.set-status`) and call history (the call journal; widgets send `cmd.log-call`).
 */
import { parseSubject, type MessageKind } from './subjects.js';

export type WidgetReach = 'send' | 'watch' | 'ask' | 'none';

/** Every kind of the contract, so a new kind cannot ship without saying what widgets may do with it. */
export const WIDGET_REACH: { readonly [K in MessageKind]: WidgetReach } = {
  'cmd.dial': 'send',
  'cmd.answer': 'send',
  'cmd.decline': 'send',
  'cmd.hangup': 'send',
  'cmd.mute': 'send',
  'cmd.hold': 'send',
  'cmd.dtmf': 'send',
  'cmd.transfer': 'send',
  'cmd.set-status': 'send',
  'cmd.log-call': 'send',
  'state.call': 'watch',
  'state.health': 'watch',
  'state.refused': 'watch',
  'state.call-log': 'watch',
  'state.phone-window': 'watch',
  presence: 'watch',
  history: 'watch',
  'query.call': 'ask',
  'query.phone-window': 'ask',
  'store.presence.list': 'ask',
  'store.history.recent': 'ask',
  'query.phone-handover': 'none',
  'query.phone-renewal': 'none',
  'store.presence.set': 'none',
  'store.history.append': 'none',
};

/** The four things a bus does with a subject. */
export type BusUse = 'publish' | 'subscribe' | 'request' | 'reply';

const ALLOWED: Readonly<Record<BusUse, readonly WidgetReach[]>> = {
  publish: ['send'],
  subscribe: ['send', 'watch'],
  request: ['ask'],
  reply: [],
};

const WHY: Readonly<Record<WidgetReach, string>> = {
  send: 'it is a command: widgets publish it and may watch it',
  watch: 'it is state, published by the phone, the shell or the bus store: widgets only subscribe to it',
  ask: 'it is a request answered by the phone, the phone window or the bus store: widgets only ask it',
  none: "only the shell does that (who runs the agent's phone, the phone window's credentials, writing presence and call history)",
};

/**
 * Why a widget may not `use` `subject`, or null when it may. A subject outside the contract is not
 * judged here: the bus refuses it anyway, with its own reason. Anything but a string is refused: an
 * object could name one subject when judged here and another when the bus sends.
 */
export function widgetRefusal(subject: unknown, use: BusUse): string | null {
  if (typeof subject !== 'string') return `a widget may not ${use} on a subject that is not a string (${typeof subject})`;
  const parsed = parseSubject(subject);
  if (!parsed) return null;
  const reach = WIDGET_REACH[parsed.kind];
  if (ALLOWED[use].includes(reach)) return null;
  return `a widget may not ${use} on ${parsed.kind}: ${WHY[reach]}`;
}
