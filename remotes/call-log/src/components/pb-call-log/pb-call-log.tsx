import { Component, Host, Prop, State, Watch, h } from '@stencil/core';
import { isCallActive, latestSnapshot, subjects, type CallHistoryEntry, type CallLogOutcome, type CallSnapshot } from '@patchbay/contract';
import { BusBinding, followCallState, type Bus } from '@patchbay/bus';
import { formatDuration, formatWhen } from './format';
import { DISPOSITIONS, awaitingWrapUp, canCallBack, isMissed, mergeHistory, outcomeMessage } from './history';

const SHOWN = 20;

/**
 * The agent's recent calls, newest first, from the bus's call history (so they survive a reload
 * and show in a second tab), and the wrap-up of the call that just ended.
 */
@Component({ tag: 'pb-call-log', styleUrl: 'pb-call-log.css', shadow: true })
export class PbCallLog {
  private readonly binding = new BusBinding();

  @State() calls: CallHistoryEntry[] = [];
  @State() call: CallSnapshot | null = null;
  /** A call the agent chose to wrap up from the list (one that ended before a reload, say). */
  @State() picked: string | null = null;
  @State() disposition: string = DISPOSITIONS[0];
  @State() notes = '';
  @State() saving = false;
  @State() error: string | null = null;
  /** How the latest save of a call's log went (the shell says, for any widget's save). */
  @State() outcome: CallLogOutcome | null = null;

  /** The page's bus, handed in by the shell. */
  @Prop() bus?: Bus;

  @Watch('bus')
  connect(): void {
    this.binding.bind(this.bus, (bus) => {
      bus.history.recent(SHOWN).then(
        (entries) => {
          if (this.binding.isBound(bus)) this.calls = mergeHistory(this.calls, entries, SHOWN);
        },
        (cause: unknown) => (this.error = `Could not read call history: ${cause instanceof Error ? cause.message : String(cause)}`),
      );
      return [
        bus.subscribe(subjects.history(bus.agentId), (entry) => (this.calls = mergeHistory(this.calls, [entry], SHOWN))),
        followCallState(bus, this.binding, (snapshot) => (this.call = latestSnapshot(this.call, snapshot))),
        bus.subscribe(subjects.callLogOutcome(bus.agentId), (outcome) => (this.outcome = outcome)),
      ];
    });
  }

  connectedCallback(): void {
    this.connect();
  }

  componentWillLoad(): void {
    this.connect();
  }

  disconnectedCallback(): void {
    this.binding.unbind();
  }

  private save(entry: CallHistoryEntry): void {
    const bus = this.bus;
    if (!bus) return;
    this.saving = true;
    this.error = null;
    const notes = this.notes.trim();
    bus
      .publish(subjects.logCall(bus.agentId), { callId: entry.callId, disposition: this.disposition, ...(notes ? { notes } : {}) })
      .then(
        () => {
          this.notes = '';
          this.picked = null;
        },
        (cause: unknown) => {
          this.error = `Not saved: ${cause instanceof Error ? cause.message : String(cause)}`;
        },
      )
      .finally(() => (this.saving = false));
  }

  /** One click from the list: the dial command any click-to-dial sends. */
  private callBack(entry: CallHistoryEntry): void {
    const bus = this.bus;
    if (!bus) return;
    this.error = null;
    bus.publish(subjects.dial(bus.agentId), { number: entry.number }).catch((cause: unknown) => {
      this.error = `Could not call back: ${cause instanceof Error ? cause.message : String(cause)}`;
    });
  }

  private renderWrapUp(entry: CallHistoryEntry) {
    return (
      <form
        class="wrap-up"
        aria-label="Wrap-up"
        onSubmit={(event) => {
          event.preventDefault();
          this.save(entry);
        }}
      >
        <p class="wrap-title">
          Wrap up the call with <strong>{entry.number}</strong> ({formatDuration(entry.durationSec)})
        </p>
        <label>
          <span class="label">Disposition</span>
          <select aria-label="Disposition" onChange={(event) => (this.disposition = (event.target as HTMLSelectElement).value)}>
            {DISPOSITIONS.map((value) => (
              <option value={value} selected={value === this.disposition}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="label">Notes</span>
          <textarea aria-label="Notes" rows={2} value={this.notes} onInput={(event) => (this.notes = (event.target as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit" class="save" disabled={this.saving}>
          {this.saving ? 'Saving…' : 'Save call'}
        </button>
      </form>
    );
  }

  render() {
    const wrapUp = awaitingWrapUp(this.calls, this.call, this.picked);
    const busy = this.call !== null && isCallActive(this.call.status);
    return (
      <Host>
        <section class="card" aria-label="Call log">
          <header class="card-header">
            <h2>Recent calls</h2>
            <span class="count">{this.calls.length === 0 ? '' : `${this.calls.length}`}</span>
          </header>
          {wrapUp ? this.renderWrapUp(wrapUp) : null}
          {this.error ? (
            <p class="error" role="alert">
              {this.error}
            </p>
          ) : null}
          {this.outcome ? (
            <p class={`outcome ${this.outcome.status}`} role="status" aria-label="Saved to Salesforce" data-call-id={this.outcome.callId}>
              {outcomeMessage(this.outcome, this.calls)}
            </p>
          ) : null}
          {this.calls.length === 0 ? (
            <p class="empty">No calls yet. Calls you make or take appear here.</p>
          ) : (
            // biome-ignore lint/a11y/noRedundantRoles: with list-style none, Safari drops the list role unless it is given again.
            <ul class="list" role="list">
              {this.calls.map((call) => (
                <li
                  class={{ item: true, missed: isMissed(call) }}
                  key={call.callId}
                  data-call-id={call.callId}
                  tabindex="0"
                  aria-label={`${isMissed(call) ? 'missed' : call.direction} call ${call.number}, ${formatDuration(call.durationSec)}`}
                >
                  <span class={`direction ${call.direction}`} aria-hidden="true">
                    {call.direction === 'inbound' ? '↙' : '↗'}
                  </span>
                  <span class="number">
                    {call.number}
                    {isMissed(call) ? <span class="missed-mark">Missed</span> : null}
                  </span>
                  <span class="when">{formatWhen(call.startedAt)}</span>
                  <span class="duration">{formatDuration(call.durationSec)}</span>
                  {canCallBack(call) ? (
                    <button type="button" class="call-back" disabled={busy} onClick={() => this.callBack(call)} aria-label={`Call back ${call.number}`}>
                      Call back
                    </button>
                  ) : null}
                  {call.disposition ? (
                    <span class="disposition">
                      {call.disposition}
                      {call.notes ? ` · ${call.notes}` : ''}
                    </span>
                  ) : (
                    <span class="disposition">
                      Not logged yet{' '}
                      <button type="button" class="link" onClick={() => (this.picked = call.callId)} aria-label={`Wrap up the call with ${call.number}`}>
                        Wrap up
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </Host>
    );
  }
}
