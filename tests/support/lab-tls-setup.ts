import { LAB_TLS_DIR_ENV, createLabTls } from '@patchbay/devservers/lab-tls';

/**
 * One lab CA for the whole test run (vitest's globalSetup): made before the test files start, in
 * the environment their worker processes inherit, and deleted after the last one, however the
 * workers end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const tls = await createLabTls();
  process.env[LAB_TLS_DIR_ENV] = tls.dir;
  return () => tls.remove();
}
