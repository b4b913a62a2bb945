import { describe, expect, it } from 'vitest';
import { extraAllowedOrigins } from '../../shell/src/host/allowed-origins.js';

/** The deployment file as a shell origin serves it, and the URLs asked for. */
function deployment(body: unknown, status = 200): { fetch: typeof fetch; asked: string[] } {
  const asked: string[] = [];
  const fetchImpl = ((url: URL | string) => {
    asked.push(String(url));
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  }) as typeof fetch;
  return { fetch: fetchImpl, asked };
}

const shellAt = (framing: string): Pick<Location, 'search' | 'href'> => {
  const search = `?mode=Lightning&sfdcIframeOrigin=${encodeURIComponent(framing)}`;
  return { search, href: `https://softphone.example.com/${search}` };
};

describe('the origins the deployment allows to frame the shell', () => {
  it("does not read the deployment file when Salesforce's own origin frames the shell", async () => {
    const file = deployment({ allowedSalesforceOrigins: ['https://127.0.0.1:5181'] });
    expect(await extraAllowedOrigins(shellAt('https://acme.lightning.force.com'), file.fetch)).toEqual([]);
    expect(file.asked).toEqual([]);
  });

  it('reads the file for any other origin, and keeps only strings', async () => {
    const file = deployment({ allowedSalesforceOrigins: ['https://127.0.0.1:5181', 42] });
    expect(await extraAllowedOrigins(shellAt('https://127.0.0.1:5181'), file.fetch)).toEqual(['https://127.0.0.1:5181']);
    expect(file.asked).toEqual(['https://softphone.example.com/deployment.json']);
  });

  it('reads the file for an origin posing as Salesforce over http, or under a look-alike domain', async () => {
    for (const framing of ['http://acme.lightning.force.com', 'https://lightning.force.com.evil.example']) {
      const file = deployment({});
      expect(await extraAllowedOrigins(shellAt(framing), file.fetch)).toEqual([]);
      expect(file.asked).toHaveLength(1);
    }
  });

  it('allows none when the file is absent, and says so when it cannot be read', async () => {
    expect(await extraAllowedOrigins(shellAt('https://127.0.0.1:5181'), deployment({}, 404).fetch)).toEqual([]);
    await expect(extraAllowedOrigins(shellAt('https://127.0.0.1:5181'), deployment({}, 500).fetch)).rejects.toThrow(/could not read deployment.json: HTTP 500/);
  });
});
