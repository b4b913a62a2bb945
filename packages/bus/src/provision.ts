/**
 * Creates the JetStream storage the bus needs (presence bucket, history stream), with a user that
 * may (the config's provisioner). Agents only bind to them. Safe to run on every start.
 */
import { DiscardPolicy, RetentionPolicy, StorageType, connect, type NatsConnection } from 'nats.ws';
import { HISTORY_PER_AGENT, HISTORY_STREAM, HISTORY_SUBJECTS, PRESENCE_BUCKET } from './names.js';

export interface ProvisionOptions {
  servers: string | string[];
  user: string;
  pass: string;
  /** 1 for one server, 3 for the 3-node cluster (the durability nats-server 2.9 offers). */
  replicas?: number;
}

export async function provisionBusStorage(options: ProvisionOptions): Promise<void> {
  const nc: NatsConnection = await connect({ servers: options.servers, user: options.user, pass: options.pass, name: 'patchbay-provisioner' });
  try {
    const replicas = options.replicas ?? 1;
    const js = nc.jetstream();
    await js.views.kv(PRESENCE_BUCKET, { history: 1, replicas, storage: StorageType.File });
    const jsm = await nc.jetstreamManager();
    const config = {
      name: HISTORY_STREAM,
      subjects: [HISTORY_SUBJECTS],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_msgs_per_subject: HISTORY_PER_AGENT,
      num_replicas: replicas,
    };
    const existing = await jsm.streams.info(HISTORY_STREAM).catch(() => null);
    if (existing) await jsm.streams.update(HISTORY_STREAM, config);
    else await jsm.streams.add(config);
  } finally {
    await nc.close();
  }
}
