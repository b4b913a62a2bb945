import { afterAll, beforeAll, expect, it } from 'vitest';
import { labToneHz } from '@patchbay/devservers';
import { agentHears, callState, startFullStack, type FullStack } from '../support/full-stack.js';
import { callAgentUntilRinging } from '../support/call-agent.js';
import { gesturelessProbe } from '../support/gestureless.js';

// Chromium with the browser's own autoplay policy: no sound until the agent has interacted with
// the page. (The other tests lift it, as an agent's browser would after the first click.)
let lab: FullStack;
beforeAll(async () => {
  lab = await startFullStack({ browserArgs: ['--autoplay-policy=document-user-activation-required'] });
});
afterAll(async () => {
  await lab?.stop();
});

it('calls that ring before the agent touched the page show one prompt; its click lets the ring and the call audio play', async () => {
  const page = await lab.browser.context.newPage();
  const shellOrigin = new URL(lab.stack.softphone.shellUrl).origin;
  const inShell = await gesturelessProbe(page, (url) => url.startsWith(shellOrigin));
  await page.goto(lab.stack.simulator.consoleUrl('Lightning'));
  const phoneReady = `document.querySelector('.pb-status [data-part="phone"]')?.textContent === 'Phone ready'`;
  const shownCall = `document.querySelector('pb-dialpad')?.dataset.call`;
  await expect.poll(() => inShell(phoneReady), { timeout: 20_000 }).toBe(true);

  const customer = [...lab.stack.customers.values()][0]!;
  await customer.dial(lab.stack.agentUri);
  await expect.poll(() => inShell(shownCall)).toBe('ringing-in');
  const prompts = `[...document.querySelectorAll('.pb-notice')].filter((n) => n.textContent.includes('holding back call audio')).length`;
  await expect.poll(() => inShell(prompts)).toBe(1);
  expect(await inShell(`document.querySelector('audio.pb-ring-audio').paused`)).toBe(true);
  expect(await inShell('navigator.userActivation.hasBeenActive')).toBe(false);

  // The caller gives up and tries again before the agent clicked: still one prompt, not two.
  await customer.hangup();
  await expect.poll(() => inShell(shownCall)).toBe('ended');
  await callAgentUntilRinging(customer, lab.stack.agentUri, async () => (await inShell(shownCall)) === 'ringing-in');
  expect(await inShell(prompts)).toBe(1);

  const shell = page.frameLocator('#softphone');
  await shell.getByRole('button', { name: 'Enable call audio' }).click();
  const ring = shell.locator('audio.pb-ring-audio');
  await expect.poll(() => ring.evaluate((audio: HTMLAudioElement) => !audio.paused)).toBe(true);
  expect(await inShell(prompts)).toBe(0);

  await shell.locator('pb-dialpad').getByRole('button', { name: 'Answer' }).click();
  await expect.poll(() => callState(shell)).toBe('connected');
  await expect.poll(() => agentHears(shell, labToneHz(0))).toBe(true);
  await customer.hangup();
  await expect.poll(() => callState(shell)).toBe('ended');
  await page.close();
});
