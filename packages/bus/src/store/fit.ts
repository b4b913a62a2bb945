import { MAX_REPLY_BYTES } from '@patchbay/contract';

/** Room left for the envelope and the reply's other fields. */
const REPLY_OVERHEAD_BYTES = 512;
const utf8 = new TextEncoder();

/** The longest prefix of `items` whose JSON fits in one reply (MAX_REPLY_BYTES). */
export function fitInReply<T>(items: readonly T[]): T[] {
  let size = REPLY_OVERHEAD_BYTES;
  const fitted: T[] = [];
  for (const item of items) {
    size += utf8.encode(JSON.stringify(item)).byteLength + 1;
    if (size > MAX_REPLY_BYTES) break;
    fitted.push(item);
  }
  return fitted;
}
