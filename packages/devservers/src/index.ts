export { freePort, freePorts } from './ports.js';
export { startProcess, waitUntilReady, requireBinary, MissingBinaryError, type ManagedProcess } from './process.js';
export { startJanus, probeJanus, type RunningJanus, type JanusOptions } from './janus.js';
export { signJanusToken } from './janus-token.js';
export { renderTemplate, renderConfigFolder, randomPortRange, GATEWAY_CONFIG_DIR, MissingTemplateValueError } from './lab-config.js';
