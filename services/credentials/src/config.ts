/**
 * The credentials service's configuration from its environment: where each secret is (files
 * readable by the service's user only) and the public facts beside them. Nothing here comes from
 * a page or a call center setting. Every missing or unreadable value is reported at once.
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { CREDENTIALS_DEFAULTS, type CredentialsServiceOptions } from './service.js';
import { mintSipCredentials } from './sip-credentials.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`the credentials service is not configured: ${problems.join('; ')}`);
  }
}

/** A certificate (as Salesforce downloads it) or a bare public key, in PEM. */
export function publicKeyFromPem(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

type Env = Record<string, string | undefined>;

export function configFromEnv(
  env: Env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
  modeOf: (path: string) => number = (path) => statSync(path).mode,
): CredentialsServiceOptions {
  const problems: string[] = [];
  const value = (name: string): string => {
    const found = env[name]?.trim();
    if (!found) problems.push(`${name} is not set`);
    return found ?? '';
  };
  /** A secret's file: refused if anyone but its owner may read it. */
  const secretFile = (name: string): string => {
    const path = value(name);
    if (!path) return '';
    try {
      if ((modeOf(path) & 0o077) !== 0) problems.push(`${name} (${path}) is readable by others: chmod 600 it`);
      return readFile(path).trim();
    } catch (error) {
      problems.push(`${name} (${path}) cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      return '';
    }
  };
  const listen = value('PB_CREDENTIALS_LISTEN');
  const [host, port] = listen.includes(':') ? [listen.slice(0, listen.lastIndexOf(':')), Number(listen.slice(listen.lastIndexOf(':') + 1))] : ['', Number.NaN];
  if (listen && !(Number.isInteger(port) && port > 0 && port < 65536)) problems.push(`PB_CREDENTIALS_LISTEN must be host:port, not ${listen}`);
  const publicKeys: KeyObject[] = [];
  for (const path of value('PB_ORG_CERTIFICATES')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    try {
      publicKeys.push(publicKeyFromPem(readFile(path)));
    } catch (error) {
      problems.push(`PB_ORG_CERTIFICATES: ${path} is not a certificate or public key: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const issuer = value('PB_ORG_ID');
  const audience = value('PB_CREDENTIALS_AUDIENCE');
  const allowedOrigins = value('PB_ALLOWED_ORIGINS')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const accountPublicKey = value('PB_NATS_ACCOUNT');
  const accountSigningSeed = secretFile('PB_NATS_SIGNING_SEED_FILE');
  const gatewayTokenSecret = secretFile('PB_JANUS_TOKEN_SECRET_FILE');
  const sipSecret = secretFile('PB_SIP_SECRET_FILE');
  const sipDomain = value('PB_SIP_DOMAIN');
  const sipProxy = env['PB_SIP_PROXY']?.trim();
  // https unless a proxy in front terminates TLS: then neither is set.
  const tlsCertFile = env['PB_CREDENTIALS_TLS_CERT_FILE']?.trim();
  const hasTlsKey = Boolean(env['PB_CREDENTIALS_TLS_KEY_FILE']?.trim());
  if (Boolean(tlsCertFile) !== hasTlsKey) problems.push('PB_CREDENTIALS_TLS_CERT_FILE and PB_CREDENTIALS_TLS_KEY_FILE go together');
  let tls: CredentialsServiceOptions['tls'];
  if (tlsCertFile && hasTlsKey) {
    const key = secretFile('PB_CREDENTIALS_TLS_KEY_FILE');
    try {
      tls = { cert: readFile(tlsCertFile), key };
    } catch (error) {
      problems.push(`PB_CREDENTIALS_TLS_CERT_FILE (${tlsCertFile}) cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const ttlSeconds = Number(env['PB_CREDENTIALS_TTL_SECONDS'] ?? CREDENTIALS_DEFAULTS.ttlSeconds);
  if (!(Number.isInteger(ttlSeconds) && ttlSeconds >= 60 && ttlSeconds <= 3600)) problems.push('PB_CREDENTIALS_TTL_SECONDS must be whole seconds from 60 to 3600');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    ...(tls ? { tls } : {}),
    assertion: { publicKeys, issuer, audience, maxLifetimeSeconds: CREDENTIALS_DEFAULTS.assertionMaxLifetimeSeconds },
    // The account JWT itself lives with nats-server; minting needs its public key and the signing seed.
    nats: { account: { publicKey: accountPublicKey }, accountSigningSeed },
    gatewayTokenSecret,
    sip: (agent, ttl, now) => mintSipCredentials({ secret: sipSecret, user: agent, domain: sipDomain, ttlSeconds: ttl, now, ...(sipProxy ? { proxy: sipProxy } : {}) }),
    ttlSeconds,
    allowedOrigins,
  };
}
