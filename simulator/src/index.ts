export { startSimulator, type Simulator, type SimulatorOptions, type ConsoleState } from './server.js';
export { framedShellUrl, type ConsoleMode } from './pages.js';
export { SEED_RECORDS, type SimRecord } from './records.js';
export type { SimTask } from './tasks.js';
export type { SimAgentCredentials } from './apex.js';
export { readCallCenterXml, flattenCallCenter, CallCenterXmlError, type CallCenterSection, type CallCenterItem } from './callcenter-xml.js';
export { startProbeServer, buildProbe, type ProbeServer } from './probe-server.js';
