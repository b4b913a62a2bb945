import { Component, Event, Host, Prop, h, type EventEmitter } from '@stencil/core';
import { STATUSES, statusColor, statusLabel, type PresenceStatus } from './statuses';

export interface TeammatePresence {
  agentId: string;
  displayName: string;
  status: PresenceStatus;
}

export interface PresenceChangeDetail {
  status: PresenceStatus;
}

/** The agent's own status selector and the team's statuses. */
@Component({ tag: 'pb-presence', styleUrl: 'pb-presence.css', shadow: true })
export class PbPresence {
  /** The agent's current status as the bus last reported it. */
  @Prop({ mutable: true }) status: PresenceStatus = 'offline';
  /** Teammates, the agent excluded. */
  @Prop() team: TeammatePresence[] = [];

  /** The agent picked a status. */
  @Event() pbStatusChange!: EventEmitter<PresenceChangeDetail>;

  private onChange = (event: Event): void => {
    const status = (event.target as HTMLSelectElement).value as PresenceStatus;
    this.status = status;
    this.pbStatusChange.emit({ status });
  };

  render() {
    const team = [...this.team].sort((a, b) => a.displayName.localeCompare(b.displayName));
    return (
      <Host>
        <section class="card" aria-label="Presence">
          <header class="card-header">
            <h2>Status</h2>
          </header>
          <label class="own">
            <span class="dot" style={{ background: statusColor(this.status) }} aria-hidden="true"></span>
            <select aria-label="My status" onChange={this.onChange}>
              {STATUSES.map((s) => (
                <option value={s.value} selected={s.value === this.status}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <h3>Team</h3>
          {team.length === 0 ? (
            <p class="empty">No teammates online.</p>
          ) : (
            <ul class="team" role="list" aria-label="Team status">
              {team.map((mate) => (
                <li key={mate.agentId} data-agent={mate.agentId}>
                  <span class="dot" style={{ background: statusColor(mate.status) }} aria-hidden="true"></span>
                  <span class="name">{mate.displayName}</span>
                  <span class="status">{statusLabel(mate.status)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </Host>
    );
  }
}
