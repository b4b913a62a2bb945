import { subjects } from '@patchbay/contract';
import { NoResponderError, type Bus } from '@patchbay/bus';
import { SHELL_DEFAULTS } from '../config/defaults.js';
import { describeError, log } from '../log.js';

/**
 * Asks the Salesforce tab that runs the agent's phone to sign it out, until it has (it waits for
 * its call to end, and answers once it stopped writing presence). Only "no responders" means no
 * tab runs it: a tab slow to answer still runs the phone, and taking over then would make two
 * phones and two presence writers.
 */
export async function takePhoneOver(bus: Bus, say: (text: string) => void, retryMs: number = SHELL_DEFAULTS.handoverRetryMs): Promise<void> {
  for (;;) {
    try {
      const reply = await bus.request(subjects.phoneHandover(bus.agentId), {}, { timeoutMs: SHELL_DEFAULTS.handoverTimeoutMs });
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
