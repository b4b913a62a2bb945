import type { HistoryPage, PresenceList, StoreReceipt } from '@patchbay/contract';

export type StoreKind = 'store.presence.set' | 'store.presence.list' | 'store.history.append' | 'store.history.recent';

/** The reply that refuses a request of `kind`, in that kind's reply shape. */
export function refusalFor(kind: StoreKind, reason: string): StoreReceipt | PresenceList | HistoryPage {
  const refused = reason.slice(0, 512);
  switch (kind) {
    case 'store.presence.set':
    case 'store.history.append':
      return { refused };
    case 'store.presence.list':
      return { states: [], next: null, refused };
    case 'store.history.recent':
      return { entries: [], truncated: false, refused };
  }
}
