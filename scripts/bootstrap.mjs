// Installs what a fresh clone needs before anything else runs: npm packages, and the Debian
// packages of the real servers (as root), or says exactly what to install. Plain JavaScript:
// it runs before the npm packages (esbuild among them) exist.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** binary (or, for a package with none, a file it installs) → Debian package that provides it. */
const DEBIAN = {
  'nats-server': 'nats-server',
  janus: 'janus',
  kamailio: 'kamailio',
  // auth_ephemeral: kamailio verifies the agents' short-lived SIP credentials with it.
  '/usr/lib/x86_64-linux-gnu/kamailio/modules/auth_ephemeral.so': 'kamailio-autheph-modules',
  baresip: 'baresip',
  chromium: 'chromium',
  // The tests' second SIP stack, to check the registrar against a client other than Janus.
  sipp: 'sip-tester',
  // The lab's TLS: openssl makes the per-run CA, certutil trusts it in the test browser's NSS database.
  openssl: 'openssl',
  certutil: 'libnss3-tools',
};

function has(binary) {
  if (binary.startsWith('/')) return existsSync(binary);
  return spawnSync('sh', ['-c', `command -v ${binary} || test -x /usr/sbin/${binary}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args) {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

// npm writes node_modules/.package-lock.json on each install: a lock changed since (a pull that
// added a package) needs the install again, or a later step fails on a missing command.
const installed = resolve(root, 'node_modules/.package-lock.json');
if (!existsSync(installed) || statSync(resolve(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs) {
  console.log('patchbay: installing npm packages (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const missing = [
  ...new Set(
    Object.entries(DEBIAN)
      .filter(([binary]) => !has(binary))
      .map(([, pkg]) => pkg),
  ),
];
if (missing.length > 0) {
  if (process.getuid?.() === 0) {
    console.log(`patchbay: installing Debian packages: ${missing.join(' ')}…`);
    run('apt-get', ['update', '-q']);
    run('apt-get', ['install', '-y', '-q', ...missing]);
  } else {
    console.error(`patchbay: these Debian packages are needed and missing: ${missing.join(' ')}\n` + `Install them as root:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}
// /usr/sbin holds nats-server and kamailio; a non-login root shell may not have it on PATH.
if (!(process.env.PATH ?? '').split(':').includes('/usr/sbin')) {
  console.log('patchbay: note: /usr/sbin is not on PATH; the start scripts add it.');
}
