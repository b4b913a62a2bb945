import { Component, Host, Prop, h } from '@stencil/core';
import { formatDuration, formatWhen } from './format';

/** One row of the log; the bus's call history entries fill it. */
export interface CallLogEntry {
  callId: string;
  direction: 'inbound' | 'outbound';
  number: string;
  startedAt: number;
  durationSec: number;
  disposition?: string;
}

/** The agent's recent calls, newest first. */
@Component({ tag: 'pb-call-log', styleUrl: 'pb-call-log.css', shadow: true })
export class PbCallLog {
  /** Recent calls in any order; the widget sorts them newest first. */
  @Prop() calls: CallLogEntry[] = [];

  render() {
    const calls = [...this.calls].sort((a, b) => b.startedAt - a.startedAt);
    return (
      <Host>
        <section class="card" aria-label="Call log">
          <header class="card-header">
            <h2>Recent calls</h2>
            <span class="count">{calls.length === 0 ? '' : `${calls.length}`}</span>
          </header>
          {calls.length === 0 ? (
            <p class="empty">No calls yet. Calls you make or take appear here.</p>
          ) : (
            <ul class="list" role="list">
              {calls.map((call) => (
                <li class="item" key={call.callId} tabindex="0" aria-label={`${call.direction} call ${call.number}, ${formatDuration(call.durationSec)}`}>
                  <span class={`direction ${call.direction}`} aria-hidden="true">
                    {call.direction === 'inbound' ? '↙' : '↗'}
                  </span>
                  <span class="number">{call.number}</span>
                  <span class="when">{formatWhen(call.startedAt)}</span>
                  <span class="duration">{formatDuration(call.durationSec)}</span>
                  {call.disposition ? <span class="disposition">{call.disposition}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </Host>
    );
  }
}
