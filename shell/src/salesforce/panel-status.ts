import type { CallStatus } from '@patchbay/contract';
import type { OpenCti } from '@patchbay/opencti';

/** The softphone's label and SLDS icon for each call state. */
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

/**
 * Shows the call state where the agent sees it: on the utility bar's softphone item, which stays in
 * view when the panel is closed (setSoftphoneItemLabel/Icon), and in the open panel's header
 * (setSoftphonePanelLabel/Icon). Classic has neither; its sidebar softphone is always in view.
 */
export function showCallStatus(cti: OpenCti, status: CallStatus): Array<Promise<void>> {
  const { label, icon } = PANEL_STATUS[status];
  return [
    ...(cti.capabilities.utilityItemLabelAndIcon ? [cti.setItemLabel(label), cti.setItemIcon(icon)] : []),
    ...(cti.capabilities.panelLabelAndIcon ? [cti.setPanelLabel(label), cti.setPanelIcon(icon)] : []),
  ];
}
