import { subjects, type CallCommandKind, type Subject, type TransferCommand } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import type { Phone } from '@patchbay/phone';
import { describeError, log } from '../log.js';
import { CommandGate } from './command-gate.js';

function transferWords(command: TransferCommand): string {
  switch (command.mode) {
    case 'blind':
      return `transfer to ${command.target}`;
    case 'consult':
      return `call ${command.target} to consult`;
    case 'complete':
      return 'complete the transfer';
    case 'cancel':
      return 'cancel the consultation';
  }
}

/**
 * Puts a phone on the bus: call commands from any widget drive it, its snapshots go out as call
 * state, and late joiners can ask for the latest one. Returns what takes it off again.
 */
export function wirePhone(phone: Phone, { bus, onCommandFailed }: { bus: Bus; onCommandFailed: (message: string) => void }): () => void {
  const offs: Array<() => void> = [];
  offs.push(
    phone.onSnapshot((snapshot) => {
      bus.publish(subjects.callState(bus.agentId), snapshot).catch((error: unknown) => log('error', 'CALL-STATE', describeError(error)));
    }),
  );
  offs.push(bus.reply(subjects.callStateQuery(bus.agentId), () => phone.snapshot));

  const agent = bus.agentId;
  const gate = new CommandGate(() => phone.snapshot.callId);
  // Every command the phone does not carry out is told on the bus (the widget that sent it shows
  // why) and in the panel; a flood is told once per few seconds, with its count.
  const refuse = (command: CallCommandKind, callId: string | null, reason: string, ignored?: number): void => {
    log('warn', 'PHONE-COMMAND', `${command}${callId ? ` for ${callId}` : ''}: ${reason}${ignored ? ` (${ignored} so far)` : ''}`);
    onCommandFailed(reason);
    bus.publish(subjects.commandRefused(agent), { command, callId, reason: reason.slice(0, 512), at: Date.now() }).catch((error: unknown) => log('warn', 'PHONE-COMMAND', describeError(error)));
  };
  const on = <T extends object>(command: CallCommandKind, subject: Subject<T>, what: (payload: T) => string, work: (payload: T) => unknown): void => {
    offs.push(
      bus.subscribe(subject, (payload) => {
        const callId = 'callId' in payload && typeof payload.callId === 'string' ? payload.callId : null;
        const verdict = gate.admit(command, callId);
        if (!verdict.act) {
          if (verdict.report) refuse(command, callId, verdict.reason, verdict.ignored);
          return;
        }
        Promise.resolve()
          .then(() => work(payload))
          .catch((error: unknown) => refuse(command, callId, `Could not ${what(payload)}: ${describeError(error)}`));
      }),
    );
  };
  on(
    'cmd.dial',
    subjects.dial(agent),
    ({ number }) => `call ${number}`,
    ({ number, ...options }) => phone.dial(number, options),
  );
  on(
    'cmd.answer',
    subjects.answer(agent),
    () => 'answer',
    () => phone.answer(),
  );
  on(
    'cmd.decline',
    subjects.decline(agent),
    () => 'decline',
    () => phone.decline(),
  );
  on(
    'cmd.hangup',
    subjects.hangup(agent),
    () => 'hang up',
    () => phone.hangup(),
  );
  on(
    'cmd.mute',
    subjects.mute(agent),
    ({ on: muted }) => (muted ? 'mute' : 'unmute'),
    ({ on: muted }) => phone.setMuted(muted),
  );
  on(
    'cmd.hold',
    subjects.hold(agent),
    ({ on: held }) => (held ? 'hold' : 'resume'),
    ({ on: held }) => (held ? phone.hold() : phone.unhold()),
  );
  on(
    'cmd.dtmf',
    subjects.dtmf(agent),
    ({ digits }) => `send ${digits}`,
    async ({ digits }) => {
      for (const digit of digits) await phone.sendDtmf(digit);
    },
  );
  on('cmd.transfer', subjects.transfer(agent), transferWords, (command) => {
    switch (command.mode) {
      case 'blind':
        return phone.transfer(command.target);
      case 'consult':
        return phone.consult(command.target);
      case 'complete':
        return phone.completeTransfer();
      case 'cancel':
        return phone.cancelConsult();
    }
  });
  return () => {
    for (const off of offs) off();
  };
}
