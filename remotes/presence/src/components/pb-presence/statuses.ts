import type { PresenceStatus } from '@patchbay/contract';

export const STATUSES: readonly { value: PresenceStatus; label: string; color: string }[] = [
  { value: 'available', label: 'Available', color: '#2e844a' },
  { value: 'busy', label: 'Busy', color: '#ba0517' },
  { value: 'away', label: 'Away', color: '#dd7a01' },
  { value: 'offline', label: 'Offline', color: '#939393' },
];

export function statusLabel(status: PresenceStatus): string {
  return STATUSES.find((s) => s.value === status)?.label ?? status;
}

export function statusColor(status: PresenceStatus): string {
  return STATUSES.find((s) => s.value === status)?.color ?? '#939393';
}
