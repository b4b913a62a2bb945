import { Component, Host, Prop, State, Watch, h } from '@stencil/core';
import { CHOSEN_STATUSES, isChosenStatus, subjects, type ChosenStatus, type PresenceState } from '@patchbay/contract';
import { BusBinding, type Bus } from '@patchbay/bus';
import { statusColor, statusLabel } from './statuses';

/**
 * The agent's own status and the team's, live from the bus's presence store. Picking a status
 * asks for it (`cmd.set-status`); the shell that runs the agent's phone stores it, so it survives
 * a reload and shows on every teammate's page.
 */
@Component({ tag: 'pb-presence', styleUrl: 'pb-presence.css', shadow: true })
export class PbPresence {
  private readonly binding = new BusBinding();

  @State() everyone: ReadonlyMap<string, PresenceState> = new Map();
  @State() error: string | null = null;

  /** The page's bus, handed in by the shell. */
  @Prop() bus?: Bus;

  @Watch('bus')
  connect(): void {
    this.binding.bind(this.bus, (bus) => [
      bus.presence
        .watch((state) => {
          const next = new Map(this.everyone);
          next.set(state.agentId, state);
          this.everyone = next;
        })
        .catch((cause: unknown) => {
          this.error = `Team status unavailable: ${cause instanceof Error ? cause.message : String(cause)}`;
          return () => undefined;
        }),
    ]);
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

  private onChange = (event: Event): void => {
    const bus = this.bus;
    if (!bus) return;
    const status = (event.target as HTMLSelectElement).value as ChosenStatus;
    this.error = null;
    bus.publish(subjects.setStatus(bus.agentId), { status }).catch((cause: unknown) => {
      this.error = `Status not changed: ${cause instanceof Error ? cause.message : String(cause)}`;
    });
  };

  render() {
    const own = this.bus ? (this.everyone.get(this.bus.agentId)?.status ?? 'offline') : 'offline';
    const team = [...this.everyone.values()].filter((state) => state.agentId !== this.bus?.agentId).sort((a, b) => a.displayName.localeCompare(b.displayName));
    return (
      <Host data-status={own}>
        <section class="card" aria-label="Presence">
          <header class="card-header">
            <h2>Status</h2>
          </header>
          <label class="own">
            <span class="dot" style={{ background: statusColor(own) }} aria-hidden="true"></span>
            <select aria-label="My status" onChange={this.onChange} disabled={!this.bus}>
              {isChosenStatus(own) ? null : (
                <option value={own} selected disabled>
                  {statusLabel(own)}
                </option>
              )}
              {CHOSEN_STATUSES.map((status) => (
                <option value={status} selected={status === own}>
                  {statusLabel(status)}
                </option>
              ))}
            </select>
          </label>
          {this.error ? (
            <p class="error" role="alert">
              {this.error}
            </p>
          ) : null}
          <h3>Team</h3>
          {team.length === 0 ? (
            <p class="empty">No teammates yet.</p>
          ) : (
            // biome-ignore lint/a11y/noRedundantRoles: with list-style none, Safari drops the list role unless it is given again.
            <ul class="team" role="list" aria-label="Team status">
              {team.map((mate) => (
                <li key={mate.agentId} data-agent={mate.agentId} data-status={mate.status}>
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
