// Admin page: saves the edited call center settings (getCallCenterSettings returns them after a
// reload) and the simulated org's behaviour (which documented form its answers take).
'use strict';
function saveOn(formId, statusId, path, read) {
  document.getElementById(formId).addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await fetch(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(read()) });
    document.getElementById(statusId).textContent = response.ok ? 'Saved' : `Not saved: HTTP ${response.status}`;
  });
}
var callCenter = document.getElementById('settings').dataset.callCenter;
saveOn('settings', 'saved', `/api/settings?callCenter=${encodeURIComponent(callCenter)}`, () => {
  const settings = {};
  for (const input of document.querySelectorAll('[data-key]')) {
    settings[input.dataset.key] = input.value;
  }
  return settings;
});
saveOn('behaviour', 'behaviour-saved', '/api/behaviour', () => {
  const behaviour = {};
  for (const input of document.querySelectorAll('[data-behaviour]')) behaviour[input.dataset.behaviour] = input.value;
  return behaviour;
});
