import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInPageBus, InPageHub } from '@patchbay/bus';
import { agentId, subjects, type PhoneHandoverReply } from '@patchbay/contract';
import { takePhoneOver } from '../../shell/src/phone-window/take-phone-over.js';

const agent = agentId('take-over');

afterEach(() => {
  vi.useRealTimers();
});

describe('the phone window taking the phone over from a Salesforce tab', () => {
  it('takes it at once when no tab runs the phone', async () => {
    const bus = createInPageBus({ agentId: agent, hub: new InPageHub() });
    const said: string[] = [];
    await takePhoneOver(bus, (text) => said.push(text), 10);
    expect(said).toEqual([]);
  });

  it('waits for a tab slow to answer (it still runs the phone) and for its call to end, then takes it', async () => {
    vi.useFakeTimers();
    const hub = new InPageHub();
    const tab = createInPageBus({ agentId: agent, hub });
    const window = createInPageBus({ agentId: agent, hub });
    const answers: Array<() => Promise<PhoneHandoverReply>> = [
      () => new Promise(() => undefined), // still signing its phone out, past the window's timeout
      async () => ({ released: false, reason: 'a call is up in the Salesforce tab' }),
      async () => ({ released: true, reason: null }),
    ];
    let asked = 0;
    tab.reply(subjects.phoneHandover(agent), () => answers[asked++]!());
    const said: string[] = [];
    let taken = false;
    void takePhoneOver(window, (text) => said.push(text), 10).then(() => (taken = true));
    await vi.advanceTimersByTimeAsync(5000);
    expect(taken).toBe(false);
    expect(said).toEqual(['Waiting for the Salesforce tab to let the phone go…']);
    await vi.advanceTimersByTimeAsync(10);
    expect(taken).toBe(false);
    expect(said.at(-1)).toBe('The phone moves here when a call is up in the Salesforce tab ends.');
    await vi.advanceTimersByTimeAsync(10);
    expect(taken).toBe(true);
    expect(asked).toBe(3);
  });
});
