import { connect, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';

/** An event baresip's ctrl_tcp module pushes (CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED, ...). */
export interface BaresipEvent {
  type: string;
  /** Date.now() when the event reached us (for timing the far end). */
  receivedAt: number;
  class?: string;
  peeruri?: string;
  id?: string;
  param?: string;
  [key: string]: unknown;
}

export interface BaresipResponse {
  ok: boolean;
  data: string;
}

export class BaresipCommandError extends Error {
  override name = 'BaresipCommandError';
  constructor(
    readonly command: string,
    readonly data: string,
  ) {
    super(`baresip refused "${command}": ${data}`);
  }
}

/**
 * A client of baresip's ctrl_tcp: netstring-framed JSON (`<len>:<json>,`), commands answered
 * by token, events pushed as they happen.
 */
export class BaresipControl extends EventEmitter<{ event: [BaresipEvent] }> {
  private buffer = Buffer.alloc(0);
  private nextToken = 1;
  private readonly pending = new Map<string, { command: string; resolve: (r: BaresipResponse) => void; reject: (e: Error) => void }>();

  private constructor(private readonly socket: Socket) {
    super();
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('close', () => {
      for (const { command, reject } of this.pending.values()) reject(new BaresipCommandError(command, 'connection closed'));
      this.pending.clear();
    });
  }

  static async connect(port: number): Promise<BaresipControl> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    return new BaresipControl(socket);
  }

  /** Runs a menu command (`dial sip:…`, `hangup`, `answermode manual`) and returns baresip's reply. */
  async command(line: string): Promise<BaresipResponse> {
    const space = line.indexOf(' ');
    const command = space < 0 ? line : line.slice(0, space);
    const params = space < 0 ? '' : line.slice(space + 1);
    const token = String(this.nextToken++);
    const json = Buffer.from(JSON.stringify({ command, params, token }));
    const reply = new Promise<BaresipResponse>((resolve, reject) => this.pending.set(token, { command: line, resolve, reject }));
    this.socket.write(Buffer.concat([Buffer.from(`${json.length}:`), json, Buffer.from(',')]));
    const response = await reply;
    if (!response.ok) throw new BaresipCommandError(line, response.data);
    return response;
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + length + 1) return;
      const body = this.buffer.subarray(colon + 1, colon + 1 + length).toString();
      this.buffer = this.buffer.subarray(colon + 1 + length + 1);
      this.dispatch(JSON.parse(body) as Record<string, unknown>);
    }
  }

  private dispatch(message: Record<string, unknown>): void {
    if (message.response === true) {
      const token = String(message.token);
      const waiting = this.pending.get(token);
      this.pending.delete(token);
      waiting?.resolve({ ok: message.ok === true, data: String(message.data ?? '') });
    } else if (message.event === true) {
      this.emit('event', { ...(message as unknown as BaresipEvent), receivedAt: Date.now() });
    }
  }
}
