import { afterAll, beforeAll, expect, it } from 'vitest';
import { labTls } from '@patchbay/devservers';
import { startSimulator, type Simulator } from '@patchbay/simulator';
import { startFullStack, type FullStack } from '../support/full-stack.js';

// The shell asks for Open CTI's script from its very first script, before the rest of its code
// runs. A page that frames it naming an origin neither Salesforce's nor the deployment's must get
// no request for a script, not even a preload: anyone can put any origin in the adapter URL.
let lab: FullStack;
let hostile: Simulator;

beforeAll(async () => {
  lab = await startFullStack();
  const tls = await labTls();
  hostile = await startSimulator({ shellUrl: lab.stack.softphone.shellUrl, tls: { cert: tls.certPem, key: tls.keyPem } });
});
afterAll(async () => {
  await hostile?.stop();
  await lab?.stop();
});

it('a console at an origin the deployment does not trust gets no request for Open CTI, and the softphone says why', async () => {
  const page = await lab.browser.context.newPage();
  await page.goto(hostile.consoleUrl('Lightning'));
  const shell = page.frameLocator('#softphone');
  const panel = shell.locator('.pb-error[role="alert"]');
  // Attached, not visible: the console's softphone panel is closed.
  await panel.waitFor({ state: 'attached', timeout: 15_000 });
  expect(await panel.textContent()).toContain(`Refusing to load Open CTI from "${hostile.origin}"`);
  expect(hostile.requests().filter((path) => path.startsWith('/support/'))).toEqual([]);
  // Not asked for at all: no preload was even attempted (the page's policy would refuse it as well).
  expect(await shell.locator(`link[href^="${hostile.origin}"]`).count()).toBe(0);
  await page.close();
});
