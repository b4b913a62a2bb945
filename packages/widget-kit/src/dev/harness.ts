/**
 * The page a widget runs alone on (`npm run dev -w remotes/<id>`): the widget's element with an
 * in-page bus, buttons that publish each example of the contract the widget may render, a log of
 * the commands it publishes, and a form to point it at a real bus instead. The widget gets the view
 * of the bus the shell would give it (widgetBusView): what the shell would refuse is refused here
 * too, logged on the page and as a console error. The dev script bundles it with the widget's
 * federation entry as `@patchbay/dev-widget`.
 */
import { busView, connectNatsBus, createInPageBus, type Bus } from '@patchbay/bus';
import { isAgentId, subjects, type AgentId, type CallSnapshot, type Subject } from '@patchbay/contract';
import { EXAMPLES } from '@patchbay/contract/examples';
import * as widget from '@patchbay/dev-widget';
import { WIDGET_FAULT_EVENT, type WidgetFault, type WidgetModule } from '../interface.js';
import { widgetBusView } from '../widget-bus-view.js';

const module: WidgetModule = widget;
const DEV_AGENT = 'dev-agent' as AgentId;
const COMMANDS = ['dial', 'answer', 'decline', 'hangup', 'mute', 'hold', 'dtmf', 'transfer', 'setStatus', 'logCall'] as const;

function find<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`the dev page has no ${selector}`);
  return found;
}

function note(text: string): void {
  const line = document.createElement('li');
  line.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  find('#log').prepend(line);
}

let current: Bus | null = null;

/** Mounts a fresh element on a widget's view of `bus`; the page answers on `bus` as the shell's phone would. */
function mount(bus: Bus): void {
  void current?.close();
  current = bus;
  let lastCall: CallSnapshot = EXAMPLES['state.call'].minimal;
  let seq = lastCall.seq;
  // All of it ends with the bus, closed when the page moves to another.
  bus.reply(subjects.callStateQuery(bus.agentId), () => lastCall);
  for (const command of COMMANDS) {
    bus.subscribe(subjects[command](bus.agentId) as Subject<unknown>, (payload) => note(`widget sent ${command}: ${JSON.stringify(payload)}`));
  }
  const buttons = find('#examples');
  buttons.replaceChildren();
  const add = (label: string, publish: () => Promise<unknown>): void => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', () =>
      publish().then(
        () => note(`published ${label}`),
        (error: unknown) => note(`${label} refused: ${String(error)}`),
      ),
    );
    buttons.append(button);
  };
  const { full, minimal, more = [] } = EXAMPLES['state.call'];
  for (const [form, example] of [['full', full], ['minimal', minimal], ...more.map((m, i) => [`more ${i + 1}`, m] as const)] as const) {
    add(`call state (${form}: ${example.status})`, () => {
      lastCall = { ...example, seq: ++seq };
      return bus.publish(subjects.callState(bus.agentId), lastCall);
    });
  }
  const forms = <T>({ full, minimal }: { full: T; minimal: T }) =>
    [
      ['full', full],
      ['minimal', minimal],
    ] as const;
  for (const [form, example] of forms(EXAMPLES['state.refused'])) add(`command refused (${form})`, () => bus.publish(subjects.commandRefused(bus.agentId), example));
  for (const [form, example] of forms(EXAMPLES.presence)) {
    add(`own presence (${form}: ${example.status})`, () => bus.presence.set({ status: example.status, displayName: example.displayName || 'Dev Agent' }));
  }
  for (const [form, example] of forms(EXAMPLES.history)) add(`call history entry (${form})`, () => bus.history.append(example));

  if (!customElements.get(module.tagName)) module.define();
  const element = document.createElement(module.tagName);
  const widgetBus = widgetBusView(busView(bus), {
    onRefused: ({ reason }) => {
      console.error(`[patchbay dev] WIDGET-BUS-REFUSED: ${reason}`);
      note(`REFUSED (the shell refuses it too): ${reason}`);
    },
  });
  Object.assign(element, { displayName: 'Dev Agent', bus: widgetBus });
  element.addEventListener(WIDGET_FAULT_EVENT, (event) => {
    const fault = (event as CustomEvent<WidgetFault>).detail;
    note(`FAULT (the shell would take the widget out): ${fault.during} ${fault.kind}: ${fault.message}`);
  });
  find('#widget').replaceChildren(element);
  note(`mounted <${module.tagName}> on ${bus.agentId}'s bus`);
}

find<HTMLFormElement>('#real-bus').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const agent = String(form.get('agent') ?? '');
  if (!isAgentId(agent)) return note(`"${agent}" is not an agent id`);
  // The JWT stays in this page's memory: it is the agent's bus credential.
  connectNatsBus({
    servers: String(form.get('servers') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean),
    agentId: agent,
    jwt: String(form.get('jwt') ?? ''),
  }).then(mount, (error: unknown) => note(`could not connect: ${String(error)}`));
});

mount(createInPageBus({ agentId: DEV_AGENT }));
