/** Remembers that the agent refused (or dismissed) the browser's question, so it is never asked again. */
const REFUSED_KEY = 'patchbay.notifications.refused';

export interface Ring {
  callId: string;
  caller: string;
  /** The Salesforce record the caller matched, in words ("Ada Lovelace", "2 records match"). */
  record: string;
  /** Brings the softphone up: the Salesforce tab and its panel. */
  open: () => void;
}

/**
 * A desktop notification for a call ringing while the Salesforce tab is in the background, so the
 * agent notices it; clicking it brings the tab and the softphone panel up. Only with the browser's
 * permission, asked on the agent's first click or key press in the softphone (never on load), once.
 *
 * Inside Salesforce the softphone is a cross-origin frame: Chromium and Firefox answer for the
 * Salesforce page's permission there and do not prompt from the frame, so the agent (or an admin's
 * browser policy) allows notifications for the Salesforce domain.
 */
export class RingNotifier {
  private readonly shown = new Map<string, Notification>();

  constructor(
    private readonly page: Document,
    private readonly storage: Storage,
  ) {}

  askOnFirstGesture(): void {
    if (!('Notification' in window) || Notification.permission !== 'default' || this.storage.getItem(REFUSED_KEY) !== null) return;
    const ask = (): void => {
      this.page.removeEventListener('pointerdown', ask);
      this.page.removeEventListener('keydown', ask);
      void Notification.requestPermission().then((answer) => {
        if (answer !== 'granted') this.storage.setItem(REFUSED_KEY, new Date().toISOString());
      });
    };
    this.page.addEventListener('pointerdown', ask);
    this.page.addEventListener('keydown', ask);
  }

  /** Shows the ring when the page is hidden and notifications are allowed; a visible page shows the call itself. */
  ring({ callId, caller, record, open }: Ring): void {
    if (this.page.visibilityState !== 'hidden' || !('Notification' in window) || Notification.permission !== 'granted' || this.shown.has(callId)) return;
    const notification = new Notification(`Incoming call from ${caller}`, { body: record, tag: `patchbay-call-${callId}`, requireInteraction: true });
    notification.onclick = () => {
      // A notification's click lets the page take focus: the frame, and Salesforce's window around it.
      window.top?.focus();
      window.focus();
      open();
      this.stop(callId);
    };
    this.shown.set(callId, notification);
  }

  /** The call stopped ringing (answered, declined, gone): its notification goes. */
  stop(callId: string): void {
    this.shown.get(callId)?.close();
    this.shown.delete(callId);
  }
}
