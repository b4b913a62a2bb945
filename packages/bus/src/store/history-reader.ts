import { AckPolicy, DeliverPolicy, createInbox, nanos, type NatsConnection } from 'nats.ws';
import { decode, newMessageId, subjects, type AgentId, type CallHistoryEntry, type DropCounter } from '@patchbay/contract';
import type { BusLogger } from '../bus.js';
import { RequestTimeoutError } from '../errors.js';
import { HISTORY_STREAM, STORE_INBOX_PREFIX, historySubject } from '../names.js';
import { withTimeout } from '../timeout.js';

const READ_TIMEOUT_MS = 5000;

/**
 * Every stored entry of one agent's history, in write order, through a short-lived push consumer
 * filtered on the agent's subject and delivering to the store's own inbox; it collects the
 * num_pending messages the server reported when it created the consumer. Invalid entries are
 * left out (logged).
 */
export async function readHistory(nc: NatsConnection, agent: AgentId, drops: DropCounter, logger: BusLogger): Promise<CallHistoryEntry[]> {
  const jsm = await nc.jetstreamManager({ checkAPI: false, timeout: 2000 });
  const inbox = createInbox(STORE_INBOX_PREFIX);
  const name = `history_${agent}_${newMessageId().replace(/-/g, '').slice(0, 12)}`;
  const subject = subjects.historyAppend(agent);
  const entries: CallHistoryEntry[] = [];
  let received = 0;
  let expected = Number.POSITIVE_INFINITY;
  let done!: () => void;
  const complete = new Promise<void>((resolve) => (done = resolve));
  const sub = nc.subscribe(inbox, {
    callback: (error, msg) => {
      if (error) return;
      received += 1;
      const decoded = decode(subject, msg.data, drops);
      if (decoded.ok) entries.push(decoded.payload);
      else logger.warn(`bus store: left out a history entry of ${agent} (${decoded.code}): ${decoded.reason}`);
      if (received >= expected) done();
    },
  });
  try {
    const info = await jsm.consumers.add(HISTORY_STREAM, {
      name,
      filter_subject: historySubject(agent),
      deliver_subject: inbox,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      // A throwaway reader: in memory, one replica even on an R3 stream, gone if left behind.
      mem_storage: true,
      num_replicas: 1,
      inactive_threshold: nanos(30_000),
    });
    expected = info.num_pending;
    if (received >= expected) done();
    await withTimeout(complete, READ_TIMEOUT_MS, () => new RequestTimeoutError(`history of ${agent}`, READ_TIMEOUT_MS));
    await jsm.consumers.delete(HISTORY_STREAM, name).catch(() => undefined);
    return entries;
  } finally {
    sub.unsubscribe();
  }
}
