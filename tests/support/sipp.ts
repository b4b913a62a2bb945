import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, requireBinary } from '@patchbay/devservers';

const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), 'sipp');

export interface SippCall {
  /** `127.0.0.1:<port>` of the registrar/proxy. */
  target: string;
  /** The user in From (and To, for a REGISTER). */
  fromUser: string;
  /** The user called (INVITE only). */
  toUser?: string;
  /** The digest credentials the challenge is answered with. */
  authUser: string;
  password: string;
}

/**
 * Runs one call of a sipp scenario in tests/support/sipp (`register` or `invite`): sipp is a SIP
 * stack of its own, so what it gets shows how the registrar treats any client, not only Janus.
 * Resolves with the final status of the answered request, as the scenario logs it.
 */
export async function sippFinalStatus(scenario: 'register' | 'invite', call: SippCall): Promise<number> {
  const sipp = requireBinary('sipp');
  const dir = await mkdtemp(join(tmpdir(), 'pb-sipp-'));
  try {
    const fields = join(dir, 'fields.csv');
    await writeFile(fields, `SEQUENTIAL\n${call.fromUser};\n`);
    const args = [
      '-sf',
      join(SCENARIOS, `${scenario}.xml`),
      '-inf',
      fields,
      '-au',
      call.authUser,
      '-ap',
      call.password,
      '-m',
      '1',
      '-i',
      '127.0.0.1',
      '-p',
      String(await freePort()),
      '-timeout',
      '10s',
      '-trace_logs',
      '-log_file',
      join(dir, 'sipp.log'),
    ];
    if (call.toUser !== undefined) args.push('-s', call.toUser);
    args.push(call.target);
    // sipp exits 1 when its call "failed" (a refusal the scenario expects counts as one).
    await promisify(execFile)(sipp, args, { cwd: dir }).catch(() => undefined);
    const log = await readFile(join(dir, 'sipp.log'), 'utf8').catch(() => '');
    const final = /FINAL (\d{3})/.exec(log);
    if (final === null) throw new Error(`sipp logged no final status for ${scenario}; files: ${(await readdir(dir)).join(', ')}; log: ${log}`);
    return Number(final[1]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
