import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { labTls } from '@patchbay/devservers';

/** A Janus API message as it arrives: nothing in it is trusted. */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: { sip?: string; result?: Record<string, unknown>; error_code?: number; error?: string } };
}

/**
 * A bare Janus API client over WebSocket, for tests that play an agent (or someone holding an
 * agent's credentials) without a browser: the requests janus-gateway sends, on one session with
 * one SIP plugin handle. Every message Janus sends is kept in `received`.
 */
export class JanusSipClient {
  readonly received: JanusMessage[] = [];
  private sessionId: number | null = null;
  private handleId: number | null = null;
  private next = 0;

  private constructor(
    private readonly socket: WebSocket,
    /** Sent with every request; a test may change it. */
    public token: string,
  ) {
    socket.on('message', (data) => this.received.push(JSON.parse(String(data)) as JanusMessage));
  }

  /** Connects and opens a session with `token`, then attaches the SIP plugin. */
  static async open(url: string, token: string): Promise<JanusSipClient> {
    const client = await JanusSipClient.connect(url, token);
    const created = await client.request({ janus: 'create' });
    if (created.janus !== 'success') throw new Error(`Janus refused the session: ${JSON.stringify(created.error)}`);
    client.sessionId = created.data?.id ?? null;
    const attached = await client.request({ janus: 'attach', session_id: client.sessionId, plugin: 'janus.plugin.sip' });
    if (attached.janus !== 'success') throw new Error(`Janus refused the SIP plugin: ${JSON.stringify(attached.error)}`);
    client.handleId = attached.data?.id ?? null;
    return client;
  }

  /** Only connects: the test sends its own `create`. */
  static async connect(url: string, token: string): Promise<JanusSipClient> {
    // The gateway guard serves wss with a certificate of the lab's CA.
    const socket = new WebSocket(url, 'janus-protocol', { ca: (await labTls()).caPem });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new JanusSipClient(socket, token);
  }

  /** Sends a request with the current token; resolves with Janus's first answer (`ack`, `success` or `error`). */
  async request(body: Record<string, unknown>, timeoutMs = 5000): Promise<JanusMessage> {
    const transaction = `t${++this.next}`;
    const after = this.received.length;
    this.socket.send(JSON.stringify({ token: this.token, ...body, transaction }));
    return this.waitFor((m) => m.transaction === transaction && m.janus !== 'event', { after, timeoutMs });
  }

  keepalive(): Promise<JanusMessage> {
    return this.request({ janus: 'keepalive', session_id: this.sessionId });
  }

  /** Sends a request to the SIP plugin; resolves with Janus's `ack` (or error). */
  sip(body: Record<string, unknown>, jsep?: { type: string; sdp: string }): Promise<JanusMessage> {
    return this.request({ janus: 'message', session_id: this.sessionId, handle_id: this.handleId, body, ...(jsep ? { jsep } : {}) });
  }

  /** Resolves with the first SIP plugin result at index `after` or later whose event is one of `events`. */
  async sipEvent(events: string[], { after = 0, timeoutMs = 10_000 } = {}): Promise<Record<string, unknown>> {
    const message = await this.waitFor((m) => events.includes(String(m.plugindata?.data.result?.event)), { after, timeoutMs });
    return message.plugindata!.data.result!;
  }

  /** Resolves with the first message at index `after` or later that matches. */
  waitFor(match: (message: JanusMessage) => boolean, { after = 0, timeoutMs = 10_000 } = {}): Promise<JanusMessage> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const look = (): void => {
        const found = this.received.slice(after).find(match);
        if (found) resolve(found);
        else if (Date.now() > deadline) reject(new Error(`no such Janus message within ${timeoutMs} ms; got ${JSON.stringify(this.received.slice(after))}`));
        else setTimeout(look, 20);
      };
      look();
    });
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * An SDP offer of the shape a browser sends (audio, ICE and DTLS attributes), enough for Janus to
 * place a SIP call: it answers the browser side by itself and sends the INVITE at once. Media
 * never flows (nothing answers ICE): the tests that use it are about signalling.
 */
export function webrtcAudioOffer(): { type: 'offer'; sdp: string } {
  const fingerprint = [...randomBytes(32)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const sdp = [
    'v=0',
    `o=- ${randomBytes(6).readUIntBE(0, 6)} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 0',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=ice-ufrag:${randomBytes(4).toString('hex')}`,
    `a=ice-pwd:${randomBytes(12).toString('hex')}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');
  return { type: 'offer', sdp };
}
