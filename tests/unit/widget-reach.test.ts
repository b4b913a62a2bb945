import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContractError, agentId, idleSnapshot, MESSAGE_KINDS, REPLY_KINDS, subjects, widgetRefusal, type MessageKind, type Subject } from '@patchbay/contract';
import { InPageHub, NoResponderError, WidgetRefusedError, busView, createInPageBus } from '@patchbay/bus';
import { EXAMPLES } from '@patchbay/contract/examples';
import { guardedBus } from '../../shell/src/widgets/guarded-bus.js';

const alice = agentId('alice');
const quiet = { warn: () => undefined };
const subjectOf = (kind: string): string => `pb.v1.agent.alice.${kind}`;
const KINDS = Object.keys(MESSAGE_KINDS) as MessageKind[];
const isRequest = (kind: MessageKind): boolean => Object.hasOwn(REPLY_KINDS, kind);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('what a widget may do with each kind (WIDGET_REACH)', () => {
  it('publishes commands and nothing else: state is the phone, the shell or the bus store', () => {
    for (const kind of KINDS) {
      const refusal = widgetRefusal(subjectOf(kind), 'publish');
      if (kind.startsWith('cmd.')) expect(refusal, kind).toBeNull();
      else expect(refusal, kind).toMatch(new RegExp(`^a widget may not publish on ${kind.replaceAll('.', '\\.')}: `));
    }
  });

  it('subscribes to commands and state, and never listens on a request (a silent listener counts as a responder)', () => {
    for (const kind of KINDS) expect(widgetRefusal(subjectOf(kind), 'subscribe') === null, kind).toBe(!isRequest(kind));
  });

  it("answers no request, and asks any but the shell's own: the phone window's handover and renewal, writing presence and history", () => {
    const shells = ['query.phone-handover', 'query.phone-renewal', 'store.presence.set', 'store.history.append'];
    for (const kind of KINDS.filter(isRequest)) {
      expect(widgetRefusal(subjectOf(kind), 'reply'), kind).not.toBeNull();
      expect(widgetRefusal(subjectOf(kind), 'request') === null, kind).toBe(!shells.includes(kind));
    }
    expect(widgetRefusal(subjectOf('query.phone-handover'), 'request')).toBe(
      "a widget may not request on query.phone-handover: only the shell does that (who runs the agent's phone, the phone window's credentials, writing presence and call history)",
    );
  });

  it('leaves a subject outside the contract to the bus, and refuses anything that is not a string', () => {
    expect(widgetRefusal('pb.v1.agent.alice.nope', 'publish')).toBeNull();
    const shifty = { toString: () => subjectOf('state.phone-window') };
    expect(widgetRefusal(shifty, 'publish')).toBe('a widget may not publish on a subject that is not a string (object)');
  });
});

describe("the shell's bus view of a widget", () => {
  const mount = () => {
    const hub = new InPageHub();
    const shell = createInPageBus({ agentId: alice, hub, logger: quiet });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { bus } = guardedBus(busView(shell), 'hostile', () => undefined);
    return { shell, bus, warn };
  };

  it("refuses to play the phone window, with the reason thrown or rejected and logged once; the shell's own bus is untouched", async () => {
    const { shell, bus, warn } = mount();
    for (let i = 0; i < 2; i++) {
      expect(() => bus.reply(subjects.phoneWindowQuery(alice), () => ({ open: true, at: Date.now() }))).toThrow(WidgetRefusedError);
      await expect(bus.publish(subjects.phoneWindow(alice), { open: true, at: Date.now() })).rejects.toThrow('a widget may not publish on state.phone-window');
      await expect(bus.request(subjects.phoneHandover(alice), {})).rejects.toBeInstanceOf(WidgetRefusedError);
    }
    expect(warn.mock.calls.map(([line]) => String(line).replace(/( on [\w.-]+): .*/, '$1'))).toEqual([
      '[patchbay] WIDGET-BUS-REFUSED: hostile: a widget may not reply on query.phone-window',
      '[patchbay] WIDGET-BUS-REFUSED: hostile: a widget may not publish on state.phone-window',
      '[patchbay] WIDGET-BUS-REFUSED: hostile: a widget may not request on query.phone-handover',
    ]);
    // Nobody answered for the window, so the tab still hears that no window runs the phone.
    await expect(shell.request(subjects.phoneWindowQuery(alice), {})).rejects.toBeInstanceOf(NoResponderError);
  });

  it('refuses writing presence and call history (the shell is their one writer), and still reads them', async () => {
    const { shell, bus } = mount();
    await shell.presence.set({ status: 'busy', displayName: 'Alice' });
    await expect(bus.presence.set({ status: 'available', displayName: 'Alice' })).rejects.toThrow('a widget may not request on store.presence.set');
    await expect(bus.history.append({ ...EXAMPLES.history.full })).rejects.toThrow('a widget may not request on store.history.append');
    expect((await bus.presence.get(alice))?.status).toBe('busy');
    expect(await bus.history.recent(5)).toEqual([]);
  });

  it("still sends commands, watches state and asks for the call; a subject outside the contract gets the bus's own error", async () => {
    const { shell, bus, warn } = mount();
    const seen: string[] = [];
    bus.subscribe(subjects.dial(alice), ({ number }) => seen.push(`widget heard dial ${number}`));
    shell.subscribe(subjects.dial(alice), ({ number }) => seen.push(`shell heard dial ${number}`));
    bus.subscribe(subjects.phoneWindow(alice), ({ open }) => seen.push(`widget heard window ${open}`));
    shell.reply(subjects.callStateQuery(alice), () => idleSnapshot(7));
    await bus.publish(subjects.dial(alice), { number: '5550100' });
    await shell.publish(subjects.phoneWindow(alice), { open: false, at: 1 });
    expect((await bus.request(subjects.callStateQuery(alice), {})).seq).toBe(7);
    expect(seen.sort()).toEqual(['shell heard dial 5550100', 'widget heard dial 5550100', 'widget heard window false']);
    await expect(bus.publish('pb.v1.agent.alice.nope' as Subject<unknown>, {})).rejects.toBeInstanceOf(ContractError);
    expect(warn).not.toHaveBeenCalled();
  });
});
