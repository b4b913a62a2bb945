/**
 * The Apex classes the simulated org exposes to runApex: the ones the repo ships in apex/, answering
 * as they would for the simulated agent.
 */
import type { AgentCredentials } from '@patchbay/opencti';
import type { TaskStore } from './tasks.js';

/** What PatchbayAgentCredentials.getCredentials answers: the adapter's own type. */
export type SimAgentCredentials = AgentCredentials;

export class ApexError extends Error {
  override name = 'ApexError';
}

export function runApex(
  apexClass: string,
  methodName: string,
  methodParams: string,
  context: { tasks: TaskStore; credentials: () => SimAgentCredentials },
): string {
  const params = new URLSearchParams(methodParams === '{}' || methodParams === 'none' ? '' : methodParams);
  if (apexClass === 'PatchbayAgentCredentials' && methodName === 'getCredentials') {
    return JSON.stringify(context.credentials());
  }
  if (apexClass === 'PatchbayCallLog' && methodName === 'findTaskByCallObject') {
    return context.tasks.findByCallObject(params.get('callObject') ?? '') ?? '';
  }
  if (apexClass !== 'PatchbayAgentCredentials' && apexClass !== 'PatchbayCallLog') throw new ApexError(`Could not load Apex class: ${apexClass}.`);
  throw new ApexError(`No such method ${methodName} on Apex class ${apexClass}.`);
}

/** Short-lived credentials for the simulated agent, the shape apex/PatchbayAgentCredentials.cls returns. */
export function simulatedCredentials(agentId: string, now = Date.now()): SimAgentCredentials {
  const expiresAt = now + 8 * 60 * 60 * 1000;
  return {
    agentId,
    bus: { user: agentId, token: `${expiresAt}:${agentId}:simulated`, expiresAt },
    gateway: { token: `${Math.floor(expiresAt / 1000)},janus,janus.plugin.sip:simulated`, expiresAt },
    sip: { username: `sip:${agentId}@simulated.invalid`, authUser: `${Math.floor(expiresAt / 1000)}:${agentId}`, password: 'simulated', expiresAt },
  };
}
