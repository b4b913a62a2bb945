/**
 * Findings: commands acted on whatever call was current (a hangup, mute or hold naming a call
 * that does not exist hung up, muted and held the live one), and a burst of 5,000 dial commands
 * stacked 4,999 notices in the panel. Here a hostile client of the agent's own bus (a widget's
 * rights) sends both against the real phone in Chromium, with a real call up through Janus to the
 * lab's customer phone.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { FrameLocator } from 'playwright-core';
import type { Bus } from '@patchbay/bus';
import { agentId, subjects, type CallSnapshot, type CommandRefused } from '@patchbay/contract';
import { STACK_AGENT } from '@patchbay/devservers';
import { callState, startFullStack, type FullStack } from '../support/full-stack.js';
import { clickToDial } from '../support/click-to-dial.js';

const ADA = { id: '003000000000001AAA', number: '4155550101' };
const agent = agentId(STACK_AGENT);
let lab: FullStack;
let hostile: Bus;
const refusals: CommandRefused[] = [];
let latest: CallSnapshot | null = null;

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number] });
  hostile = await lab.stack.bus.connect(STACK_AGENT);
  hostile.subscribe(subjects.commandRefused(agent), (refusal) => refusals.push(refusal));
  hostile.subscribe(subjects.callState(agent), (snapshot) => (latest = snapshot));
});
afterAll(async () => {
  await hostile?.close();
  await lab?.stop();
});
afterEach(() => lab.tidy());

async function connectedCall(): Promise<{ shell: FrameLocator; callId: string }> {
  const { page, shell } = await lab.openConsole('Lightning');
  await clickToDial(page, shell, ADA.id);
  await expect.poll(() => latest?.status).toBe('connected');
  return { shell, callId: latest!.callId! };
}

test('a hang-up, mute or hold naming another call is refused with a reason, and the live call is untouched', async () => {
  const { shell, callId } = await connectedCall();
  const customer = lab.stack.customers.get(ADA.number)!;
  const before = customer.events.length;
  refusals.length = 0;

  await hostile.publish(subjects.mute(agent), { callId: 'does-not-exist', on: true });
  await hostile.publish(subjects.hold(agent), { callId: 'does-not-exist', on: true });
  await hostile.publish(subjects.hangup(agent), { callId: 'does-not-exist' });
  await hostile.publish(subjects.dtmf(agent), { callId: 'does-not-exist', digits: '9' });

  await expect.poll(() => refusals.map((r) => `${r.command} ${r.callId}`)).toEqual(['cmd.mute does-not-exist', 'cmd.hold does-not-exist', 'cmd.hangup does-not-exist', 'cmd.dtmf does-not-exist']);
  for (const refusal of refusals) expect(refusal.reason).toBe('Call does-not-exist is not the current call');
  // The dialpad, the sender's own view, says so too.
  await expect.poll(() => shell.locator('pb-dialpad .notice.failed').textContent()).toBe('Call does-not-exist is not the current call');
  // Nothing was done to the live call: still connected, not muted, not held, no digit sent.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(latest).toMatchObject({ callId, status: 'connected', muted: false });
  expect(customer.events.slice(before).map((e) => e.type)).not.toContain('CALL_CLOSED');
  expect(customer.events.slice(before).map((e) => e.type)).not.toContain('CALL_DTMF_START');

  // The same command naming the call acts on it.
  await hostile.publish(subjects.hangup(agent), { callId });
  await expect.poll(() => callState(shell)).toBe('ended');
});

test('5,000 dial commands in a burst place one call, and the panel shows one notice per reason with a count', async () => {
  const { page, shell } = await lab.openConsole('Lightning');
  const customer = lab.stack.customers.get(ADA.number)!;
  const before = customer.events.length;
  refusals.length = 0;
  await Promise.all(Array.from({ length: 5000 }, () => hostile.publish(subjects.dial(agent), { number: ADA.number })));
  // Read on the bus: the softphone panel stays closed (nobody clicked), and Chromium does not
  // paint a hidden frame, so the dialpad's view would lag.
  await expect.poll(() => latest?.status, { timeout: 15_000 }).toBe('connected');
  // Every command has arrived once the flood's notice has counted past the burst the phone takes.
  const notices = shell.locator('.pb-notices .pb-notice');
  await expect.poll(() => notices.count()).toBeGreaterThan(0);
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const shown = await notices.evaluateAll((nodes) => nodes.map((node) => ({ text: node.textContent ?? '', count: Number((node as HTMLElement).dataset['count']) })));
  // One notice per reason (the phone's refusals name the call's state, so a few), each counting its repeats.
  expect(new Set(shown.map((notice) => notice.text)).size).toBe(shown.length);
  expect(shown.length).toBeLessThanOrEqual(5);
  expect(shown.reduce((sum, notice) => sum + notice.count, 0)).toBeGreaterThan(shown.length);
  expect(shown.some((notice) => notice.text.startsWith('Too many commands at once'))).toBe(true);
  // Told on the bus too, but not once per command.
  expect(refusals.length).toBeGreaterThan(0);
  expect(refusals.length).toBeLessThan(100);
  // One call reached the customer.
  await customer.waitForEvent('CALL_ESTABLISHED', { after: before, timeoutMs: 10_000 });
  const calls = customer.events.slice(before).filter((e) => e.type === 'CALL_ESTABLISHED');
  expect(calls).toHaveLength(1);
  await page.close();
});
