import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_AGENT, STACK_COLLEAGUE, freePort, labTls, startStaticServer, type StaticServer } from '@patchbay/devservers';
import { scaffoldWidget } from '../../scripts/new-widget.js';
import { repoRoot } from '../support/built-dist.js';
import { buildWidget } from '../support/build-widget.js';
import { startFullStack, type FullStack } from '../support/full-stack.js';

// A new team's path, end to end: scaffold a widget with the kit, build it, publish it with the
// documented publish step, serve it from its own origin, and have the admin add it to one call
// center. Agents of that call center get it; an agent of another call center does not. The kit
// writes into a temporary folder, so the repo is not touched.

const ID = 'wrap-up-notes';
const SALES = 'Patchbay Sales';
let lab: FullStack;
let scaffolded: string;
let widgetServer: StaticServer;

beforeAll(async () => {
  lab = await startFullStack();
  scaffolded = await mkdtemp(join(repoRoot, '.tmp', 'kit-'));
}, 300_000);

afterAll(async () => {
  await widgetServer?.close();
  await lab?.stop();
  await rm(scaffolded, { recursive: true, force: true });
});

describe('a widget made with the kit', () => {
  it('builds, publishes, and mounts for the call center whose admin lists it, and for no other', async () => {
    const written = await scaffoldWidget(ID, { into: scaffolded });
    // Everything the kit writes is inside the widget's own folder.
    expect(written.every((file) => !relative(join(scaffolded, ID), file).startsWith('..'))).toBe(true);
    expect(written.map((file) => relative(join(scaffolded, ID), file)).sort()).toEqual(
      expect.arrayContaining(['README.md', 'CHANGELOG.md', 'package.json', 'federation/widget.ts', `src/components/pb-${ID}/pb-${ID}.tsx`, 'tests/summary.test.ts']),
    );

    const remotes = join(lab.distDir, 'remotes', ID);
    await buildWidget({ from: join(scaffolded, ID), id: ID, version: '0.1.0', out: join(remotes, '0.1.0') });
    widgetServer = await startStaticServer({ root: remotes, port: await freePort(), tls: await labTls(), cors: true });
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        './scripts/ts-register.mjs',
        'scripts/publish-widget.ts',
        ID,
        '--manifest',
        lab.deployFile,
        '--origin',
        widgetServer.origin,
        '--version',
        '0.1.0',
        '--built',
        join(remotes, '0.1.0'),
      ],
      { cwd: repoRoot },
    );

    // A second call center, imported from the same callcenter.xml; the colleague moves to it.
    lab.stack.simulator.addCallCenter(SALES);
    lab.stack.simulator.setAgentInCallCenter(true, STACK_COLLEAGUE, SALES);

    const admin = await lab.browser.context.newPage();
    await admin.goto(lab.stack.simulator.adminUrl);
    const widgets = admin.locator('input[data-key="/PatchbayWidgets/Widgets"]');
    await widgets.fill(`${await widgets.inputValue()},${ID}`);
    await admin.locator('#save-settings').click();
    await expect.poll(() => lab.stack.simulator.settings()['/PatchbayWidgets/Widgets']).toBe(`dialpad,call-log,presence,${ID}`);
    expect(lab.stack.simulator.settings(SALES)['/PatchbayWidgets/Widgets']).toBe('dialpad,call-log,presence');
    await admin.close();

    const agent = await lab.openConsole('Lightning', { user: STACK_AGENT });
    await expect.poll(() => agent.shell.locator(`[data-widget="${ID}"]`).getAttribute('data-state')).toBe('ready');
    await expect.poll(() => agent.shell.locator(`pb-${ID} .summary`).textContent()).toBe('No call');
    await agent.page.close();

    const colleague = await lab.openConsole('Lightning', { user: STACK_COLLEAGUE });
    expect(await colleague.shell.locator('[data-widget="dialpad"]').getAttribute('data-state')).toBe('ready');
    expect(await colleague.shell.locator(`[data-widget="${ID}"]`).count()).toBe(0);
    await colleague.page.close();
  }, 300_000); // a whole widget build runs inside this test
});
