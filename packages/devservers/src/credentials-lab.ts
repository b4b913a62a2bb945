/**
 * The credentials service as npm start and the tests run it: in this process, over https with the
 * run's lab certificate, on a port of its own that a restart keeps (an agent's page knows the
 * service by its URL), trusting the simulated org's signing key. What it issued is kept for
 * tests, which look for those secrets where a widget could reach.
 */
import { createPublicKey } from 'node:crypto';
import { startCredentialsService, type CredentialsService, type CredentialsServiceOptions } from '@patchbay/credentials';
import type { AgentCredentials } from '@patchbay/opencti';
import type { OrgSigning } from '@patchbay/simulator';
import { labTls } from './lab-tls.js';
import { freePort } from './ports.js';

/** What the org's Apex names as the assertion's audience, and the service expects. */
export const LAB_CREDENTIALS_AUDIENCE = 'patchbay-credentials';

export interface LabCredentials {
  readonly url: string;
  /** Everything issued so far, oldest first. */
  issued(): readonly AgentCredentials[];
  /** Answers issued and refused so far, across restarts. */
  counts(): CredentialsService['counts'];
  /**
   * Stops, stays down `downMs` (a deploy or a crash, as agents see it), and starts again on the same
   * port.
   */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

export async function startLabCredentials(org: OrgSigning, options: Omit<CredentialsServiceOptions, 'port' | 'tls' | 'assertion' | 'onIssued'> & { port?: number }): Promise<LabCredentials> {
  const port = options.port ?? (await freePort());
  const tls = await labTls();
  const issued: AgentCredentials[] = [];
  // What the instances stopped by restarts had counted.
  const before = { issued: 0, refused: 0 };
  const config: CredentialsServiceOptions = {
    ...options,
    port,
    tls: { cert: tls.certPem, key: tls.keyPem },
    assertion: { publicKeys: [createPublicKey(org.publicKeyPem)], issuer: org.issuer, audience: LAB_CREDENTIALS_AUDIENCE, maxLifetimeSeconds: 300 },
    onIssued: (credentials) => issued.push(credentials),
  };
  let service = await startCredentialsService(config);
  return {
    url: service.url,
    issued: () => [...issued],
    counts: () => ({ issued: before.issued + service.counts.issued, refused: before.refused + service.counts.refused }),
    restart: async ({ downMs = 0 } = {}) => {
      await service.stop();
      before.issued += service.counts.issued;
      before.refused += service.counts.refused;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      service = await startCredentialsService(config);
    },
    stop: () => service.stop(),
  };
}
