import { loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import { describeError } from '../log.js';
import type { WidgetDeployment } from './deploy-manifest.js';
import { integrityFailure } from './integrity-failure.js';
import { pinEntry } from './pinned-entries.js';

/** What every remote exposes as `./widget`: the custom element's tag and a function defining it. */
export interface WidgetModule {
  tagName: string;
  define(): void;
}

export type WidgetFailureCode =
  | 'WIDGET-LOAD'
  | 'WIDGET-INTEGRITY'
  | 'WIDGET-TIMEOUT'
  | 'WIDGET-SHAPE'
  | 'WIDGET-DEFINE'
  | 'WIDGET-MISSING'
  | 'WIDGET-ENTRY'
  | 'WIDGET-MANIFEST';

export class WidgetLoadError extends Error {
  override name = 'WidgetLoadError';
  constructor(
    readonly code: WidgetFailureCode,
    readonly widget: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

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
      throw refused
        ? new WidgetLoadError('WIDGET-INTEGRITY', id, refused, { cause })
        : new WidgetLoadError('WIDGET-LOAD', id, `could not load ${entry}: ${describeError(cause)}`, { cause });
    }),
    timeoutMs,
    () => new WidgetLoadError('WIDGET-TIMEOUT', id, `no answer from ${entry} within ${timeoutMs} ms`),
  );
  if (!isWidgetModule(loaded)) {
    throw new WidgetLoadError('WIDGET-SHAPE', id, `${container}/widget does not export { tagName, define }`);
  }
  try {
    if (!customElements.get(loaded.tagName)) loaded.define();
  } catch (cause) {
    throw new WidgetLoadError('WIDGET-DEFINE', id, `defining <${loaded.tagName}> threw: ${describeError(cause)}`, { cause });
  }
  return loaded;
}
