/**
 * `npm start -w services/credentials`: runs the credentials service from its environment (see
 * config.ts and the README's trust chain section) until SIGTERM.
 */
import { ConfigError, configFromEnv } from './config.js';
import { startCredentialsService } from './service.js';

try {
  const service = await startCredentialsService({
    ...configFromEnv(process.env),
    logger: { info: (message) => console.log(message), warn: (message) => console.warn(message) },
  });
  console.log(`credentials service listening at ${service.url}`);
  const stop = (): void => void service.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `the credentials service could not start: ${String(error)}`);
  process.exit(1);
}
