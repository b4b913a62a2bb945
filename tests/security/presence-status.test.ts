/**
 * An agent sets only its own status: the status an agent asks for (cmd.set-status) is taken on
 * its own subjects by the shell that runs its phone, and nats-server refuses another agent's
 * credentials on them. Here alice, with her own valid credentials, tries to set bob away (which
 * would turn his callers away); bob's presence writer, the shell's own code, runs on the real bus.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PermissionDeniedError, type Bus } from '@patchbay/bus';
import { agentId, subjects } from '@patchbay/contract';
import { startBusLab, type BusLab } from '@patchbay/devservers';
import { AgentStatus } from '../../shell/src/presence/agent-status.js';
import { keepPresence } from '../../shell/src/presence/keep-presence.js';

const bob = agentId('bob');
let lab: BusLab;
let bobsBus: Bus;
let alicesBus: Bus;
const bobsStatus = new AgentStatus('available');

beforeAll(async () => {
  lab = await startBusLab();
  bobsBus = await lab.connect('bob');
  keepPresence(bobsBus, 'Bob', bobsStatus);
  alicesBus = await lab.connect('alice');
});
afterAll(async () => {
  await alicesBus?.close();
  await bobsBus?.close();
  await lab?.stop();
});

test("another agent's cmd.set-status is refused by the server and bob's status and calls are untouched; bob's own is taken", async () => {
  await expect.poll(async () => (await bobsBus.presence.get(bob))?.status).toBe('available');
  await expect(alicesBus.publish(subjects.setStatus(bob), { status: 'away' })).rejects.toBeInstanceOf(PermissionDeniedError);
  // Round trips on both sides, so an away that got through would have reached bob and his presence.
  await alicesBus.presence.get(bob);
  expect((await bobsBus.presence.get(bob))?.status).toBe('available');
  expect(bobsStatus.turnAwayReason).toBeNull();
  // Bob's own status is taken.
  await bobsBus.publish(subjects.setStatus(bob), { status: 'busy' });
  await expect.poll(async () => (await alicesBus.presence.get(bob))?.status).toBe('busy');
  expect(bobsStatus.turnAwayReason).toBeNull();
});
