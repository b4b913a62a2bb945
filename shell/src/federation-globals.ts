import * as errorCodes from '@module-federation/error-codes';

/**
 * The page's one copy of the federation runtime's stateless packages, on the globals that remotes
 * are built to read (FEDERATION_GLOBALS in rspack.config.ts). Runs before any remote entry loads.
 */
Object.assign(globalThis, { _PB_MF_ERRORS: errorCodes });
