/**
 * The Apex classes the simulated org exposes to runApex: the ones the repo ships in force-app/, answering
 * as they would for the simulated agent.
 */
import type { AgentAssertion } from '@patchbay/opencti';
import type { TaskStore } from './tasks.js';

export class ApexError extends Error {
  override name = 'ApexError';
}

export interface ApexContext {
  tasks: TaskStore;
  /**
   * PatchbayAgentCredentials.getAssertion for the current user: a signed assertion and where to
   * exchange it; throws ApexError as the class does for a user not in a Patchbay call center.
   */
  assertion: () => AgentAssertion;
}

export function runApex(apexClass: string, methodName: string, methodParams: string, context: ApexContext): string {
  const params = new URLSearchParams(methodParams === '{}' || methodParams === 'none' ? '' : methodParams);
  if (apexClass === 'PatchbayAgentCredentials' && methodName === 'getAssertion') {
    return JSON.stringify(context.assertion());
  }
  if (apexClass === 'PatchbayCallLog' && methodName === 'findTaskByCallObject') {
    return context.tasks.findByCallObject(params.get('callObject') ?? '') ?? '';
  }
  if (apexClass !== 'PatchbayAgentCredentials' && apexClass !== 'PatchbayCallLog') throw new ApexError(`Could not load Apex class: ${apexClass}.`);
  throw new ApexError(`No such method ${methodName} on Apex class ${apexClass}.`);
}
