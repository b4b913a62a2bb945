import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** gateway-config/ at the repository root, where the Janus and lab templates live. */
export const GATEWAY_CONFIG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../gateway-config');

export class MissingTemplateValueError extends Error {
  override name = 'MissingTemplateValueError';
  constructor(
    readonly file: string,
    readonly key: string,
  ) {
    super(`${file} needs a value for \${${key}}; pass it in the template values`);
  }
}

/** Replaces every `${NAME}` in `text`; a name without a value is an error, never an empty string. */
export function renderTemplate(text: string, values: Record<string, string | number>, file = 'template'): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new MissingTemplateValueError(file, key);
    return String(value);
  });
}

/**
 * Renders every file of a gateway-config/ subfolder into a fresh temp folder (the servers get a
 * folder of their own, so parallel runs never share a config or a port).
 */
export async function renderConfigFolder(subfolder: string, values: Record<string, string | number>, prefix: string): Promise<string> {
  const target = await mkdtemp(join(tmpdir(), `patchbay-${prefix}-`));
  const source = join(GATEWAY_CONFIG_DIR, subfolder);
  for (const name of await readdir(source)) {
    if (name.endsWith('.md')) continue;
    const text = await readFile(join(source, name), 'utf8');
    // Configs carry secrets (token secrets, SIP passwords): readable by this user only.
    await writeFile(join(target, name), renderTemplate(text, { ...values, CONFIG_DIR: target }, name), { mode: 0o600 });
  }
  return target;
}
