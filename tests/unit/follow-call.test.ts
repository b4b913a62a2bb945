import { describe, expect, it } from 'vitest';
import { createInPageBus, InPageHub } from '@patchbay/bus';
import { agentId, subjects, type CallSnapshot } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import { followCall } from '../../shell/src/calls/follow-call.js';

const agent = agentId('agent-1');
const call = (seq: number, status: CallSnapshot['status']): CallSnapshot => ({ ...EXAMPLES['state.call'].full, seq, status });

/** A phone that answers the catch-up with `latest`, and a part of the shell on the same hub. */
function phoneAndShell(latest: CallSnapshot) {
  const hub = new InPageHub();
  const phone = createInPageBus({ agentId: agent, hub });
  phone.reply(subjects.callStateQuery(agent), () => latest);
  return { phone, shell: createInPageBus({ agentId: agent, hub }) };
}

describe("the shell's view of the call", () => {
  it('starts from the call as the phone has it, then hears each newer snapshot with the one it replaces', async () => {
    const { phone, shell } = phoneAndShell(call(5, 'ringing-in'));
    const heard: string[] = [];
    const stop = followCall(shell, (next, previous) => heard.push(`${previous?.status ?? 'nothing'} -> ${next.status}`));
    await expect.poll(() => heard).toEqual(['nothing -> ringing-in']);

    await phone.publish(subjects.callState(agent), call(6, 'connected'));
    // A late copy of an older snapshot is not news.
    await phone.publish(subjects.callState(agent), call(5, 'ringing-in'));
    stop();
    await phone.publish(subjects.callState(agent), call(7, 'ended'));
    expect(heard).toEqual(['nothing -> ringing-in', 'ringing-in -> connected']);
  });

  it('drops a catch-up that answers after it stopped following', async () => {
    const { shell } = phoneAndShell(call(5, 'ringing-in'));
    const heard: CallSnapshot[] = [];
    followCall(shell, (next) => heard.push(next))();
    await shell.request(subjects.callStateQuery(agent), {});
    expect(heard).toEqual([]);
  });
});
