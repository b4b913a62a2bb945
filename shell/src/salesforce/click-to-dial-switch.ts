import { isCallActive, type CallStatus } from '@patchbay/contract';
import type { OpenCti } from '@patchbay/opencti';

/**
 * Click-to-dial is on only while the phone can place a call: the phone is up (in this tab, or in
 * the agent's tab that has it) and no call is in progress. Salesforce's numbers are clickable only
 * then (enableClickToDial, disableClickToDial); it is told of each change, once.
 */
export class ClickToDialSwitch {
  private phoneUp = false;
  private callActive = false;
  private enabled: boolean | null = null;

  constructor(
    private readonly cti: OpenCti,
    private readonly onError: (error: unknown) => void,
  ) {
    // Off until the phone says it is up: Salesforce may still have it on from the page before.
    this.apply();
  }

  phone(up: boolean): void {
    this.phoneUp = up;
    this.apply();
  }

  call(status: CallStatus): void {
    this.callActive = isCallActive(status);
    this.apply();
  }

  private apply(): void {
    const wanted = this.phoneUp && !this.callActive;
    if (wanted === this.enabled) return;
    this.enabled = wanted;
    (wanted ? this.cti.enableClickToDial() : this.cti.disableClickToDial()).catch(this.onError);
  }
}
