'use strict';
// The exchange and the call run in the local dataapi client process; this page only shows them.
// Everything shown is set with textContent: nothing from a server is parsed as HTML.

const steps = document.getElementById('steps');
const error = document.getElementById('error');
const result = document.getElementById('result');
const table = document.getElementById('table');

function step(text) {
  steps.append(Object.assign(document.createElement('li'), { textContent: text }));
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    throw new Error(json.error || ('HTTP ' + response.status));
  }
  return json;
}

function showTable(data) {
  const head = table.querySelector('thead');
  const body = table.querySelector('tbody');
  head.replaceChildren();
  body.replaceChildren();
  if (!data) {
    table.hidden = true;
    return;
  }
  const header = document.createElement('tr');
  data.columns.forEach(name => header.append(Object.assign(document.createElement('th'), { textContent: name })));
  head.append(header);
  data.rows.forEach(row => {
    const line = document.createElement('tr');
    row.forEach(cell => line.append(Object.assign(document.createElement('td'), { textContent: cell })));
    body.append(line);
  });
  table.hidden = false;
}

async function fetchIt(event) {
  event.preventDefault();
  const form = event.target;
  steps.replaceChildren();
  error.textContent = '';
  result.textContent = '';
  showTable(null);
  const button = document.getElementById('fetch');
  button.disabled = true;
  try {
    step('Trading PAT for Token...');
    const { ticket } = await post('/api/token', {
      account_url: form.account_url.value.trim(),
      role: form.role.value.trim(),
      pat: form.pat.value.trim(),
      url: form.url.value.trim(),
    });
    step('Getting data...');
    const data = await post('/api/data', { ticket, url: form.url.value.trim() });
    result.textContent = data.pretty;
    showTable(data.table);
  } catch (e) {
    error.textContent = e.message;
  } finally {
    button.disabled = false;
  }
}

(async function start() {
  const config = await (await fetch('/api/config', { headers: { Accept: 'application/json' } })).json();
  if (config.patFound) {
    document.getElementById('pat-field').hidden = true;
    const found = document.getElementById('pat-found');
    found.textContent = 'Using the PAT in ' + config.patFile + '.';
    found.hidden = false;
  }
  document.getElementById('request').addEventListener('submit', fetchIt);
  document.body.dataset.ready = 'true';
})();
