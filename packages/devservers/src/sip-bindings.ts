import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

/** A contact the registrar holds for a user, with the seconds it has left. */
export interface SipBinding {
  contact: string;
  expires: number | null;
}

/**
 * Asks a registrar on 127.0.0.1:`port` which contacts `user` has: a REGISTER without a Contact
 * header changes nothing and is answered with every current binding (RFC 3261 section 10.2.3).
 * It carries the user's credentials as the agents' REGISTERs do (X-Patchbay-Credential).
 */
export async function queryBindings(port: number, user: string, credential: { authUser: string; password: string }, timeoutMs = 2000): Promise<SipBinding[]> {
  const socket = createSocket('udp4');
  const branch = `z9hG4bK${randomBytes(6).toString('hex')}`;
  const domain = `127.0.0.1:${port}`;
  try {
    const reply = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the registrar on ${domain} did not answer a bindings query within ${timeoutMs} ms`)), timeoutMs);
      socket.on('message', (data) => {
        const text = String(data);
        // A provisional answer is not the one with the bindings.
        if (/^SIP\/2\.0 1\d\d/.test(text)) return;
        clearTimeout(timer);
        resolve(text);
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.bind(0, '127.0.0.1', () => {
        const local = socket.address().port;
        const message = [
          `REGISTER sip:${domain} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch};rport`,
          'Max-Forwards: 5',
          `From: <sip:${user}@${domain}>;tag=${branch.slice(7)}`,
          `To: <sip:${user}@${domain}>`,
          `Call-ID: ${branch}@127.0.0.1`,
          'CSeq: 1 REGISTER',
          `X-Patchbay-Credential: ${credential.authUser} ${credential.password}`,
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n');
        socket.send(message, port, '127.0.0.1');
      });
    });
    const status = /^SIP\/2\.0 (\d{3}) ?(.*)/.exec(reply);
    if (status?.[1] !== '200') throw new Error(`the registrar refused the bindings query: ${status?.[1] ?? '?'} ${status?.[2] ?? reply.slice(0, 80)}`);
    return parseContacts(reply);
  } finally {
    socket.close();
  }
}

/** Every contact of a SIP response's Contact (or compact `m`) headers. */
function parseContacts(response: string): SipBinding[] {
  const bindings: SipBinding[] = [];
  for (const line of response.split('\r\n')) {
    const header = /^(?:contact|m)\s*:\s*(.*)$/i.exec(line);
    if (!header) continue;
    for (const entry of header[1]!.matchAll(/<([^>]+)>([^,]*)/g)) {
      const expires = /;\s*expires=(\d+)/i.exec(entry[2]!);
      bindings.push({ contact: entry[1]!, expires: expires ? Number(expires[1]) : null });
    }
  }
  return bindings;
}
