import { SALESFORCE_DOMAIN_SUFFIXES } from '@patchbay/opencti';

/**
 * What the shell's Content-Security-Policy allows beyond the shell's own origin. Whoever serves
 * the shell's page computes it when the page is requested: the page is static and loads before it
 * reads the deploy manifest, whose widget origins change with each publish.
 */
export interface ShellPolicySources {
  /** Origins the deploy manifest's widget entries (and so their chunks) are served from. */
  widgetOrigins: readonly string[];
  /** Origins the shell may load Open CTI from besides Salesforce's: its deployment.json's allowedSalesforceOrigins. */
  openCtiOrigins: readonly string[];
}

/** Salesforce's domains as host sources: `https://*.force.com` covers every host under force.com, as the Open CTI loader's check does. */
const SALESFORCE_SOURCES = SALESFORCE_DOMAIN_SUFFIXES.map((suffix) => `https://*${suffix}`);

/** An http(s) origin exactly (so nothing else can ride into the policy), or a thrown error. */
function origin(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== value) {
    throw new Error(`${JSON.stringify(value)} is not an http(s) origin: it cannot go into the shell's Content-Security-Policy`);
  }
  return value;
}

/**
 * The policy for the shell's page: scripts only from the shell's origin, the widgets' origins and
 * Open CTI's; no inline script, no eval, no plugins, no <base>.
 */
export function shellContentSecurityPolicy({ widgetOrigins, openCtiOrigins }: ShellPolicySources): string {
  const scripts = new Set(["'self'", ...widgetOrigins.map(origin), ...SALESFORCE_SOURCES, ...openCtiOrigins.map(origin)]);
  return [
    "default-src 'self'",
    `script-src ${[...scripts].join(' ')}`,
    // The page's own <style> block needs it, and widgets, built and shipped by other teams, may
    // add <style> elements (Stencil does where a browser lacks constructable stylesheets), whose
    // hashes no one here knows. CSS runs no script.
    "style-src 'self' 'unsafe-inline'",
    // The page's icon is a data: URL.
    "img-src 'self' data:",
    // The bus and the gateway are wherever the call center settings say (read inside Salesforce,
    // not by this server). Code that runs in the page can reach the agent's bus anyway, so
    // narrowing this would not keep data in; what the policy guards is which code runs.
    'connect-src *',
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}
