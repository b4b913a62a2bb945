export { createNatsTrust, renderTrustConf, mintUser, type NatsTrust, type MintedUser } from './nats-trust.js';
