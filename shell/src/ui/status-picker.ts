import { CHOSEN_STATUSES, isChosenStatus, PRESENCE_LABELS, subjects, type PresenceStatus } from '@patchbay/contract';
import type { Bus } from '@patchbay/bus';
import { describeError, log } from '../log.js';

/**
 * The agent's own status in the header, in every tab: it shows what presence says (the phone's
 * `On a call` and `Wrap-up` included) and asks for a change with `cmd.set-status`; the tab that
 * runs the phone stores it. Disabled until the bus is up.
 */
export function mountStatusPicker(select: HTMLSelectElement, bus: Promise<Bus>): void {
  const show = (status: PresenceStatus): void => {
    const automatic = isChosenStatus(status) ? [] : [new Option(PRESENCE_LABELS[status], status, true, true)];
    for (const option of automatic) option.disabled = true;
    select.replaceChildren(...automatic, ...CHOSEN_STATUSES.map((chosen) => new Option(PRESENCE_LABELS[chosen], chosen, chosen === status, chosen === status)));
    // The colour dot beside it; the status itself is in the select's text.
    const holder = select.closest<HTMLElement>('.own') ?? select;
    holder.dataset['status'] = status;
  };
  show('offline');
  select.disabled = true;
  bus
    .then(
      async (ready) => {
        select.addEventListener('change', () => {
          const status = select.value as PresenceStatus;
          if (!isChosenStatus(status)) return;
          ready.publish(subjects.setStatus(ready.agentId), { status }).catch((error: unknown) => log('warn', 'SET-STATUS', describeError(error)));
        });
        await ready.presence.watch((state) => {
          if (state.agentId === ready.agentId) show(state.status);
        });
        select.disabled = false;
      },
      () => undefined,
    )
    .catch((error: unknown) => log('warn', 'PRESENCE-WATCH', describeError(error)));
}
