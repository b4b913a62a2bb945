import { loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import type { WidgetModule } from '@patchbay/widget-kit';
import { describeError } from '../log.js';
import { WidgetFailure } from './widget-failure.js';
import type { WidgetDeployment } from './deploy-manifest.js';
import { integrityFailure } from './integrity-failure.js';
import { pinEntry } from './pinned-entries.js';

function isWidgetModule(value: unknown): value is WidgetModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<WidgetModule>;
  return typeof candidate.tagName === 'string' && /^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(candidate.tagName) && typeof candidate.define === 'function';
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Registers one remote with the federation runtime, pinned to the integrity the manifest gives,
 * and defines its element. `force` re-registers, which a retry needs: the runtime otherwise keeps
 * the failed container.
 */
export async function loadWidget(deployment: WidgetDeployment, { timeoutMs, force }: { timeoutMs: number; force: boolean }): Promise<WidgetModule> {
  const { id, container, entry, integrity } = deployment;
  pinEntry(entry, integrity);
  registerRemotes([{ name: container, entry }], { force });
  const loaded = await withTimeout(
    loadRemote<WidgetModule>(`${container}/widget`).catch(async (cause: unknown) => {
      const refused = await integrityFailure(deployment, cause);
      throw refused ? new WidgetFailure('WIDGET-INTEGRITY', id, refused, { cause }) : new WidgetFailure('WIDGET-LOAD', id, `could not load ${entry}: ${describeError(cause)}`, { cause });
    }),
    timeoutMs,
    () => new WidgetFailure('WIDGET-TIMEOUT', id, `no answer from ${entry} within ${timeoutMs} ms`),
  );
  if (!isWidgetModule(loaded)) {
    throw new WidgetFailure('WIDGET-SHAPE', id, `${container}/widget does not export { tagName, define }`);
  }
  try {
    if (!customElements.get(loaded.tagName)) loaded.define();
  } catch (cause) {
    throw new WidgetFailure('WIDGET-DEFINE', id, `defining <${loaded.tagName}> threw: ${describeError(cause)}`, { cause });
  }
  return loaded;
}
