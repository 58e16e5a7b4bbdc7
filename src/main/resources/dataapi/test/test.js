'use strict';
// The forms, the table and the chart come from /test/endpoints.json, which the server derives from
// its endpoint definitions. Everything shown is set with textContent: response data is never parsed
// as HTML.

const byId = id => document.getElementById(id);
const output = byId('output');
const status = byId('status');
let chart = null;

function element(tag, properties, children) {
  const node = Object.assign(document.createElement(tag), properties || {});
  (children || []).forEach(child => node.append(child));
  return node;
}

function selectedFamily() {
  return document.querySelector('input[name=family]:checked').value;
}

// Spaces around a date, a time or a number are a slip of the keyboard, which the API would refuse; in a
// string they can be the value itself, which is sent as typed.
const SPACELESS_FORMATS = ['date', 'timestamp', 'timestamptz', 'integer', 'decimal', 'digits'];

// By namedItem: form.elements[name] is the collection's own member for a name such as length or item.
function inputOf(form, parameter) {
  return form.elements.namedItem(parameter.name);
}

function valueOf(form, parameter) {
  const value = inputOf(form, parameter).value;
  return SPACELESS_FORMATS.includes(parameter.format) ? value.trim() : value;
}

// The browser resolves a path segment . or .. before it sends the URL, spelled with %2E too, so no
// encoding keeps one: the request would go to another path. No clerk or number is . or ..; a text
// parameter's can only be sent another way, with curl say.
function dotSegmentParameter(endpoint, form) {
  return endpoint.parameters.find(parameter => parameter.in === 'path' && ['.', '..'].includes(valueOf(form, parameter)));
}

function requestPath(endpoint, form) {
  let path = endpoint.path;
  const query = new URLSearchParams();
  endpoint.parameters.forEach(parameter => {
    const value = valueOf(form, parameter);
    if (parameter.in === 'path') {
      path = path.replace('{' + parameter.name + '}', encodeURIComponent(value));
    } else if (value !== '') {
      query.append(parameter.name, value);
    }
  });
  const search = query.toString();
  return '/' + selectedFamily() + path + (search ? '?' + search : '');
}

// Set once /session names who is signed in: outside the browser, the API then wants a token.
let signedIn = false;

// Single quotes keep every character of the URL literal in a POSIX shell. Signed in, the browser's
// cookie is no use to curl: the command takes an access token from POST /oauth/token, as $TOKEN.
function curlCommand(url) {
  const authorization = signedIn ? ` -H "Authorization: Bearer $TOKEN"` : '';
  return "curl -sS" + authorization + " '" + url.replace(/'/g, "'\\''") + "'";
}

function setStatus(text, kind) {
  status.textContent = text;
  status.className = kind || '';
}

function clearResults() {
  setStatus('');
  ['request', 'error', 'chart-box', 'table-box', 'raw'].forEach(id => { byId(id).hidden = true; });
  byId('error').textContent = '';
  output.textContent = '';
  byId('table').tHead.replaceChildren();
  byId('table').tBodies[0].replaceChildren();
  if (chart) {
    chart.destroy();
    chart = null;
  }
  document.querySelectorAll('.field-error').forEach(node => { node.textContent = ''; node.hidden = true; });
  document.querySelectorAll('[aria-invalid]').forEach(node => node.removeAttribute('aria-invalid'));
}

// What Server-Timing says of the warehouse: the query's time, or that the result cache answered.
function queryTiming(response) {
  const timing = response.headers.get('Server-Timing') || '';
  const query = /query;dur=([0-9.]+)/.exec(timing);
  if (query) {
    return 'query ' + Number(query[1]) + ' ms';
  }
  return /cache;desc=hit/.test(timing) ? 'from the cache' : null;
}

async function submit(endpoint, form) {
  clearResults();
  const dotSegment = dotSegmentParameter(endpoint, form);
  if (dotSegment) {
    setStatus('Not sent.', 'failed');
    showError(form, dotSegment.name + ' cannot be "' + valueOf(form, dotSegment) + '" in a URL path: the browser would call another path.', [dotSegment]);
    return;
  }
  const path = requestPath(endpoint, form);
  const url = new URL(path, window.location.href).href;
  byId('request-url').textContent = url;
  byId('curl').textContent = curlCommand(url);
  byId('request').hidden = false;
  setStatus('Getting Data…');
  const started = performance.now();
  let response;
  let text;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' } });
    text = await response.text();
  } catch (failure) {
    setStatus('The request failed: ' + failure, 'failed');
    return;
  }
  const millis = Math.round(performance.now() - started);
  const query = queryTiming(response);
  let body = null;
  try {
    body = parseKeepingNumbers(text);
  } catch (notJson) {
    body = null;
  }
  output.textContent = text;
  byId('raw').hidden = false;
  const rows = response.ok && Array.isArray(body) ? body : null;
  setStatus([response.status + ' ' + response.statusText, millis + ' ms',
    query,
    rows === null ? null : rows.length + (rows.length === 1 ? ' row' : ' rows')].filter(Boolean).join(' · '),
    response.ok ? 'ok' : 'failed');
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : text;
    showError(form, message, endpoint.parameters.filter(parameter => parameter.errors.includes(message)));
  } else if (rows !== null) {
    showTable(endpoint.columns, rows);
    showChart(endpoint.columns, rows);
  }
  // On a narrow screen the results are below the forms: bring them into view.
  if (window.matchMedia('(max-width: 48rem)').matches) {
    status.scrollIntoView();
  }
}

// The message beside the inputs of the parameters it is about (for the API's, those that declare
// it); the results show it too.
function showError(form, message, parameters) {
  const error = byId('error');
  error.textContent = message;
  error.hidden = false;
  parameters.forEach(parameter => {
    const input = inputOf(form, parameter);
    input.setAttribute('aria-invalid', 'true');
    const beside = byId(input.id + '-error');
    beside.textContent = message;
    beside.hidden = false;
  });
}

// JSON.parse reads 12.50 as 12.5 and rounds integers past 2^53: numbers are kept as the text the
// server wrote (its decimals are exact), each turned into a string before parsing. Strings are
// matched first, whole, so digits inside them stay as they are.
const JSON_STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function parseKeepingNumbers(text) {
  return JSON.parse(text.replace(JSON_STRING_OR_NUMBER, token => token.startsWith('"') ? token : '"' + token + '"'));
}

function cellText(value) {
  return value === null || value === undefined ? '' : String(value);
}

function showTable(columns, rows) {
  const table = byId('table');
  table.tHead.append(element('tr', {}, columns.map(column =>
    element('th', { scope: 'col', textContent: column.name, className: column.type }))));
  const body = table.tBodies[0];
  if (rows.length === 0) {
    body.append(element('tr', {}, [element('td', { colSpan: columns.length, textContent: 'No rows.' })]));
  }
  rows.forEach(row => body.append(element('tr', {}, columns.map(column =>
    element('td', { textContent: cellText(row[column.name]), className: column.type })))));
  byId('table-box').hidden = false;
}

// From the columns alone: the last money column (else the last decimal one, else the last double
// one, else the last integer one) is the measure, and the nearest column before it that is not a
// measure labels the bars.
function chartPlan(columns) {
  const numeric = type => columns.map(column => column.type).lastIndexOf(type);
  const measureIndex = ['money', 'decimal', 'double', 'integer'].map(numeric).find(index => index >= 0) ?? -1;
  if (measureIndex <= 0) {
    return null;
  }
  const measure = columns[measureIndex];
  const label = columns.slice(0, measureIndex).reverse().find(column => column.type !== measure.type) || columns[measureIndex - 1];
  return { label, measure };
}

function showChart(columns, rows) {
  const plan = chartPlan(columns);
  if (plan === null || rows.length === 0 || typeof Chart === 'undefined') {
    return;
  }
  byId('chart-box').hidden = false;
  chart = new Chart(byId('chart'), {
    type: 'bar',
    data: {
      labels: rows.map(row => String(row[plan.label.name])),
      datasets: [{ label: plan.measure.name, data: rows.map(row => Number(row[plan.measure.name])), backgroundColor: '#3d6bc4' }]
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        title: { display: true, text: plan.measure.name + ' by ' + plan.label.name }
      },
      scales: {
        x: { title: { display: true, text: plan.label.name } },
        y: { title: { display: true, text: plan.measure.name }, beginAtZero: true }
      }
    }
  });
}

function familyChoice(family, index, endpoints) {
  const input = element('input', { type: 'radio', name: 'family', value: family, checked: index === 0 });
  input.addEventListener('change', () => showFormsOf(family, endpoints));
  return element('label', {}, [input, ' ' + family]);
}

// An endpoint declared with SQL alone is served by the connector family only.
function showFormsOf(family, endpoints) {
  endpoints.forEach(endpoint => { byId('form-' + endpoint.id).hidden = !endpoint.families.includes(family); });
}

// The keyboard a phone shows for a number. A text input all the same: a type=number input, which browsers
// localize, has an empty value for text it does not read as a number, rather than the text the API would explain.
const INPUT_MODES = { integer: 'numeric', digits: 'numeric', decimal: 'decimal' };

// A required parameter starts at its example, one with a default at the default. An optional one starts
// empty, with its example as the placeholder: an empty field is left out of the request, as the API has it.
function field(endpoint, parameter) {
  const id = endpoint.id + '-' + parameter.name;
  const optional = !parameter.required && parameter.default === undefined;
  const input = element('input', {
    type: 'text', id, name: parameter.name, required: parameter.required, autocomplete: 'off',
    value: optional ? '' : parameter.default || parameter.example || '', placeholder: parameter.example,
    inputMode: INPUT_MODES[parameter.format] || 'text'
  });
  input.setAttribute('aria-describedby', id + '-help ' + id + '-error');
  const help = parameter.description + (parameter.default ? ' Default ' + parameter.default + '.' : '')
    + (optional ? ' Optional: left empty, it is not sent.' : '');
  return element('div', { className: 'field' }, [
    element('label', { htmlFor: id, textContent: parameter.name }),
    input,
    element('p', { id: id + '-help', className: 'help', textContent: help }),
    element('p', { id: id + '-error', className: 'field-error', hidden: true })
  ]);
}

function endpointForm(endpoint) {
  const form = element('form', { id: 'form-' + endpoint.id }, [
    element('h2', { textContent: endpoint.title }),
    element('p', { className: 'path', textContent: 'GET /' + (endpoint.families.length === 1 ? endpoint.families[0] : '{family}') + endpoint.path })
  ]);
  endpoint.parameters.forEach(parameter => form.append(field(endpoint, parameter)));
  form.append(element('button', { type: 'submit', textContent: 'Submit' }));
  form.addEventListener('submit', event => {
    event.preventDefault();
    submit(endpoint, form);
  });
  return form;
}

async function copyCurl() {
  const button = byId('copy-curl');
  try {
    await navigator.clipboard.writeText(byId('curl').textContent);
    button.textContent = 'Copied';
  } catch (refused) {
    // Without clipboard access, select the command so that it can be copied by hand.
    window.getSelection().selectAllChildren(byId('curl'));
    button.textContent = 'Selected';
  }
  setTimeout(() => { button.textContent = 'Copy'; }, 1500);
}

async function start() {
  byId('clear').addEventListener('click', clearResults);
  byId('copy-curl').addEventListener('click', copyCurl);
  const catalog = await (await fetch('/test/endpoints.json')).json();
  const families = byId('families');
  catalog.families.forEach((family, index) => families.append(familyChoice(family, index, catalog.endpoints)));
  const forms = byId('forms');
  catalog.endpoints.forEach(endpoint => forms.append(endpointForm(endpoint)));
  showFormsOf(selectedFamily(), catalog.endpoints);
}

start();

// With built-in authentication, /session names the logged-in user; other modes have no sessions.
(async function showSession() {
  const response = await fetch('/session', { headers: { Accept: 'application/json' } });
  if (response.ok) {
    const session = await response.json();
    signedIn = true;
    document.getElementById('signed-in').textContent = 'Signed in as ' + session.user + ' (' + session.role + ')';
    document.getElementById('session').hidden = false;
  }
})();
