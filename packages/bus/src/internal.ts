/** The wire protocol's pure parts, for unit tests only; the package's public face is index.ts. */
export { Parser, ProtocolError, headerStatus, type ServerOp } from './wire/parser.js';
export { classifyServerError, type ServerError } from './wire/server-errors.js';
export { connectOp, pubOp, subOp, unsubOp } from './wire/client-ops.js';
