import { subjects } from '@patchbay/contract';
import { NoResponderError, type Bus } from '@patchbay/bus';
import { describeError, log } from '../log.js';

const HANDOVER_TIMEOUT_MS = 5000;
const HANDOVER_RETRY_MS = 2000;

/**
 * Asks the Salesforce tab that runs the agent's phone to sign it out, until it has (it waits for
 * its call to end, and answers once it stopped writing presence). Only "no responders" means no
 * tab runs it: a tab slow to answer still runs the phone, and taking over then would make two
 * phones and two presence writers.
 */
export async function takePhoneOver(bus: Bus, say: (text: string) => void, retryMs = HANDOVER_RETRY_MS): Promise<void> {
  for (;;) {
    try {
      const reply = await bus.request(subjects.phoneHandover(bus.agentId), {}, { timeoutMs: HANDOVER_TIMEOUT_MS });
      if (reply.released) return;
      say(`The phone moves here when ${reply.reason ?? 'the Salesforce tab lets it go'} ends.`);
    } catch (error) {
      if (error instanceof NoResponderError) {
        log('info', 'PHONE-WINDOW', 'no Salesforce tab runs the phone');
        return;
      }
      log('warn', 'PHONE-WINDOW', `the Salesforce tab that runs the phone did not let it go yet (${describeError(error)}); asking again`);
      say('Waiting for the Salesforce tab to let the phone go…');
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
