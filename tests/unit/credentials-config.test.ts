import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, mintSipCredentials, publicKeyFromPem } from '@patchbay/credentials';

const dir = mkdtempSync(join(tmpdir(), 'pb-credentials-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string, mode = 0o600): string => {
  const path = join(dir, name);
  writeFileSync(path, text, { mode });
  return path;
};

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const env = {
  PB_CREDENTIALS_LISTEN: '127.0.0.1:9443',
  PB_ORG_CERTIFICATES: file('org.pem', String(publicKey.export({ type: 'spki', format: 'pem' })), 0o644),
  PB_ORG_ID: '00D000000000001AAA',
  PB_CREDENTIALS_AUDIENCE: 'patchbay-credentials',
  PB_ALLOWED_ORIGINS: 'https://softphone.example.com, https://softphone2.example.com',
  PB_NATS_ACCOUNT: 'ABC',
  PB_NATS_SIGNING_SEED_FILE: file('seed', 'SAAB\n'),
  PB_JANUS_TOKEN_SECRET_FILE: file('janus', 'janus-secret\n'),
  PB_SIP_SECRET_FILE: file('sip', 'sip-secret\n'),
  PB_SIP_DOMAIN: 'pbx.example.com',
};

describe('the credentials service configuration', () => {
  it('reads every secret from its file and the facts from the environment', () => {
    const options = configFromEnv(env);
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 9443,
      ttlSeconds: 600,
      gatewayTokenSecret: 'janus-secret',
      allowedOrigins: ['https://softphone.example.com', 'https://softphone2.example.com'],
    });
    expect(options.nats.accountSigningSeed).toBe('SAAB');
    expect(options.sip('005000000000001AAA', 600, 0)).toEqual(mintSipCredentials({ secret: 'sip-secret', user: '005000000000001AAA', domain: 'pbx.example.com', ttlSeconds: 600, now: 0 }));
    const data = Buffer.from('signed');
    const signature = sign('RSA-SHA256', data, privateKey);
    expect(verify('RSA-SHA256', data, options.assertion.publicKeys[0]!, signature)).toBe(true);
  });

  it('lists every problem at once, and refuses a secret others can read', () => {
    const loose = { ...env, PB_SIP_SECRET_FILE: file('sip-loose', 'x', 0o644), PB_ORG_ID: '', PB_CREDENTIALS_LISTEN: 'nowhere' };
    const error = (() => {
      try {
        configFromEnv(loose);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PB_CREDENTIALS_LISTEN must be host:port, not nowhere',
      'PB_ORG_ID is not set',
      expect.stringMatching(/^PB_SIP_SECRET_FILE .* is readable by others: chmod 600 it$/),
    ]);
  });

  it('serves https with the certificate and key in PB_CREDENTIALS_TLS_*_FILE, given both, the key readable by its owner only', () => {
    const tls = { PB_CREDENTIALS_TLS_CERT_FILE: file('tls.pem', 'CERT\n', 0o644), PB_CREDENTIALS_TLS_KEY_FILE: file('tls.key', 'KEY\n') };
    expect(configFromEnv(env).tls).toBeUndefined();
    expect(configFromEnv({ ...env, ...tls }).tls).toEqual({ cert: 'CERT\n', key: 'KEY' });
    const problems = (extra: Record<string, string>): readonly string[] => {
      try {
        configFromEnv({ ...env, ...extra });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ PB_CREDENTIALS_TLS_CERT_FILE: tls.PB_CREDENTIALS_TLS_CERT_FILE })).toEqual(['PB_CREDENTIALS_TLS_CERT_FILE and PB_CREDENTIALS_TLS_KEY_FILE go together']);
    expect(problems({ ...tls, PB_CREDENTIALS_TLS_KEY_FILE: file('tls-loose.key', 'KEY', 0o644) })).toEqual([
      expect.stringMatching(/^PB_CREDENTIALS_TLS_KEY_FILE .* is readable by others: chmod 600 it$/),
    ]);
  });

  it('takes the certificate as Salesforce downloads it', () => {
    const key = file('org.key', String(privateKey.export({ type: 'pkcs8', format: 'pem' })));
    const certificate = join(dir, 'org.crt');
    execFileSync('openssl', ['req', '-x509', '-new', '-key', key, '-out', certificate, '-days', '1', '-subj', '/CN=Patchbay_Signing']);
    expect(publicKeyFromPem(readFileSync(certificate, 'utf8')).export({ type: 'spki', format: 'pem' })).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
  });
});
