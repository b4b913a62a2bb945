/**
 * `@patchbay/bus/store`: the server side of the bus, run beside nats-server (never in a page).
 */
export { startBusStore, type BusStore, type BusStoreOptions } from './service.js';
