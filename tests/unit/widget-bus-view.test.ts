import { describe, expect, it } from 'vitest';
import { agentId, idleSnapshot, subjects, type BusUse } from '@patchbay/contract';
import { InPageHub, NoResponderError, WidgetRefusedError, createInPageBus, type Bus } from '@patchbay/bus';
import { widgetBusView, type HandlerWatch } from '@patchbay/widget-kit';

// The widget kit's view of a bus, as the shell and the dev page hand it to a widget.

const alice = agentId('alice');
const quiet = { warn: () => undefined };

function mount(watch?: HandlerWatch): { shell: Bus; widget: Bus; refusals: string[] } {
  const shell = createInPageBus({ agentId: alice, hub: new InPageHub(), logger: quiet });
  const refusals: string[] = [];
  const onRefused = (refused: WidgetRefusedError, use: BusUse): void => {
    refusals.push(`${use} ${refused.subject}: ${refused.reason}`);
  };
  return { shell, widget: widgetBusView(shell, watch ? { onRefused, watch } : { onRefused }), refusals };
}

describe("the widget kit's bus view", () => {
  it('rejects publishing state, tells every refusal, and the shell hears nothing', async () => {
    const { shell, widget, refusals } = mount();
    const heard: number[] = [];
    shell.subscribe(subjects.callState(alice), ({ seq }) => heard.push(seq));
    for (let i = 0; i < 2; i++) {
      await expect(widget.publish(subjects.callState(alice), idleSnapshot(9))).rejects.toThrow(WidgetRefusedError);
    }
    await shell.publish(subjects.callState(alice), idleSnapshot(1));
    expect(heard).toEqual([1]);
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toMatch(/^publish pb\.v1\.agent\.alice\.state\.call: a widget may not publish on state\.call: /);
  });

  it('throws on a reply, so nothing answers the request for the widget', async () => {
    const { shell, widget, refusals } = mount();
    expect(() => widget.reply(subjects.callStateQuery(alice), () => idleSnapshot(3))).toThrow(WidgetRefusedError);
    expect(refusals).toEqual([expect.stringMatching(/^reply pb\.v1\.agent\.alice\.query\.call: a widget may not reply on query\.call: /)]);
    await expect(shell.request(subjects.callStateQuery(alice), {}, { timeoutMs: 500 })).rejects.toBeInstanceOf(NoResponderError);
  });

  it('sends a command and watches state, each handler through `watch`', async () => {
    const watched: string[] = [];
    const { shell, widget, refusals } = mount((during, handler) => {
      watched.push(during);
      return handler;
    });
    const dialled: string[] = [];
    const states: number[] = [];
    shell.subscribe(subjects.dial(alice), ({ number }) => dialled.push(number));
    widget.subscribe(subjects.callState(alice), ({ seq }) => states.push(seq));
    await widget.publish(subjects.dial(alice), { number: '5550100' });
    await shell.publish(subjects.callState(alice), idleSnapshot(4));
    expect(dialled).toEqual(['5550100']);
    expect(states).toEqual([4]);
    expect(watched).toEqual(['bus handler on pb.v1.agent.alice.state.call']);
    expect(refusals).toEqual([]);
  });
});
