export { startSimulator, SIMULATED_ORG_ID, type Simulator, type SimulatorOptions, type ConsoleState } from './server.js';
export { framedShellUrl, type ConsoleMode } from './pages.js';
export { SEED_RECORDS, type SimRecord } from './records.js';
export type { SimTask } from './tasks.js';
export { newOrgSigning, signAssertion, type OrgSigning } from './org-signing.js';
export { readCallCenterXml, flattenCallCenter, CallCenterXmlError, type CallCenterSection, type CallCenterItem } from './callcenter-xml.js';
