import { Component, Element, Event, Host, State, h, type EventEmitter } from '@stencil/core';
import { KEYPAD, isDialable, sanitizeNumber } from './keypad';

export interface DialpadDialDetail {
  number: string;
}

/**
 * Number entry, keypad and call button. Typing works anywhere in the widget; Enter dials,
 * Backspace deletes. Emits requests only: the phone decides what happens.
 */
@Component({ tag: 'pb-dialpad', styleUrl: 'pb-dialpad.css', shadow: true })
export class PbDialpad {
  @Element() host!: HTMLElement;

  @State() number = '';

  /** The agent asked to call `number`. */
  @Event() pbDialRequest!: EventEmitter<DialpadDialDetail>;

  private press(key: string): void {
    this.number = sanitizeNumber(this.number + key);
  }

  private dial(): void {
    if (!isDialable(this.number)) return;
    this.pbDialRequest.emit({ number: this.number });
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

  render() {
    const dialable = isDialable(this.number);
    return (
      <Host>
        <section class="card" aria-label="Dialpad">
          <header class="card-header">
            <h2>Dialpad</h2>
          </header>
          <label class="field">
            <span class="label">Number</span>
            <input
              type="tel"
              inputMode="tel"
              autocomplete="off"
              placeholder="Enter a number"
              value={this.number}
              onInput={this.onInput}
              onKeyDown={this.onKeyDown}
              aria-label="Number to dial"
            />
          </label>
          <div class="keypad" role="group" aria-label="Keypad">
            {KEYPAD.map((key) => (
              <button
                type="button"
                class="key"
                aria-label={key.label}
                onClick={() => this.press(key.digit)}
              >
                <span class="digit">{key.digit}</span>
                <span class="letters">{key.letters}</span>
              </button>
            ))}
          </div>
          <div class="actions">
            <button
              type="button"
              class="call"
              disabled={!dialable}
              onClick={() => this.dial()}
              aria-label={dialable ? `Call ${this.number}` : 'Call'}
            >
              Call
            </button>
            <button
              type="button"
              class="clear"
              disabled={this.number === ''}
              onClick={() => (this.number = this.number.slice(0, -1))}
              aria-label="Delete last digit"
            >
              ⌫
            </button>
          </div>
        </section>
      </Host>
    );
  }
}
