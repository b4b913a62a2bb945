export { freePort, freePorts } from './ports.js';
export { startProcess, waitUntilReady, requireBinary, MissingBinaryError, type ManagedProcess } from './process.js';
