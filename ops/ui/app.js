// The console's only script: live regions, the actor page's watch, forms that
// change things (with their CSRF token and a confirmation where it destroys),
// the event preview and the replay slider. Pages render on the server; this
// only fetches their regions again.
const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

function toast(text, tone = 'ok') {
  const node = document.createElement('div');
  node.className = `toast ${tone}`;
  node.setAttribute('role', 'status');
  node.id = 'toast';
  node.textContent = text;
  document.getElementById('toast')?.remove();
  document.body.append(node);
  setTimeout(() => node.remove(), tone === 'ok' ? 3500 : 8000);
}

function fragmentUrl(name, base = location.pathname + location.search) {
  return `${base}${base.includes('?') ? '&' : '?'}fragment=${encodeURIComponent(name)}`;
}

async function fetchFragment(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
  if (response.status === 401) {
    location.href = `/ops/login?next=${encodeURIComponent(location.pathname + location.search)}`;
    throw new Error('logged out');
  }
  if (!response.ok) throw new Error(`${response.status}`);
  return response.text();
}

/** Replaces a region's content, keeping the <details> a person opened open. */
function swap(region, markup) {
  if (region.innerHTML === markup) return;
  const open = [...region.querySelectorAll('details')].map((node) => node.open);
  region.innerHTML = markup;
  const fresh = region.querySelectorAll('details');
  if (fresh.length === open.length) fresh.forEach((node, i) => (node.open = open[i]));
  bindForms(region);
}

async function refresh(region) {
  const dot = document.querySelector('.live-dot');
  try {
    swap(region, await fetchFragment(fragmentUrl(region.dataset.fragment)));
    dot?.classList.remove('stale');
  } catch {
    dot?.classList.add('stale');
  }
}

function startRefreshing() {
  for (const region of document.querySelectorAll('[data-refresh][data-fragment]')) {
    const every = Number(region.dataset.refresh) || 2000;
    setInterval(() => {
      if (!document.hidden) void refresh(region);
    }, every);
  }
}

function confirmWith(text) {
  const dialog = document.getElementById('confirm');
  if (!dialog || typeof dialog.showModal !== 'function') return Promise.resolve(window.confirm(text));
  document.getElementById('confirm-text').textContent = text;
  dialog.showModal();
  return new Promise((resolve) => {
    const done = (answer) => {
      dialog.close();
      yes.removeEventListener('click', onYes);
      no.removeEventListener('click', onNo);
      resolve(answer);
    };
    const yes = document.getElementById('confirm-yes');
    const no = document.getElementById('confirm-no');
    const onYes = () => done(true);
    const onNo = () => done(false);
    yes.addEventListener('click', onYes);
    no.addEventListener('click', onNo);
  });
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify(body),
  });
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = { message: `${response.status}` };
  }
  return { ok: response.ok, status: response.status, data };
}

function describeError(data) {
  return `${data.message ?? 'refused'}${data.reason ? ` (${data.reason})` : ''}`;
}

function fieldsOf(form) {
  const body = {};
  for (const [name, value] of new FormData(form)) body[name] = value;
  return body;
}

async function refreshAll() {
  await Promise.all([...document.querySelectorAll('[data-fragment]')].filter((region) => region.dataset.fragment !== 'live').map(refresh));
  await watcher?.reload();
}

function bindForms(root = document) {
  for (const form of root.querySelectorAll('form[data-action]')) {
    if (form.dataset.bound || form.id === 'event-form') continue;
    form.dataset.bound = '1';
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (form.dataset.confirm && !(await confirmWith(form.dataset.confirm))) return;
      const button = form.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      const { ok, data } = await post(form.dataset.action, fieldsOf(form));
      if (button) button.disabled = false;
      toast(ok ? 'Done.' : describeError(data), ok ? 'ok' : 'bad');
      if (ok) await refreshAll();
    });
  }
}

/** The event composer: preview (a diff computed by the server), then send based on the previewed version. */
function bindComposer() {
  const form = document.getElementById('event-form');
  if (!form) return;
  const send = document.getElementById('send-button');
  const hint = document.getElementById('composer-hint');
  const target = document.getElementById('preview');
  const expect = document.getElementById('event-expect');
  const eventOf = () => {
    const type = form.elements.type.value;
    let fields;
    try {
      fields = JSON.parse(form.elements.fields.value || '{}');
    } catch (error) {
      throw new Error(`the fields are not valid JSON: ${error.message}`);
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new Error('the fields must be a JSON object');
    return { ...fields, type };
  };
  const invalidate = (why) => {
    send.disabled = true;
    hint.textContent = why;
  };
  form.elements.fields.addEventListener('input', () => invalidate('Changed: preview again.'));
  form.elements.type.addEventListener('change', () => invalidate('Changed: preview again.'));
  // The event the form describes, or undefined after telling why it is not one.
  const eventOrToast = () => {
    try {
      return eventOf();
    } catch (error) {
      toast(error.message, 'bad');
      return undefined;
    }
  };
  document.getElementById('preview-button').addEventListener('click', async () => {
    const event = eventOrToast();
    if (!event) return;
    const { ok, data } = await post(form.dataset.preview, { event });
    target.replaceChildren();
    if (!ok) {
      toast(describeError(data), 'bad');
      return;
    }
    expect.value = String(data.version);
    if (!data.ok) {
      const p = document.createElement('p');
      p.className = 'badge bad';
      p.id = 'preview-refusal';
      p.textContent = `refused: ${data.refusal.code}: ${data.refusal.message}`;
      target.append(p);
      invalidate('The actor would refuse this event.');
      return;
    }
    const table = document.createElement('table');
    table.id = 'preview-diff';
    for (const change of data.changes.length ? data.changes : [{ path: '(nothing)', kind: 'changed', before: '', after: 'no change to the state' }]) {
      const row = table.insertRow();
      row.insertCell().textContent = change.path;
      const cell = row.insertCell();
      if (change.kind !== 'added') {
        const before = document.createElement('span');
        before.className = 'before';
        before.textContent = JSON.stringify(change.before);
        cell.append(before, ' ');
      }
      if (change.kind !== 'removed') {
        const after = document.createElement('span');
        after.className = 'after';
        after.textContent = JSON.stringify(change.after);
        cell.append(after);
      }
    }
    const effects = document.createElement('p');
    effects.className = 'hint';
    effects.textContent = `Effects: ${data.effects.sends} message(s) to other actors, ${data.effects.emits} public event(s), ${data.effects.notifies} notification(s), ${data.effects.records} history row(s), ${data.effects.timers} timer change(s). Based on version ${data.version}.`;
    target.append(table, effects);
    send.disabled = false;
    hint.textContent = `Ready to send, based on version ${data.version}.`;
  });
  form.addEventListener('submit', async (submitted) => {
    submitted.preventDefault();
    const event = eventOrToast();
    if (!event) return;
    if (!(await confirmWith(`Send "${event.type}" to this actor, based on version ${expect.value}?`))) return;
    send.disabled = true;
    const { ok, data } = await post(form.dataset.action, { event, expect: expect.value });
    if (!ok) {
      toast(describeError(data), 'bad');
      invalidate('Refused: nothing changed. Preview again.');
      return;
    }
    toast(`Applied: now version ${data.reply.version}.`, 'ok');
    target.replaceChildren();
    invalidate('Sent. Preview the next one.');
    await watcher?.reload();
  });
}

/** The actor page follows its actor: a new version (from any node) reloads the live region within a moment. */
let watcher = null;
function watchActor() {
  const root = document.querySelector('[data-watch]');
  if (!root) return;
  const address = root.dataset.watch;
  let version = Number(root.dataset.version);
  const region = root.querySelector('[data-fragment="live"]');
  const reload = async () => {
    await refresh(region);
    const live = region.querySelector('[data-newest]');
    if (!live) return;
    version = Number(live.dataset.newest);
    root.dataset.version = String(version);
    const slider = document.getElementById('replay-slider');
    if (slider) {
      const atNewest = Number(slider.value) === Number(slider.max);
      slider.max = String(version);
      document.getElementById('replay-newest').textContent = String(version);
      if (atNewest) {
        slider.value = String(version);
        void loadReplay(slider);
      }
    }
    const expect = document.getElementById('event-expect');
    if (expect && Number(expect.value) !== version) {
      expect.value = String(version);
      const send = document.getElementById('send-button');
      if (send && !send.disabled) {
        send.disabled = true;
        document.getElementById('composer-hint').textContent = 'The actor changed: preview again.';
      }
    }
  };
  watcher = { reload };
  const source = new EventSource(`/ops/api/actors/${encodeURIComponent(address)}/watch`);
  source.addEventListener('version', (message) => {
    const data = JSON.parse(message.data);
    if (data.version !== version) void reload();
  });
  source.addEventListener('error', () => document.querySelector('.live-dot')?.classList.add('stale'));
  source.addEventListener('open', () => document.querySelector('.live-dot')?.classList.remove('stale'));
}

let replayTimer;
async function loadReplay(slider) {
  const view = document.getElementById('replay-view');
  document.getElementById('replay-version').textContent = slider.value;
  try {
    view.innerHTML = await fetchFragment(`${slider.dataset.replay}?version=${encodeURIComponent(slider.value)}&fragment=view`);
    view.dataset.loaded = slider.value;
  } catch (error) {
    view.textContent = `cannot replay: ${error.message}`;
  }
}

function bindReplay() {
  const slider = document.getElementById('replay-slider');
  if (!slider) return;
  slider.addEventListener('input', () => {
    document.getElementById('replay-version').textContent = slider.value;
    clearTimeout(replayTimer);
    replayTimer = setTimeout(() => void loadReplay(slider), 120);
  });
  void loadReplay(slider);
}

bindForms();
bindComposer();
watchActor();
bindReplay();
startRefreshing();
