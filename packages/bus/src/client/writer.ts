/**
 * Everything written in one tick leaves in one WebSocket frame: a burst of publishes and the PING
 * that confirms them cost one send, and a lone publish waits only for the current microtasks.
 */
import type { Transport } from './transport.js';

const utf8 = new TextEncoder();

export class Writer {
  private parts: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly transport: Transport) {}

  /** Control lines (text) and payloads (bytes), in protocol order. */
  write(...parts: (string | Uint8Array)[]): void {
    if (this.size === 0) queueMicrotask(() => this.flush());
    for (const part of parts) {
      const bytes = typeof part === 'string' ? utf8.encode(part) : part;
      this.parts.push(bytes);
      this.size += bytes.byteLength;
    }
  }

  /** Sends what was written so far now, without waiting for the end of the tick. */
  flush(): void {
    if (this.size === 0) return;
    const frame = this.parts.length === 1 ? this.parts[0]! : new Uint8Array(this.size);
    if (this.parts.length > 1) {
      let at = 0;
      for (const part of this.parts) {
        frame.set(part, at);
        at += part.byteLength;
      }
    }
    this.parts = [];
    this.size = 0;
    this.transport.send(frame);
  }
}
