import { Component, Element, Host, Prop, State, Watch, h } from '@stencil/core';
import { isConsultActive, latestSnapshot, subjects, type CallSnapshot } from '@patchbay/contract';
import { BusBinding, followCallState, type Bus } from '@patchbay/bus';
import { consultMessage, elapsed, endMessage, panelFor, transferMessage } from './call-view';
import { KEYPAD, isDialable, sanitizeNumber } from './keypad';

/**
 * Number entry, keypad and call controls. It sends commands on the bus and renders the call
 * snapshots the phone publishes; it never talks to the phone directly.
 *
 * Over 300 lines: Stencil takes one component per file, and the number field, keypad, call
 * controls and notes all read the one call snapshot the component holds.
 */
// delegatesFocus: the shell's "go to the dialpad" hotkey focuses the element, which passes focus
// to its first control (the number field while idle).
@Component({ tag: 'pb-dialpad', styleUrl: 'pb-dialpad.css', shadow: { delegatesFocus: true } })
export class PbDialpad {
  private readonly binding = new BusBinding();
  private clock: ReturnType<typeof setInterval> | null = null;

  @Element() host!: HTMLElement;

  @State() number = '';
  @State() call: CallSnapshot | null = null;
  @State() transferTarget = '';
  @State() now = Date.now();
  @State() error: string | null = null;
  /** Notes the agent types during the call, for the call's log (the call log adds the disposition). */
  @State() notes = '';
  /** The call whose notes reached the bus: the shell saves them with its log when it ends. */
  @State() notesSentFor: string | null = null;

  /** The page's bus, handed in by the shell. */
  @Prop() bus?: Bus;

  @Watch('bus')
  connect(): void {
    this.binding.bind(this.bus, (bus) => {
      return [
        followCallState(bus, this.binding, (snapshot) => this.show(snapshot)),
        // The phone says why it did not do what was asked (a stale call, a failure).
        bus.subscribe(subjects.commandRefused(bus.agentId), (refusal) => (this.error = refusal.reason)),
      ];
    });
  }

  connectedCallback(): void {
    this.connect();
    this.clock = setInterval(() => (this.now = Date.now()), 1000);
  }

  componentWillLoad(): void {
    this.connect();
  }

  disconnectedCallback(): void {
    this.binding.unbind();
    if (this.clock) clearInterval(this.clock);
  }

  private show(snapshot: CallSnapshot): void {
    const before = this.call?.callId;
    this.call = latestSnapshot(this.call, snapshot);
    if (this.call.callId !== before) this.notes = '';
  }

  private send(action: (bus: Bus) => Promise<void>): void {
    if (!this.bus) {
      this.error = 'Not connected to the softphone';
      return;
    }
    this.error = null;
    action(this.bus).catch((cause: unknown) => {
      this.error = cause instanceof Error ? cause.message : String(cause);
    });
  }

  private press(digit: string): void {
    const call = this.call;
    if (call?.callId && panelFor(call) === 'in-call') {
      this.send((bus) => bus.publish(subjects.dtmf(bus.agentId), { callId: call.callId!, digits: digit }));
      return;
    }
    this.number = sanitizeNumber(this.number + digit);
  }

  private dial(): void {
    if (!isDialable(this.number)) return;
    const number = this.number;
    this.send((bus) => bus.publish(subjects.dial(bus.agentId), { number }));
  }

  private callCommand(command: 'answer' | 'decline' | 'hangup'): void {
    const callId = this.call?.callId;
    if (!callId) return;
    this.send((bus) => bus.publish(subjects[command](bus.agentId), { callId }));
  }

  private toggle(command: 'mute' | 'hold', on: boolean): void {
    const callId = this.call?.callId;
    if (!callId) return;
    this.send((bus) => bus.publish(subjects[command](bus.agentId), { callId, on }));
  }

  /** Blind transfer, or the first step of an attended one (consult the target first). */
  private transferTo(mode: 'blind' | 'consult'): void {
    const callId = this.call?.callId;
    const target = sanitizeNumber(this.transferTarget);
    if (!callId || !isDialable(target)) return;
    this.send((bus) => bus.publish(subjects.transfer(bus.agentId), { callId, mode, target }));
  }

  /** Ends the consultation: complete the transfer, or drop it and go back to the customer. */
  private finishConsult(mode: 'complete' | 'cancel'): void {
    const callId = this.call?.callId;
    if (!callId) return;
    this.send((bus) => bus.publish(subjects.transfer(bus.agentId), { callId, mode }));
  }

  /** The notes go as this widget's part of the call's log (the contract merges parts per field). */
  private saveNotes(): void {
    const callId = this.call?.callId;
    const notes = this.notes.trim();
    if (!callId || notes === '') return;
    this.send((bus) =>
      bus.publish(subjects.logCall(bus.agentId), { callId, notes }).then(() => {
        this.notesSentFor = callId;
      }),
    );
  }

  private onInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    this.number = sanitizeNumber(input.value);
    input.value = this.number;
  };

  private onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.dial();
    }
  };

  private renderKeypad() {
    return (
      // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring a border and legend the keypad does not want; role=group names it the same way.
      <div class="keypad" role="group" aria-label="Keypad">
        {KEYPAD.map((key) => (
          <button type="button" class="key" aria-label={key.label} onClick={() => this.press(key.digit)}>
            <span class="digit">{key.digit}</span> <span class="letters">{key.letters}</span>
          </button>
        ))}
      </div>
    );
  }

  private renderDial() {
    const dialable = isDialable(this.number);
    const ended = endMessage(this.call);
    return [
      // Call changes are said once, by the shell's live region; these lines are for the eye.
      ended ? <p class={`notice ${this.call?.status}`}>{ended}</p> : null,
      <label class="field">
        <span class="label">Number</span>
        <input type="tel" inputMode="tel" autocomplete="off" placeholder="Enter a number" value={this.number} onInput={this.onInput} onKeyDown={this.onKeyDown} aria-label="Number to dial" />
      </label>,
      this.renderKeypad(),
      <div class="actions">
        <button type="button" class="call" disabled={!dialable} onClick={() => this.dial()} aria-label={dialable ? `Call ${this.number}` : 'Call'}>
          Call
        </button>
        <button type="button" class="clear" disabled={this.number === ''} onClick={() => (this.number = this.number.slice(0, -1))} aria-label="Delete last digit">
          ⌫
        </button>
      </div>,
    ];
  }

  private renderOutgoing(call: CallSnapshot) {
    return [
      <p class="party">
        {call.status === 'dialing' ? 'Calling' : 'Ringing'} <strong>{call.remoteNumber}</strong>…
      </p>,
      <div class="actions">
        <button type="button" class="hangup" onClick={() => this.callCommand('hangup')}>
          Cancel
        </button>
      </div>,
    ];
  }

  private renderIncoming(call: CallSnapshot) {
    return [
      <p class="party ringing">
        Incoming call from <strong>{call.remoteNumber ?? 'unknown number'}</strong>
      </p>,
      <div class="actions">
        <button type="button" class="call" onClick={() => this.callCommand('answer')}>
          Answer
        </button>
        <button type="button" class="hangup" onClick={() => this.callCommand('decline')}>
          Decline
        </button>
      </div>,
    ];
  }

  private renderTransfer(call: CallSnapshot) {
    const consult = isConsultActive(call.consult) ? call.consult : null;
    const pending = call.transfer?.status === 'requested';
    const statusLine = (label: string, text: string | null, state: string | undefined) =>
      text ? (
        <p class={`consult ${state ?? ''}`} role="status" aria-label={label}>
          {text}
        </p>
      ) : null;
    const note = [statusLine('Consultation', consultMessage(call, this.now), call.consult?.status), statusLine('Transfer', transferMessage(call), call.transfer?.status)];
    if (consult) {
      return [
        note,
        <div class="transfer">
          <button type="button" class="complete" disabled={consult.status !== 'connected' || pending} onClick={() => this.finishConsult('complete')}>
            Complete transfer
          </button>
          <button type="button" disabled={pending} onClick={() => this.finishConsult('cancel')} aria-label={`Cancel consultation with ${consult.target}`}>
            Cancel
          </button>
        </div>,
      ];
    }
    const dialable = isDialable(this.transferTarget) && !pending;
    return [
      note,
      <div class="transfer">
        <input type="tel" placeholder="Transfer to" aria-label="Transfer to number" value={this.transferTarget} onInput={(event) => (this.transferTarget = (event.target as HTMLInputElement).value)} />
        <button type="button" disabled={!dialable} onClick={() => this.transferTo('blind')} title="Send the caller straight to this number">
          Transfer
        </button>
        <button type="button" disabled={!dialable} onClick={() => this.transferTo('consult')} title="Talk to this number first, with the caller on hold">
          Consult
        </button>
      </div>,
    ];
  }

  private renderInCall(call: CallSnapshot) {
    const held = call.status === 'on-hold';
    const consulting = isConsultActive(call.consult);
    const quality = call.quality;
    return [
      <p class="party">
        {held ? 'On hold with' : 'Connected to'} <strong>{call.remoteNumber}</strong>
        <span class="timer">{elapsed(call.connectedAt, this.now)}</span>
      </p>,
      quality ? (
        <p class="quality">
          MOS {quality.mos.toFixed(1)} · jitter {(quality.jitter * 1000).toFixed(0)} ms · loss {(quality.packetLoss * 100).toFixed(1)}%
          {quality.roundTripTime === null ? '' : ` · RTT ${(quality.roundTripTime * 1000).toFixed(0)} ms`}
        </p>
      ) : null,
      <div class="controls">
        <button type="button" aria-pressed={call.muted ? 'true' : 'false'} onClick={() => this.toggle('mute', !call.muted)}>
          {call.muted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" aria-pressed={held ? 'true' : 'false'} disabled={consulting} onClick={() => this.toggle('hold', !held)}>
          {held ? 'Resume' : 'Hold'}
        </button>
      </div>,
      this.renderKeypad(),
      this.renderTransfer(call),
      this.renderNotes(call),
      <div class="actions">
        <button type="button" class="hangup" onClick={() => this.callCommand('hangup')}>
          Hang up
        </button>
      </div>,
    ];
  }

  private renderNotes(call: CallSnapshot) {
    return (
      <form
        class="notes"
        aria-label="Call notes"
        onSubmit={(event) => {
          event.preventDefault();
          this.saveNotes();
        }}
      >
        <textarea aria-label="Call notes" rows={2} placeholder="Notes for the call log" value={this.notes} onInput={(event) => (this.notes = (event.target as HTMLTextAreaElement).value)} />
        <button type="submit" disabled={this.notes.trim() === ''}>
          Add notes
        </button>
        {this.notesSentFor === call.callId ? (
          <p class="notes-state" role="status">
            Notes added to the call's log
          </p>
        ) : null}
      </form>
    );
  }

  render() {
    const call = this.call;
    const panel = panelFor(call);
    return (
      <Host data-call={call?.status ?? 'idle'}>
        <section class="card" aria-label="Dialpad">
          <header class="card-header">
            <h2>Dialpad</h2>
          </header>
          {panel === 'dial' || !call ? this.renderDial() : null}
          {panel === 'outgoing' && call ? this.renderOutgoing(call) : null}
          {panel === 'incoming' && call ? this.renderIncoming(call) : null}
          {panel === 'in-call' && call ? this.renderInCall(call) : null}
          {this.error ? (
            <p class="notice failed" role="alert">
              {this.error}
            </p>
          ) : null}
        </section>
      </Host>
    );
  }
}
