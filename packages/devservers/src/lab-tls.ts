/**
 * The lab's TLS: a certificate authority made for one run and the one server certificate it signs,
 * for 127.0.0.1 and localhost, which every lab server presents (shell, widgets, simulator,
 * credentials service, the bus WebSocket, the gateway guard). Only the test browser (its own NSS
 * database, see browser.ts) and the lab's Node clients are told to trust the CA.
 *
 * Made with the openssl CLI (Node can sign, but not build X.509 certificates) in a 0700 temp
 * folder, keys 0600. The CA's key is deleted as soon as the server certificate is signed, and the
 * CA is name-constrained to 127.0.0.1 and localhost: whoever trusts it trusts that one certificate
 * for loopback, and nothing minted later.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from './process.js';

export interface LabTls {
  /** The 0700 folder holding the files below. */
  readonly dir: string;
  /** The CA certificate (PEM): what a client must trust. */
  readonly caPem: string;
  readonly caFile: string;
  /** The server certificate (PEM), subjectAltName IP:127.0.0.1 and DNS:localhost. */
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Deletes the folder with the certificates and the server key. */
  remove(): Promise<void>;
}

/** Long enough for a day of `npm start`, short enough that a forgotten trust soon means nothing. */
const VALID_DAYS = 7;

const run = promisify(execFile);

async function openssl(dir: string, args: string[]): Promise<void> {
  await run(requireBinary('openssl'), args, { cwd: dir });
}

/** The lab TLS whose files createLabTls() wrote into `dir`. */
async function readLabTls(dir: string, remove: () => Promise<void>): Promise<LabTls> {
  const caFile = join(dir, 'ca.pem');
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server.key');
  return {
    dir,
    caPem: await readFile(caFile, 'utf8'),
    caFile,
    certPem: await readFile(certFile, 'utf8'),
    keyPem: await readFile(keyFile, 'utf8'),
    certFile,
    keyFile,
    remove,
  };
}

/** A fresh CA and server certificate in a folder of their own. */
export async function createLabTls(): Promise<LabTls> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-tls-'));
  try {
    // A name of its own per run, so a CA imported by hand is never mistaken for another run's.
    const caName = `Patchbay lab CA ${randomBytes(4).toString('hex')}`;
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-noenc', '-days', String(VALID_DAYS)];
    await openssl(dir, [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-subj',
      `/CN=${caName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'nameConstraints=critical,permitted;IP:127.0.0.1/255.255.255.255,permitted;DNS:localhost',
    ]);
    await openssl(dir, [
      'req',
      ...ec,
      '-keyout',
      'server.key',
      '-out',
      'server.pem',
      '-subj',
      '/CN=127.0.0.1',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-addext',
      'basicConstraints=critical,CA:FALSE',
      '-addext',
      'keyUsage=critical,digitalSignature',
      '-addext',
      'extendedKeyUsage=serverAuth',
    ]);
    await rm(join(dir, 'ca.key'));
    await chmod(join(dir, 'server.key'), 0o600);
    return await readLabTls(dir, () => rm(dir, { recursive: true, force: true }));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Names the folder of a lab TLS that a parent process made for the whole run (the test runner
 * does, for its workers): processes started with it share that CA and leave the folder to it.
 */
export const LAB_TLS_DIR_ENV = 'PATCHBAY_LAB_TLS_DIR';

let current: Promise<LabTls> | null = null;

/**
 * This run's lab TLS: the one named by PATCHBAY_LAB_TLS_DIR, or else one made at first use and
 * deleted when the process exits (`npm start`, a benchmark). The lab's servers present it and its
 * clients trust it.
 */
export function labTls(): Promise<LabTls> {
  const shared = process.env[LAB_TLS_DIR_ENV];
  // The process that made a shared one removes it.
  if (current === null && shared) current = readLabTls(shared, async () => undefined);
  if (current === null) {
    current = createLabTls();
    void current.then(
      ({ dir }) => process.once('exit', () => rmSync(dir, { recursive: true, force: true })),
      () => (current = null),
    );
  }
  return current;
}
