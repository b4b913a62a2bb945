import { PRESENCE_LABELS, type PresenceStatus } from '@patchbay/contract';

/** The colour of each status's dot (SLDS palette: green 50, red 40, orange 60, neutral 50). */
const COLORS: Readonly<Record<PresenceStatus, string>> = {
  available: '#2e844a',
  busy: '#ba0517',
  'on-call': '#ba0517',
  away: '#dd7a01',
  'wrap-up': '#dd7a01',
  offline: '#747474',
};

export function statusLabel(status: PresenceStatus): string {
  return PRESENCE_LABELS[status] ?? status;
}

export function statusColor(status: PresenceStatus): string {
  return COLORS[status] ?? COLORS.offline;
}
