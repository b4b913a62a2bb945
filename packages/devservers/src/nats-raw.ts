/**
 * A deliberately bare NATS client over the TCP port: sends bytes as they are, without any contract
 * validation, and returns the server's -ERR lines. Tests use it as a buggy or hostile widget.
 */
import { connect } from 'node:net';

export async function rawNatsPublish(
  clientUrl: string,
  /** The user JWT to connect with (a bearer JWT needs no signature). */
  jwt: string,
  messages: readonly { subject: string; bytes: Uint8Array }[],
): Promise<{ errors: string[] }> {
  const { hostname, port } = new URL(clientUrl);
  const socket = connect(Number(port), hostname);
  const errors: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const chunks: Buffer[] = [Buffer.from(`CONNECT ${JSON.stringify({ verbose: false, pedantic: false, jwt })}\r\n`)];
    for (const m of messages) chunks.push(Buffer.from(`PUB ${m.subject} ${m.bytes.byteLength}\r\n`), Buffer.from(m.bytes), Buffer.from('\r\n'));
    chunks.push(Buffer.from('PING\r\n'));
    socket.write(Buffer.concat(chunks));
    let text = '';
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (data: Buffer) => {
        text += data.toString('utf8');
        if (/\r\nPONG\r\n|^PONG\r\n/.test(text)) resolve();
      });
      socket.once('close', () => reject(new Error(`server closed the connection: ${text.trim()}`)));
    });
    for (const line of text.split('\r\n')) if (line.startsWith('-ERR')) errors.push(line);
    return { errors };
  } finally {
    socket.destroy();
  }
}
