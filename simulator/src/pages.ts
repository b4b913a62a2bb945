/** The simulator's two pages: the agent console (framing the softphone) and the call center admin page. */
import { LIGHTNING_SEARCH_RESULTS, type OrgBehaviour } from './org-behaviour.js';
import type { SimRecord } from './records.js';

export type ConsoleMode = 'Lightning' | 'Classic';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The adapter URL as Salesforce frames it: Lightning appends `sfdcIframeOrigin` and
 * `mode=Lightning`; Classic appends `sfdcIFrameOrigin`, capital F, and no mode (as Salesforce's
 * framed Classic URLs show by example).
 */
export function framedShellUrl(shellUrl: string, origin: string, mode: ConsoleMode): string {
  const url = new URL(shellUrl);
  if (mode === 'Lightning') {
    url.searchParams.set('sfdcIframeOrigin', origin);
    url.searchParams.set('mode', 'Lightning');
  } else {
    url.searchParams.set('sfdcIFrameOrigin', origin);
  }
  return url.href;
}

/**
 * The standby softphone, framed as the adapter is, and when to switch to it: reqStandbyUrl and
 * reqTimeout go together (Optional Call Center Elements and Attributes); without both, none.
 */
export function standbyFrame(settings: Record<string, string>, origin: string, mode: ConsoleMode): { src: string; timeoutMs: number } | null {
  const url = settings['/reqGeneralInfo/reqStandbyUrl']?.trim() ?? '';
  const timeoutMs = Number(settings['/reqGeneralInfo/reqTimeout']);
  if (url === '' || !Number.isInteger(timeoutMs) || timeoutMs <= 0) return null;
  return { src: framedShellUrl(url, origin, mode), timeoutMs };
}

export function consolePage(input: { origin: string; shellUrl: string; mode: ConsoleMode; records: readonly SimRecord[]; settings: Record<string, string> }): string {
  const src = framedShellUrl(input.shellUrl, input.origin, input.mode);
  const standby = standbyFrame(input.settings, input.origin, input.mode);
  const config = JSON.stringify({ origin: input.origin, shellOrigin: new URL(input.shellUrl).origin, mode: input.mode, standby }).replace(/</g, '\\u003c');
  const rows = input.records
    .map(
      (r) => `<li class="record" data-id="${escapeHtml(r.Id)}">
        <a href="#" class="record-name" data-record-id="${escapeHtml(r.Id)}">${escapeHtml(r.Name)}</a>
        <span class="object-type">${escapeHtml(r.objectType)}</span>
        ${r.Phone === undefined ? '' : `<a href="#" class="phone" data-number="${escapeHtml(r.Phone)}" data-record-id="${escapeHtml(r.Id)}">${escapeHtml(r.Phone)}</a>`}
      </li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Salesforce (simulated) · ${input.mode}</title>
<link rel="stylesheet" href="/simulator.css"></head>
<body class="mode-${input.mode.toLowerCase()}">
<header>
  <strong>Salesforce simulator</strong>
  <nav>Experience:
    <a id="mode-lightning" href="/?mode=Lightning"${input.mode === 'Lightning' ? ' aria-current="page"' : ''}>Lightning</a>
    <a id="mode-classic" href="/?mode=Classic"${input.mode === 'Classic' ? ' aria-current="page"' : ''}>Classic</a>
    · <a href="/admin">Call center settings</a>
  </nav>
  <span id="click-to-dial-state">Click-to-dial off</span>
</header>
<main>
  <section id="records"><h2>Contacts, accounts, leads and cases</h2><ul>${rows}</ul></section>
  <section id="page" aria-live="polite"><h2>Home</h2></section>
  <section id="activity">
    <h2>Screen pops</h2><ol id="pops"></ol>
    <h2>Tasks</h2><ol id="tasks"></ol>
  </section>
</main>
<aside id="softphone-panel" hidden>
  <div id="panel-header"><span id="panel-icon"></span> <span id="panel-label">Phone</span> <span id="softphone-loading">Loading…</span></div>
  <iframe id="softphone" title="Softphone" src="${escapeHtml(src)}" allow="microphone; autoplay"></iframe>
</aside>
<footer id="utility-bar"><button id="utility-item" type="button"><span id="item-icon"></span> <span id="item-label">Phone</span></button></footer>
<script id="sim-config" type="application/json">${config}</script>
<script src="/console.js"></script>
</body></html>`;
}

export interface CallCenterView {
  callCenter: string;
  /** Every call center of the org, to switch between. */
  callCenters: readonly string[];
  /** The users in this call center. */
  members: readonly string[];
  settings: Record<string, string>;
}

export function adminPage({ callCenter, callCenters, members, settings }: CallCenterView, behaviour: OrgBehaviour): string {
  const shapes = LIGHTNING_SEARCH_RESULTS.map(
    (shape) =>
      `<option value="${shape}"${shape === behaviour.lightningSearchResults ? ' selected' : ''}>${shape === 'RecordType' ? '{ Id, LastModifiedDate, Name, RecordType }' : '{ Name, object, displayName }'}</option>`,
  ).join('');
  const fields = Object.entries(settings)
    .map(([key, value]) => {
      const id = `setting-${key.replace(/[^A-Za-z0-9]/g, '-')}`;
      const input = `<input type="text" id="${id}" data-key="${escapeHtml(key)}" value="${escapeHtml(value)}" size="60">`;
      return `<p><label for="${id}"><code>${escapeHtml(key)}</code></label> ${input}</p>`;
    })
    .join('\n');
  const switcher = callCenters.map((name) => `<a href="/admin?callCenter=${encodeURIComponent(name)}"${name === callCenter ? ' aria-current="page"' : ''}>${escapeHtml(name)}</a>`).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Call center settings (simulated)</title>
<link rel="stylesheet" href="/simulator.css"></head>
<body>
<header><strong>Setup › Call Centers › ${escapeHtml(callCenter)}</strong> <nav>${switcher} · <a href="/">Back to the console</a></nav></header>
<p id="call-center-users">Call center users: ${members.length === 0 ? 'none' : members.map((user) => `<code>${escapeHtml(user)}</code>`).join(', ')}</p>
<form id="settings" data-call-center="${escapeHtml(callCenter)}">${fields}<p><button type="submit" id="save-settings">Save</button> <span id="saved" role="status"></span></p></form>
<h2>Simulated org</h2>
<form id="behaviour">
  <p><label for="lightning-search-results">Lightning search results (searchAndScreenPop) answer each match as</label>
  <select id="lightning-search-results" data-behaviour="lightningSearchResults">${shapes}</select></p>
  <p><button type="submit" id="save-behaviour">Save</button> <span id="behaviour-saved" role="status"></span></p>
</form>
<script src="/admin.js"></script>
</body></html>`;
}
