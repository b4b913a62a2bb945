/**
 * Version of the event contract. It appears twice on every message: as the `v1` token in the
 * subject (so a v2 widget and a v1 phone never read each other's bytes by accident, and NATS
 * permissions can be granted per version) and as `v` in the envelope (so a message copied between
 * subjects, or read back from JetStream, still says what it is).
 */
export const CONTRACT_VERSION = 1 as const;

/**
 * The contract's release, semver, the package's version (`@patchbay/contract`): the major is
 * CONTRACT_VERSION; a minor adds (a subject, an optional field) and a patch changes no shape, so a
 * widget built for 1.y runs with any 1.z contract where z ≥ y. Each widget's deploy manifest entry
 * records the release it was built for (`contract`), and the shell mounts only widgets it can
 * serve (CHANGELOG.md says what each release changed).
 */
export const CONTRACT_SEMVER = '1.6.0' as const;

/** First tokens of every subject of this contract version. */
export const SUBJECT_ROOT = `pb.v${CONTRACT_VERSION}` as const;

/**
 * Largest encoded message accepted, in bytes (16 KiB). The largest legitimate message, a call-log
 * entry with its notes, stays well below it; anything bigger is a bug or an attack and is dropped
 * before it is parsed.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * Largest encoded reply accepted, in bytes (48 KiB): a page of the team's presence or of the call
 * history carries many entries. Below nats-server's max_payload (64 KiB in gateway-config/nats).
 */
export const MAX_REPLY_BYTES = 48 * 1024;
