/**
 * Finding: every widget could read the agent's secrets. Widgets run in the shell's document, and
 * the shell handed each one the page's bus object itself (whose options held the function that
 * returns the bus token, and the raw connection), while the shell's origin served the agent's
 * credentials at a URL any script in the page could fetch. Here a script run in the softphone's
 * frame, with exactly a widget's reach, looks for the agent's bus token and SIP password
 * everywhere a widget can look: the object it is handed, the page's globals, web storage, and
 * same-origin URLs.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFullStack, type FullStack } from '../support/full-stack.js';

let lab: FullStack;

beforeAll(async () => {
  lab = await startFullStack();
});
afterAll(async () => lab?.stop());

/** The members of the Bus interface: all a widget's bus may have. */
const BUS_MEMBERS = ['agentId', 'status', 'drops', 'onStatus', 'onError', 'publish', 'subscribe', 'request', 'reply', 'presence', 'history', 'close'];

test("a widget finds none of the agent's secrets in its bus, the page's globals, storage or same-origin URLs", async () => {
  const { page, shell } = await lab.openConsole('Lightning');
  const { agentId } = lab.stack;
  // What the credentials service issued this page (the phone is ready, so it has them).
  const issued = lab.stack.credentials.issued();
  expect(issued.length).toBeGreaterThan(0);
  const secrets = issued.flatMap((credentials) => [credentials.bus.jwt.split('.').at(-1)!, credentials.sip.password, credentials.gateway.token.split(':').at(-1)!]);
  const frame = page.frames().find((candidate) => candidate.url().startsWith(new URL(lab.stack.softphone.shellUrl).origin))!;
  await expect.poll(() => shell.locator('pb-dialpad').evaluate((element) => 'bus' in element && Boolean((element as { bus?: unknown }).bus))).toBe(true);

  const found = await frame.evaluate(
    async ({ secrets, agentId, members }) => {
      const leaks: string[] = [];
      const seen = new WeakSet<object>();
      // Every string reachable through own properties (enumerable or not, getters read), as deep
      // as a curious widget would go; functions are walked for their own properties, not called.
      const walk = (value: unknown, path: string, depth: number): void => {
        if (typeof value === 'string') {
          for (const secret of secrets) if (value.includes(secret)) leaks.push(path);
          return;
        }
        if ((typeof value !== 'object' && typeof value !== 'function') || value === null || depth === 0 || seen.has(value)) return;
        if (value instanceof Node || value === window || value === document) return;
        seen.add(value);
        for (const key of Reflect.ownKeys(value)) {
          let inner: unknown;
          try {
            inner = (value as Record<PropertyKey, unknown>)[key];
          } catch {
            continue;
          }
          walk(inner, `${path}.${String(key)}`, depth - 1);
        }
      };
      const bus = (document.querySelector('pb-dialpad') as unknown as { bus: object }).bus;
      walk(bus, 'dialpad.bus', 8);
      const extra = Reflect.ownKeys(bus)
        .map(String)
        .filter((key) => !members.includes(key));
      if (extra.length > 0) leaks.push(`dialpad.bus has members beyond the Bus interface: ${extra.join(', ')}`);
      if (!Object.isFrozen(bus)) leaks.push('dialpad.bus can be changed');
      // The page's own globals: what a fresh frame's window lacks.
      const blank = document.createElement('iframe');
      document.body.append(blank);
      const builtIn = new Set(Reflect.ownKeys(blank.contentWindow as object));
      blank.remove();
      for (const key of Reflect.ownKeys(window)) if (!builtIn.has(key)) walk((window as unknown as Record<PropertyKey, unknown>)[key], `window.${String(key)}`, 6);
      for (const storage of [localStorage, sessionStorage]) for (let i = 0; i < storage.length; i++) walk(storage.getItem(storage.key(i)!), `storage.${storage.key(i)}`, 1);
      for (const path of ['/patchbay.json', `/agents/${agentId}/patchbay.json`, `/agents/${agentId}/credentials.json`, '/credentials.json', '/deployment.json', '/v1/credentials']) {
        const response = await fetch(path);
        walk(await response.text(), `GET ${path} (${response.status})`, 1);
      }
      return leaks;
    },
    { secrets, agentId, members: BUS_MEMBERS },
  );
  expect(found).toEqual([]);
  await page.close();
});
