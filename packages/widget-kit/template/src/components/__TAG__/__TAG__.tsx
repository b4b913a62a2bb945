import { Component, Prop, State, Watch, h } from '@stencil/core';
import { latestSnapshot, type CallSnapshot } from '@patchbay/contract';
import { BusBinding, followCallState, type Bus } from '@patchbay/bus';
import { summarize } from './summary';

/**
 * A new widget: shows the agent's current call. Everything it knows comes from the bus the shell
 * hands in; everything it asks for it publishes there as a command.
 */
@Component({ tag: '__TAG__', styleUrl: '__TAG__.css', shadow: true })
export class __CLASS__ {
  private readonly binding = new BusBinding();

  @State() call: CallSnapshot | null = null;

  /** The page's bus, handed in by the shell (or the dev page), possibly after the first render. */
  @Prop() bus?: Bus;
  /** How teammates see this agent. */
  @Prop() displayName?: string;

  @Watch('bus')
  connect(): void {
    this.binding.bind(this.bus, (bus) => {
      // followCallState also asks for the state a widget that loads mid-call missed.
      return [followCallState(bus, this.binding, (snapshot) => this.show(snapshot))];
    });
  }

  connectedCallback(): void {
    this.connect();
  }

  disconnectedCallback(): void {
    this.binding.unbind();
  }

  private show(snapshot: CallSnapshot): void {
    this.call = latestSnapshot(this.call, snapshot);
  }

  render() {
    return (
      <section aria-label="__TITLE__">
        <h2>__TITLE__</h2>
        <p class="summary">{this.bus ? summarize(this.call) : 'Connecting…'}</p>
      </section>
    );
  }
}
