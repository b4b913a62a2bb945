import type { EndCause } from '@patchbay/contract';
import type { CallCore } from './call-core.js';
import type { SipLine } from './sip-line.js';

/** What the page's going away acts on. */
export interface UnloadParts {
  core: CallCore;
  call: { readonly callLine: SipLine | null; end(cause: EndCause, detail: string | null): void };
  gateway: { dropForUnload(): void };
}

/**
 * A reload or closed tab (`pagehide`): hang up first so no ghost call stays at the far end, and
 * say why; then drop the gateway session. A page kept for going back (`persisted`) keeps its
 * session.
 */
export class PageUnload {
  private readonly onPageHide = (event: PageTransitionEvent): void => this.unload(event.persisted);

  constructor(private readonly parts: UnloadParts) {}

  watch(): void {
    window.addEventListener('pagehide', this.onPageHide);
  }

  unwatch(): void {
    window.removeEventListener('pagehide', this.onPageHide);
  }

  unload(persisted: boolean): void {
    const { core, call, gateway } = this.parts;
    const line = call.callLine;
    if (core.allows('end') && line !== null) {
      core.localEnd = 'page-unloaded';
      void line.send({ request: core.allows('decline') ? 'decline' : 'hangup' }).catch(() => undefined);
      call.end('page-unloaded', 'the page was closed or reloaded');
    }
    if (!persisted) gateway.dropForUnload();
  }
}
