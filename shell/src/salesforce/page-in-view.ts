import type { OpenCti, PageInfo, SearchMatch } from '@patchbay/opencti';

/**
 * The record the agent has in view in this tab: first asked for (getAppViewInfo in Lightning,
 * getPageInfo in Classic), then kept from each navigation (onNavigationChange, onFocus). A call
 * dialled on the keypad concerns it.
 */
export class PageInView {
  private page: PageInfo | null = null;

  constructor(cti: OpenCti, onError: (error: unknown) => void) {
    // Bridged for the page's lifetime: Open CTI has no way to unregister its listeners.
    cti.onNavigationChange((page) => {
      this.page = page;
    });
    cti.getPageInfo().then((page) => {
      // A navigation reported meanwhile is newer than this answer.
      this.page ??= page;
    }, onError);
  }

  /** Null when the agent is on no record (a home page, a list). */
  record(): SearchMatch | null {
    const page = this.page;
    return page?.recordId ? { id: page.recordId, name: page.recordName, objectType: page.objectType } : null;
  }
}
