import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Frame, Page, WebSocket } from 'playwright-core';
import { callUntil } from '../support/call-until.js';
import { clickToDialEstablished } from '../support/click-to-dial.js';
import { startFullStack, type FullStack } from '../support/full-stack.js';

// How a Salesforce tab starts the agent's phone, in Chromium through the simulator with the real
// bus, Janus, kamailio and baresip: the gateway's session opens while the bus connects, and the
// REGISTER waits for the bus, where the tab learns whether a phone window already runs the phone
// (two registrations of one account would steal each other's calls).
const ADA = { id: '003000000000001AAA', number: '4155550101' };

let lab: FullStack;

beforeAll(async () => {
  lab = await startFullStack({ customers: [ADA.number] });
});
afterAll(async () => {
  await lab?.stop();
});

const marked = (frame: Frame, name: string): Promise<number> => frame.evaluate((mark) => performance.getEntriesByName(mark).length, name);

/** A new tab whose requests matching `held` are answered only once `letThrough` is called. */
async function tabHolding(held: string | RegExp): Promise<{ page: Page; letThrough: () => void }> {
  const page = await lab.browser.context.newPage();
  let letThrough: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (letThrough = resolve));
  await page.route(held, async (route) => {
    await released;
    await route.continue();
  });
  return { page, letThrough };
}

/** Opens the console in `page` (not waiting for load events a held request holds) and returns the softphone's frame. */
async function openSoftphone(page: Page): Promise<Frame> {
  await page.goto(lab.stack.simulator.consoleUrl('Lightning'), { waitUntil: 'domcontentloaded' });
  const frame = await (await page.waitForSelector('#softphone', { state: 'attached' })).contentFrame();
  if (!frame) throw new Error('the console has no softphone frame');
  return frame;
}

interface RecordedSocket {
  socket: WebSocket;
  sent: string[];
  received: string[];
}

/** Every WebSocket `page` opens to `port`, with the frames each carried. */
function socketsTo(page: Page, port: string): RecordedSocket[] {
  const sockets: RecordedSocket[] = [];
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).port !== port) return;
    const recorded: RecordedSocket = { socket, sent: [], received: [] };
    socket.on('framesent', ({ payload }) => recorded.sent.push(String(payload)));
    socket.on('framereceived', ({ payload }) => recorded.received.push(String(payload)));
    sockets.push(recorded);
  });
  return sockets;
}

it("opens the gateway's session before the bus is up, and registers only once it is", async () => {
  const { stack, browser } = lab;
  const agentUser = /^sips?:([^@]+)@/.exec(stack.agentUri)?.[1] ?? '';
  const contacts = async (): Promise<number> => (await stack.registrar.bindings(agentUser)).length;
  expect(await contacts()).toBe(0);

  // The bus's WebSocket reaches the real nats-server only once the test lets it.
  const busPort = new URL(stack.bus.server.wsUrl).port;
  let letBusThrough: () => void = () => undefined;
  const busHeld = new Promise<void>((resolve) => (letBusThrough = resolve));
  await browser.context.routeWebSocket(
    (url) => url.port === busPort,
    async (socket) => {
      await busHeld;
      socket.connectToServer();
    },
  );
  const page = await browser.context.newPage();
  await page.goto(stack.simulator.consoleUrl('Lightning'));
  const frame = await (await page.waitForSelector('#softphone', { state: 'attached' })).contentFrame();
  if (!frame) throw new Error('the console has no softphone frame');
  const shell = page.frameLocator('#softphone');

  await expect.poll(() => marked(frame, 'patchbay:gateway-line-open'), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await marked(frame, 'patchbay:bus-connected')).toBe(0);
  // Long enough for a REGISTER that did not wait to have reached the registrar.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(await contacts()).toBe(0);
  expect(await marked(frame, 'patchbay:phone-registered')).toBe(0);
  // The agent sees a phone on its way, not a stopped one.
  expect(await shell.locator('.pb-status [data-part="phone"]').textContent()).toBe('Phone connecting…');

  letBusThrough();
  await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone ready$/ }).waitFor({ state: 'attached', timeout: 20_000 });
  expect(await contacts()).toBe(1);

  // The phone registered on the session it opened early, and calls.
  await page.locator('#click-to-dial-state', { hasText: 'Click-to-dial on' }).waitFor({ timeout: 20_000 });
  await clickToDialEstablished(page, shell, ADA.id, stack.customers.get(ADA.number)!);
  await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
  await callUntil(shell, 'ended');
  await page.close();
});

it('opens the gateway session while it asks for the tab lock, and a tab that finds the phone in another tab closes it again and never registers', async () => {
  const { stack, browser } = lab;
  const agentUser = /^sips?:([^@]+)@/.exec(stack.agentUri)?.[1] ?? '';
  const contacts = async (): Promise<number> => (await stack.registrar.bindings(agentUser)).length;
  // The first test's page unregistered as it closed.
  await expect.poll(contacts, { timeout: 15_000 }).toBe(0);
  const { page: first } = await lab.openConsole('Lightning');
  expect(await contacts()).toBe(1);

  const second = await browser.context.newPage();
  const gatewaySockets: WebSocket[] = [];
  second.on('websocket', (socket) => {
    if (new URL(socket.url()).port === String(stack.janus.port)) gatewaySockets.push(socket);
  });
  await second.goto(stack.simulator.consoleUrl('Lightning'));
  const shell = second.frameLocator('#softphone');
  await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone in another tab$/ }).waitFor({ state: 'attached', timeout: 20_000 });
  // It opened its session before the lock said no, and closed it.
  expect(gatewaySockets).toHaveLength(1);
  await expect.poll(() => gatewaySockets[0]!.isClosed()).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await contacts()).toBe(1);
  expect(await shell.locator('.pb-status [data-part="phone"]').textContent()).toBe('Phone in another tab');

  // The first tab's phone is the agent's phone: the second tab's dialpad drives it.
  await clickToDialEstablished(second, shell, ADA.id, stack.customers.get(ADA.number)!);
  await shell.locator('pb-dialpad').getByRole('button', { name: 'Hang up' }).click();
  await callUntil(shell, 'ended');
  await second.close();
  await first.close();
});

it('opens its WebSocket to the gateway while the agent signs in, and the session on it once signed in', async () => {
  const { stack } = lab;
  // The credential exchange answers only once the test lets it.
  const { page, letThrough: letSignInThrough } = await tabHolding(stack.credentials.url);
  const gatewaySockets = socketsTo(page, String(stack.janus.port));
  const frame = await openSoftphone(page);

  await expect.poll(() => gatewaySockets.length, { timeout: 15_000 }).toBe(1);
  expect(await marked(frame, 'patchbay:signed-in')).toBe(0);
  expect(gatewaySockets[0]!.sent).toEqual([]);

  letSignInThrough();
  const shell = page.frameLocator('#softphone');
  await shell.locator('.pb-status [data-part="phone"]', { hasText: /^Phone ready$/ }).waitFor({ state: 'attached', timeout: 20_000 });
  // One socket: the session was created on the one opened ahead, which still carries it.
  expect(gatewaySockets).toHaveLength(1);
  expect(JSON.parse(gatewaySockets[0]!.sent[0]!)).toMatchObject({ janus: 'create' });
  expect(gatewaySockets[0]!.socket.isClosed()).toBe(false);
  await page.close();
});

it('mounts the widgets when the gateway never answers, though they wait for the phone to send its first requests', async () => {
  const { stack, browser } = lab;
  const page = await browser.context.newPage();
  // The gateway's WebSocket opens, and nothing answers on it.
  await page.routeWebSocket(
    (url) => url.port === String(stack.janus.port),
    () => undefined,
  );
  await page.goto(stack.simulator.consoleUrl('Lightning'));
  const shell = page.frameLocator('#softphone');
  await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 10_000 });
  for (const widget of ['dialpad', 'call-log', 'presence']) expect(await shell.locator(`[data-widget='${widget}']`).getAttribute('data-state')).toBe('ready');
  expect(await shell.locator('.pb-status [data-part="phone"]').textContent()).toBe('Phone connecting…');
  await page.close();
});

it("asks for each widget's code while the agent signs in, and fetches it once", async () => {
  const { stack } = lab;
  const { page, letThrough: letSignInThrough } = await tabHolding(stack.credentials.url);
  const widgetOrigins = new Map([...stack.softphone.widgetOrigins].map(([id, origin]) => [origin, id]));
  const fetched: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const widget = widgetOrigins.get(url.origin);
    // A chunk by its name without the content hash, so the list reads the same for every build.
    const file = url.pathname.slice(url.pathname.lastIndexOf('/') + 1).replace(/\.[0-9a-f]{8}\.js$/, '.js');
    if (widget) fetched.push(`${widget} ${file}`);
  });
  const frame = await openSoftphone(page);

  // Signed out still: each widget's entry and the chunk of its exposed element are on their way.
  const entryAndChunk = (ids: readonly string[]) => ids.flatMap((id) => [`${id} __federation_expose_widget.js`, `${id} remoteEntry.js`]);
  await expect.poll(() => [...fetched].sort(), { timeout: 15_000 }).toEqual(entryAndChunk(['call-log', 'dialpad', 'presence']));
  expect(await marked(frame, 'patchbay:signed-in')).toBe(0);
  expect(await frame.locator("[data-widget='dialpad']").count()).toBe(0);

  letSignInThrough();
  const shell = page.frameLocator('#softphone');
  await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 15_000 });
  for (const widget of ['dialpad', 'call-log', 'presence']) expect(await shell.locator(`[data-widget='${widget}']`).getAttribute('data-state')).toBe('ready');
  // The federation runtime took the bytes asked for early: nothing was fetched twice.
  expect([...fetched].sort()).toEqual(entryAndChunk(['call-log', 'dialpad', 'presence']));
  await page.close();
});

it("asks for Open CTI's script before the shell's own code has loaded, and fetches it once", async () => {
  const { stack } = lab;
  // The Salesforce host's code (which loads Open CTI) arrives only once the test lets it.
  const { page, letThrough: letHostThrough } = await tabHolding(/\/salesforce-host\.[0-9a-f]+\.js$/);
  const openCti: string[] = [];
  page.on('request', (request) => {
    if (request.frame() !== page.mainFrame() && new URL(request.url()).pathname.endsWith('/lightning/opencti_min.js')) openCti.push(request.url());
  });
  const frame = await openSoftphone(page);

  await expect.poll(() => openCti, { timeout: 15_000 }).toEqual([`${stack.simulator.origin}/support/api/62.0/lightning/opencti_min.js`]);
  expect(await marked(frame, 'patchbay:settings-read')).toBe(0);

  letHostThrough();
  const shell = page.frameLocator('#softphone');
  await shell.locator('html[data-shell="ready"]').waitFor({ state: 'attached', timeout: 15_000 });
  await expect.poll(() => stack.simulator.consoleState().initialized).toBe(true);
  // The host's script element took the bytes asked for early.
  expect(openCti).toHaveLength(1);
  await page.close();
});

it('opens its WebSocket to the bus while the agent signs in, and connects on it once signed in', async () => {
  const { stack } = lab;
  const { page, letThrough: letSignInThrough } = await tabHolding(stack.credentials.url);
  const busSockets = socketsTo(page, new URL(stack.bus.server.wsUrl).port);
  const frame = await openSoftphone(page);

  // Signed out still: the socket is open, the server has said hello, and nothing went out on it.
  await expect.poll(() => busSockets.map(({ received }) => received.some((text) => text.startsWith('INFO '))), { timeout: 15_000 }).toEqual([true]);
  expect(await marked(frame, 'patchbay:signed-in')).toBe(0);
  expect(busSockets[0]!.sent).toEqual([]);

  letSignInThrough();
  await expect.poll(() => marked(frame, 'patchbay:bus-connected'), { timeout: 15_000 }).toBe(1);
  // One socket: the bus connected on the one opened ahead, which still carries it.
  expect(busSockets).toHaveLength(1);
  expect(busSockets[0]!.sent[0]).toMatch(/^CONNECT \{/);
  expect(busSockets[0]!.socket.isClosed()).toBe(false);
  await page.close();
});
