// Admin page: saves the edited call center settings; getCallCenterSettings returns them after a reload.
'use strict';
document.getElementById('settings').addEventListener('submit', async (event) => {
  event.preventDefault();
  const settings = {};
  for (const input of document.querySelectorAll('[data-key]')) {
    settings[input.dataset.key] = input.type === 'checkbox' ? String(input.checked) : input.value;
  }
  const response = await fetch('/api/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
  document.getElementById('saved').textContent = response.ok ? 'Saved' : `Not saved: HTTP ${response.status}`;
});
