import type { CallStatus } from '@patchbay/contract';

/** The softphone panel's label and SLDS icon for each call state, so the agent sees it closed too. */
export const PANEL_STATUS: Record<CallStatus, { label: string; icon: string }> = {
  idle: { label: 'Phone', icon: 'call' },
  dialing: { label: 'Calling…', icon: 'outbound_call' },
  'ringing-out': { label: 'Ringing…', icon: 'outbound_call' },
  'ringing-in': { label: 'Incoming call', icon: 'incoming_call' },
  connected: { label: 'On a call', icon: 'call' },
  'on-hold': { label: 'On hold', icon: 'pause' },
  ended: { label: 'Call ended', icon: 'end_call' },
  failed: { label: 'Call failed', icon: 'end_call' },
};
