import { describe, expect, it } from 'vitest';
import { phoneRenewalReply } from '../../packages/contract/src/validators.js';
import type { AgentCredentials } from '@patchbay/opencti';
import { parseWindowMessage } from '../../shell/src/phone-window/link-messages.js';
import { sealCredentials, windowKey } from '../../shell/src/phone-window/sealed-credentials.js';

const credentials: AgentCredentials = {
  agentId: '005000000000001AAA',
  bus: { jwt: 'eyJhbGciOiJlZDI1NTE5LW5rZXkifQ.payload.bus-signature', expiresAt: 1_764_000_600_000 },
  gateway: { token: '1764000600,janus,janus.plugin.sip:gateway-signature', expiresAt: 1_764_000_600_000 },
  sip: { username: 'sip:005000000000001AAA@pbx.example.com', authUser: '1764000600:005000000000001AAA', password: 'sip-password-secret', expiresAt: 1_764_000_600_000, proxy: 'sip:127.0.0.1:5060' },
};

describe('credentials sealed to the phone window', () => {
  it('open in the window whose key they were sealed to, and fit the contract reply', async () => {
    const key = await windowKey();
    const sealed = await sealCredentials(credentials, key.publicKey);
    expect(phoneRenewalReply({ sealed, refused: null }, 'reply')).toEqual({ ok: true, value: { sealed, refused: null } });
    expect(await key.open(sealed, credentials.agentId)).toEqual(credentials);
  });

  it('show none of the secrets, and differ on each seal', async () => {
    const key = await windowKey();
    const [one, two] = await Promise.all([sealCredentials(credentials, key.publicKey), sealCredentials(credentials, key.publicKey)]);
    const text = JSON.stringify([one, two]);
    for (const secret of ['bus-signature', 'gateway-signature', 'sip-password-secret']) expect(text).not.toContain(secret);
    expect(one.key).not.toBe(two.key);
    expect(one.data).not.toBe(two.data);
  });

  it('do not open with another key, for another agent, or once changed', async () => {
    const key = await windowKey();
    const other = await windowKey();
    const sealed = await sealCredentials(credentials, key.publicKey);
    await expect(other.open(sealed, credentials.agentId)).rejects.toThrow();
    await expect(key.open(sealed, '005000000000002AAA')).rejects.toThrow();
    const bytes = Uint8Array.from(atob(sealed.data), (char) => char.charCodeAt(0));
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await expect(key.open({ ...sealed, data: btoa(String.fromCharCode(...bytes)) }, credentials.agentId)).rejects.toThrow();
  });
});

describe('messages from the phone window to its tab', () => {
  it('take a renewal request or a P-256 public key, and nothing else', async () => {
    const { publicKey } = await windowKey();
    expect(parseWindowMessage({ kind: 'renew', id: 3 })).toEqual({ kind: 'renew', id: 3 });
    expect(parseWindowMessage({ kind: 'pin', publicKey })).toEqual({ kind: 'pin', publicKey });
    for (const bad of [{ kind: 'pin', publicKey: 'not a key' }, { kind: 'pin', publicKey: publicKey.slice(4) }, { kind: 'renew' }, { kind: 'setup' }, null, 'pin']) {
      expect(() => parseWindowMessage(bad)).toThrow('neither a renewal request nor a key to pin');
    }
  });
});
