/**
 * Trusts a CA the way an operator trusts one on a Linux desktop: in an NSS database, which
 * Chromium reads from `$HOME/.pki/nssdb`. A browser launched with HOME set to the folder made here
 * validates certificates against that CA (and its own roots), with no flag that skips validation.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from './process.js';

const run = promisify(execFile);

/** The nickname the CA gets in the database (`certutil -L -d sql:<home>/.pki/nssdb` lists it). */
const LAB_CA_NICKNAME = 'patchbay-lab-ca';

/** Makes `<home>/.pki/nssdb` trusting `caFile` to identify TLS servers; returns `home`. */
export async function trustCaInNssHome(home: string, caFile: string): Promise<string> {
  const certutil = requireBinary('certutil');
  const db = `sql:${join(home, '.pki/nssdb')}`;
  await mkdir(join(home, '.pki/nssdb'), { recursive: true, mode: 0o700 });
  await run(certutil, ['-N', '--empty-password', '-d', db]);
  // "C,,": a CA trusted to issue TLS server certificates; nothing for e-mail or code signing.
  await run(certutil, ['-A', '-t', 'C,,', '-n', LAB_CA_NICKNAME, '-i', caFile, '-d', db]);
  return home;
}
