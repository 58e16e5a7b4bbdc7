'use strict';
// The forms come from /test/endpoints.json, which the server derives from its endpoint definitions.
// Everything shown is set with textContent: response data is never parsed as HTML.

const output = document.getElementById('output');
const status = document.getElementById('status');

function element(tag, properties, children) {
  const node = Object.assign(document.createElement(tag), properties || {});
  (children || []).forEach(child => node.append(child));
  return node;
}

function selectedFamily() {
  return document.querySelector('input[name=family]:checked').value;
}

function requestUrl(endpoint, form) {
  let path = endpoint.path;
  const query = new URLSearchParams();
  endpoint.parameters.forEach(parameter => {
    const value = form.elements[parameter.name].value.trim();
    if (parameter.in === 'path') {
      path = path.replace('{' + parameter.name + '}', encodeURIComponent(value));
    } else if (value !== '') {
      query.append(parameter.name, value);
    }
  });
  const search = query.toString();
  return '/' + selectedFamily() + path + (search ? '?' + search : '');
}

async function submit(endpoint, form) {
  const url = requestUrl(endpoint, form);
  output.textContent = '';
  output.classList.remove('error');
  status.textContent = 'Getting Data';
  const started = performance.now();
  try {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await response.json();
    const millis = Math.round(performance.now() - started);
    status.textContent = `GET ${url} → ${response.status} in ${millis} ms`;
    if (!response.ok) {
      output.classList.add('error');
      output.textContent = body.error || JSON.stringify(body, null, 2);
    } else {
      output.textContent = JSON.stringify(body, null, 2);
    }
  } catch (failure) {
    status.textContent = `GET ${url} failed`;
    output.classList.add('error');
    output.textContent = String(failure);
  }
}

function familyChoice(family, index) {
  const input = element('input', { type: 'radio', name: 'family', value: family, checked: index === 0 });
  return element('label', {}, [input, ' ' + family]);
}

function endpointForm(endpoint) {
  const form = element('form', { id: 'form-' + endpoint.id }, [element('h2', { textContent: endpoint.title })]);
  endpoint.parameters.forEach(parameter => {
    const input = element('input', {
      type: 'text', name: parameter.name, title: parameter.description,
      value: parameter.in === 'query' ? (parameter.default || '') : '',
      placeholder: parameter.example
    });
    form.append(element('label', {}, [parameter.name + ' ', input]));
  });
  form.append(element('button', { type: 'submit', textContent: 'Submit' }));
  form.addEventListener('submit', event => {
    event.preventDefault();
    submit(endpoint, form);
  });
  return form;
}

async function start() {
  document.getElementById('clear').addEventListener('click', () => {
    output.textContent = '';
    output.classList.remove('error');
    status.textContent = '';
  });
  const catalog = await (await fetch('/test/endpoints.json')).json();
  const families = document.getElementById('families');
  catalog.families.forEach((family, index) => families.append(familyChoice(family, index)));
  const forms = document.getElementById('forms');
  catalog.endpoints.forEach(endpoint => forms.append(endpointForm(endpoint)));
}

start();

// With built-in authentication, /session names the logged-in user; other modes have no sessions.
(async function showSession() {
  const response = await fetch('/session', { headers: { Accept: 'application/json' } });
  if (response.ok) {
    const session = await response.json();
    document.getElementById('signed-in').textContent = 'Signed in as ' + session.user + ' (' + session.role + ')';
    document.getElementById('session').hidden = false;
  }
})();
