import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '@patchbay/bus';
import { agentId, subjects, type CallSnapshot } from '@patchbay/contract';
import { STACK_AGENT } from '@patchbay/devservers';
import { startFullStack, type FullStack } from '../support/full-stack.js';
import { callUntil } from '../support/call-until.js';
import { clickToDial, clickToDialEstablished } from '../support/click-to-dial.js';

// What the contract promises about a call, shown in Chromium through the Salesforce simulator with
// the real bus, gateway and far end: the clicked record and extension travel with the call, and
// the call's log is built from several widgets' parts.
const ADA = { id: '003000000000001AAA', number: '4155550101' };
// The simulator's Account whose number is Ada's line with extension 42; a search for Ada's number
// finds Ada alone, so a Task related to this Account can only come from the click.
const SWITCHBOARD = '001000000000003AAA';

let lab: FullStack;
let observer: Bus;
const snapshots: CallSnapshot[] = [];

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number] });
  // Another client of the agent's bus, as a widget would be: it sees what the phone publishes.
  observer = await lab.stack.bus.connect(STACK_AGENT);
  observer.subscribe(subjects.callState(agentId(STACK_AGENT)), (snapshot) => void snapshots.push(snapshot));
});

afterAll(async () => {
  await observer?.close();
  await lab?.stop();
});

afterEach(() => lab.tidy());

describe('click-to-dial', () => {
  it('carries the clicked record with the call to its Task, and dials the extension as DTMF once connected', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const customer = lab.stack.customers.get(ADA.number)!;
    const tasks = lab.stack.simulator.tasks().length;

    const before = await clickToDialEstablished(page, shell, SWITCHBOARD, customer);
    // The far end hears 4 then 2, and nothing before the call was established.
    const established = customer.events.findIndex((event, index) => index >= before && event.type === 'CALL_ESTABLISHED');
    const dtmf = () => customer.events.slice(before).filter((event) => event.type === 'CALL_DTMF_START');
    await expect.poll(() => dtmf().map((event) => event.param), { timeout: 10_000 }).toEqual(['4', '2']);
    expect(customer.events.findIndex((event, index) => index >= before && event.type === 'CALL_DTMF_START')).toBeGreaterThan(established);

    // Every snapshot of the call names the record it was dialled from.
    const callId = snapshots.at(-1)!.callId!;
    const ofCall = snapshots.filter((snapshot) => snapshot.callId === callId);
    expect(ofCall.map((snapshot) => snapshot.status)).toEqual(expect.arrayContaining(['dialing', 'connected']));
    expect(new Set(ofCall.map((snapshot) => snapshot.recordId))).toEqual(new Set([SWITCHBOARD]));

    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    await shell.locator('pb-call-log form.wrap-up').getByRole('button', { name: 'Save call' }).click();
    await expect.poll(() => lab.stack.simulator.tasks().length, { timeout: 10_000 }).toBe(tasks + 1);
    const task = lab.stack.simulator.tasks().at(-1)!;
    expect(task).toMatchObject({ CallObject: callId, CallType: 'Outbound', WhatId: SWITCHBOARD });
    expect(task['WhoId']).toBeUndefined();
  });
});

describe('the call log built from parts', () => {
  it('notes from the dialpad and a disposition from the call log both end in the Task and in the history after a reload', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    const tasks = lab.stack.simulator.tasks().length;
    const dialpad = shell.locator('pb-dialpad');

    await clickToDial(page, shell, ADA.id);
    await dialpad.getByRole('textbox', { name: 'Call notes' }).fill('Wants the invoice resent');
    await dialpad.getByRole('button', { name: 'Add notes' }).click();
    await dialpad.getByText("Notes added to the call's log").waitFor({ timeout: 10_000 });
    await dialpad.getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');

    // The call's end saves the dialpad's part: a Task with the notes and no disposition yet.
    await expect.poll(() => lab.stack.simulator.tasks().length, { timeout: 10_000 }).toBe(tasks + 1);
    const callId = String(lab.stack.simulator.tasks().at(-1)!['CallObject']);
    expect(lab.stack.simulator.tasks().at(-1)).toMatchObject({ Description: 'Wants the invoice resent', WhoId: ADA.id });
    expect(lab.stack.simulator.tasks().at(-1)!['CallDisposition']).toBeUndefined();

    // The call log's part: a disposition, its notes box left empty.
    const wrapUp = shell.locator('pb-call-log form.wrap-up');
    await wrapUp.locator('select').selectOption('Follow-up needed');
    await wrapUp.getByRole('button', { name: 'Save call' }).click();
    await expect.poll(() => lab.stack.simulator.tasks().at(-1)?.['CallDisposition'], { timeout: 10_000 }).toBe('Follow-up needed');
    expect(lab.stack.simulator.tasks()).toHaveLength(tasks + 1);
    expect(lab.stack.simulator.tasks().at(-1)).toMatchObject({ CallObject: callId, Description: 'Wants the invoice resent', WhoId: ADA.id });
    const taskId = String(lab.stack.simulator.tasks().at(-1)!['Id']);
    const outcome = shell.locator(`pb-call-log .outcome[data-call-id="${callId}"]`);
    await expect.poll(() => outcome.textContent()).toBe(`Call with +1 (415) 555-0101 saved (Task ${taskId})`);

    await page.reload();
    await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone ready$/ }).waitFor({ state: 'attached' });
    await page.locator('#utility-item').click();
    const row = shell.locator(`pb-call-log li[data-call-id="${callId}"] .disposition`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toBe('Follow-up needed · Wants the invoice resent');
  });

  it('shows a save Salesforce refused, with its reason, and a later part that fixes it saves', async () => {
    const { page, shell } = await lab.openConsole('Lightning');
    await clickToDial(page, shell, ADA.id);
    await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
    await callUntil(shell, 'ended');
    const callId = snapshots.at(-1)!.callId!;

    // Another widget relates the call to a record the org does not have: Salesforce refuses it.
    await observer.publish(subjects.logCall(agentId(STACK_AGENT)), { callId, recordId: '003000000000099AAA' });
    const outcome = shell.locator(`pb-call-log .outcome[data-call-id="${callId}"]`);
    await expect.poll(() => outcome.getAttribute('class'), { timeout: 10_000 }).toBe('outcome failed');
    expect(await outcome.textContent()).toMatch(/^Call with \+1 \(415\) 555-0101 not saved: .*003000000000099AAA/);

    await observer.publish(subjects.logCall(agentId(STACK_AGENT)), { callId, recordId: ADA.id, disposition: 'Resolved' });
    await expect.poll(() => outcome.getAttribute('class'), { timeout: 10_000 }).toBe('outcome saved');
    expect(lab.stack.simulator.tasks().find((task) => task['CallObject'] === callId)).toMatchObject({ WhoId: ADA.id, CallDisposition: 'Resolved' });
  });
});
