import { expect, test } from 'vitest';
import { BusClosedError, InPageHub, busView, createInPageBus } from '@patchbay/bus';
import { agentId, subjects, type DialCommand } from '@patchbay/contract';

const alice = agentId('alice');
const quiet = { warn: () => undefined };

test("a widget's view of the bus carries only the Bus interface, and closing it ends only what it started", async () => {
  const hub = new InPageHub();
  const page = createInPageBus({ agentId: alice, hub, logger: quiet });
  const view = busView(page);
  expect(Object.isFrozen(view)).toBe(true);
  expect(Reflect.ownKeys(view).sort()).toEqual(['agentId', 'close', 'drops', 'history', 'onError', 'onStatus', 'presence', 'publish', 'reply', 'request', 'status', 'subscribe'].sort());

  const byWidget: DialCommand[] = [];
  const byShell: DialCommand[] = [];
  view.subscribe(subjects.dial(alice), (command) => byWidget.push(command));
  page.subscribe(subjects.dial(alice), (command) => byShell.push(command));
  await view.publish(subjects.dial(alice), { number: '1' });
  expect([byWidget.length, byShell.length]).toEqual([1, 1]);

  await view.close();
  expect(view.status).toBe('disconnected');
  expect(page.status).toBe('connected');
  await page.publish(subjects.dial(alice), { number: '2' });
  expect(byWidget.map((c) => c.number)).toEqual(['1']); // the widget's subscription ended
  expect(byShell.map((c) => c.number)).toEqual(['1', '2']); // the page's goes on
  await expect(view.publish(subjects.dial(alice), { number: '3' })).rejects.toBeInstanceOf(BusClosedError);
  expect(() => view.subscribe(subjects.dial(alice), () => undefined)).toThrow(BusClosedError);
});
