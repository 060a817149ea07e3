// The sandbox web chat: a small Slack-like client for /sandbox/api. Plain DOM, no framework, no build step.
// Everything that came from the server is put on the page with textContent or attributes, never as HTML.
import { wireSimulateAlert } from '/sandbox/simulate-alert.js';

const POLL_MS = 1000;
const BOT_AUTHOR = 'warroom';
const STORAGE = { user: 'warroom.sandbox.user', channel: 'warroom.sandbox.channel' };

/** A Map, not an object: `:constructor:` must not find Object.prototype.constructor. */
const EMOJI = new Map(
  Object.entries({
    rotating_light: '🚨',
    eyes: '👀',
    arrows_counterclockwise: '🔄',
    warning: '⚠️',
    crown: '👑',
    busts_in_silhouette: '👥',
    memo: '📝',
    pushpin: '📌',
    door: '🚪',
    white_check_mark: '✅',
    mag: '🔍',
    dart: '🎯',
    red_circle: '🔴',
    lock: '🔒',
  }),
);

/** `code`, *bold*, :emoji:, @mentions and #channels; everything else is plain text. */
const INLINE = /(`[^`\n]+`)|(\*[^*\n]+\*)|(:[a-z0-9_+-]+:)|(@[a-z][a-z0-9_-]*)|(#[a-z][a-z0-9_-]*)/g;

const state = {
  users: [],
  user: null,
  channels: [],
  channelId: localStorage.getItem(STORAGE.channel),
  channelsJson: '',
  messagesJson: '',
  /** Message nodes by id, with the JSON they were drawn from, so unchanged messages keep their DOM. */
  drawn: new Map(),
  refreshing: null,
  refreshAgain: false,
  sending: false,
  form: null,
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- DOM helpers

/** createElement with attributes (`class`, `data-*`, `text`, event handlers as `on<event>`) and children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** Draws bot/user text: *bold*, `code`, newlines and emoji shortcodes, all as text nodes. */
function richText(text, { nested = false } = {}) {
  const fragment = document.createDocumentFragment();
  const lines = String(text).split('\n');
  lines.forEach((line, i) => {
    if (i > 0) fragment.append(el('br'));
    let last = 0;
    for (const match of line.matchAll(new RegExp(INLINE.source, 'g'))) {
      const [token, code, bold, emoji, mention, channel] = match;
      if (match.index > last) fragment.append(document.createTextNode(line.slice(last, match.index)));
      last = match.index + token.length;
      if (code && !nested) fragment.append(el('code', { text: code.slice(1, -1) }));
      else if (bold && !nested) fragment.append(el('strong', {}, richText(bold.slice(1, -1), { nested: true })));
      else if (emoji && EMOJI.has(emoji.slice(1, -1)))
        fragment.append(el('span', { class: 'emoji', title: emoji, text: EMOJI.get(emoji.slice(1, -1)) }));
      else if (mention && userById(mention.slice(1))) fragment.append(el('span', { class: 'mention', text: mention }));
      else if (channel)
        fragment.append(
          el('button', {
            type: 'button',
            class: 'channel-ref',
            text: channel,
            onclick: () => openChannelNamed(channel.slice(1)),
          }),
        );
      else fragment.append(document.createTextNode(token));
    }
    if (last < line.length) fragment.append(document.createTextNode(line.slice(last)));
  });
  return fragment;
}

const userById = (id) => state.users.find((u) => u.id === id);
const openChannelNamed = (name) => {
  const channel = state.channels.find((c) => c.name === name);
  if (channel) void selectChannel(channel.id);
  else showError(`There is no channel #${name} (yet).`);
};
const currentChannel = () => state.channels.find((c) => c.id === state.channelId);
const formatTime = (iso, opts = {}) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...opts });

// ---------------------------------------------------------------- API

function showError(message) {
  $('banner-text').textContent = message;
  $('banner').hidden = false;
}

/** fetch + JSON; a non-2xx or `{ok:false}` answer becomes an Error with `.status` and `.body`. */
async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw Object.assign(new Error('Cannot reach the warroom server. Is it still running?'), { status: 0, body: null });
  }
  const data = await response.json().catch(() => null);
  if (!response.ok || !data || data.ok === false) {
    const message = (data && data.error) || `${method} ${path} failed with HTTP ${response.status}.`;
    throw Object.assign(new Error(message), { status: response.status, body: data });
  }
  return data;
}

/** Every POST carries a fresh request id (the server ignores a repeated one); the page refreshes right after. */
async function post(path, body) {
  try {
    return await api('POST', path, { requestId: crypto.randomUUID(), user: state.user, ...body });
  } finally {
    void refresh();
  }
}

// ---------------------------------------------------------------- sidebar

function renderUserSwitcher() {
  const select = $('user-switcher');
  select.replaceChildren(...state.users.map((u) => el('option', { value: u.id, text: `${u.name} (${u.title})` })));
  select.value = state.user;
}

function renderChannels() {
  const plain = state.channels.filter((c) => !c.incident);
  const incidents = state.channels.filter((c) => c.incident);
  $('channels').replaceChildren(...plain.map(channelItem));
  $('incident-channels').replaceChildren(...incidents.map(channelItem));
  $('no-incidents').hidden = incidents.length > 0;
  renderChannelHeader();
}

function channelItem(channel) {
  const selected = channel.id === state.channelId;
  const link = el(
    'button',
    {
      type: 'button',
      class: 'channel-link',
      'aria-current': selected ? 'page' : null,
      onclick: () => selectChannel(channel.id),
    },
    el('span', { class: 'channel-hash', text: '#' }),
    el('span', { class: 'channel-label', text: channel.name }),
  );
  if (channel.incident) link.append(incidentBadge(channel.incident, 'badge-small'));
  const classes = [
    'channel',
    selected && 'selected',
    !channel.member && 'not-member',
    channel.incident && 'incident-channel',
  ].filter(Boolean);
  const item = el('li', { class: classes.join(' '), 'data-testid': `channel-${channel.name}` }, link);
  if (!channel.member) {
    item.append(
      el('button', {
        type: 'button',
        class: 'join',
        'data-testid': 'join',
        text: 'Join',
        onclick: (e) => joinChannel(channel.id, e.currentTarget),
      }),
    );
  }
  return item;
}

function incidentBadge(incident, extra = '') {
  return el(
    'span',
    {
      class: `badge status-${incident.status} ${extra}`,
      title: `${incident.ref} · ${incident.severity.toUpperCase()} · ${incident.status}`,
    },
    el('span', { class: 'badge-ref', text: incident.ref }),
    el('span', { class: `badge-sev sev-${incident.severity}`, text: incident.severity.toUpperCase() }),
    el('span', { class: 'badge-status', text: incident.status }),
  );
}

function renderChannelHeader() {
  const channel = currentChannel();
  $('channel-name').textContent = channel ? `#${channel.name}` : '#…';
  $('channel-topic').textContent = channel?.topic ?? '';
  const badge = $('channel-badge');
  badge.hidden = !channel?.incident;
  if (channel?.incident) badge.replaceChildren(incidentBadge(channel.incident));
  $('join-bar').hidden = !channel || channel.member;
  if (channel && !channel.member) $('join-bar-text').textContent = `You are previewing #${channel.name}.`;
  const composer = $('composer');
  composer.placeholder = `Message #${channel ? channel.name : '…'} — try /incident declare Checkout is down sev2`;
}

// ---------------------------------------------------------------- messages

function renderMessages(messages) {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const previousTop = list.scrollTop;
  if (messages.length === 0) {
    state.drawn.clear();
    list.replaceChildren(
      el('div', { class: 'empty', text: `This is the very beginning of ${$('channel-name').textContent}.` }),
    );
    return;
  }
  const keep = new Map();
  messages.forEach((message, index) => {
    // The pin button depends on the channel being an incident's, so that is part of what a node was drawn from.
    const json = `${Boolean(currentChannel()?.incident)}${JSON.stringify(message)}`;
    const old = state.drawn.get(message.id);
    const node = old && old.json === json ? old.node : renderMessage(message);
    keep.set(message.id, { json, node });
    node.classList.toggle('continued', continues(messages[index - 1], message));
    if (list.children[index] !== node) list.insertBefore(node, list.children[index] ?? null);
  });
  while (list.children.length > messages.length) list.lastElementChild.remove();
  state.drawn = keep;
  list.scrollTop = atBottom ? list.scrollHeight : previousTop;
}

/** Like Slack, a message right after one by the same author (within 5 minutes) is drawn without name and avatar. */
function continues(previous, message) {
  if (!previous || previous.author !== message.author || previous.ephemeral || message.ephemeral) return false;
  if (message.blocks.length > 0 || previous.blocks.length > 0) return false;
  return Date.parse(message.createdAt) - Date.parse(previous.createdAt) < 5 * 60_000;
}

function renderMessage(message) {
  const isBot = message.author === BOT_AUTHOR;
  const user = userById(message.author);
  const name = isBot ? 'warroom' : (user?.name ?? message.author);
  const at = message.createdAt;
  const meta = el(
    'div',
    { class: 'message-meta' },
    el('span', { class: 'author', text: name }),
    isBot ? el('span', { class: 'app-tag', text: 'APP' }) : null,
  );
  meta.append(el('time', { class: 'time', datetime: at, title: at, text: formatTime(at) }));
  const body = el('div', { class: 'message-body' }, meta);
  const gutterTime = el('time', { class: 'gutter-time', datetime: at, text: formatTime(at, { hour12: false }) });
  if (message.ephemeral) body.prepend(el('div', { class: 'ephemeral-note', text: '👁 Only visible to you' }));
  // Slack shows blocks instead of the fallback text when a message has them.
  if (message.blocks.length > 0) body.append(...message.blocks.map((b) => renderBlock(b, message)));
  else body.append(el('div', { class: 'text' }, richText(message.text)));

  const node = el(
    'article',
    {
      class: `message${message.ephemeral ? ' ephemeral' : ''}${isBot ? ' bot' : ''}`,
      'data-testid': 'message',
      'data-message-id': message.id,
      'data-author': message.author,
      'data-ephemeral': message.ephemeral ? 'true' : null,
    },
    el('div', {
      class: `avatar avatar-${isBot ? 'bot' : message.author}`,
      'aria-hidden': 'true',
      text: name.charAt(0).toUpperCase(),
    }),
    gutterTime,
    body,
  );
  if (!message.ephemeral && currentChannel()?.incident) {
    node.append(
      el('button', {
        type: 'button',
        class: 'pin',
        'data-testid': 'pin',
        title: 'Pin to the incident timeline',
        text: '📌 Pin',
        onclick: (e) => pinMessage(message.id, e.currentTarget),
      }),
    );
  }
  return node;
}

function renderBlock(block, message) {
  switch (block.type) {
    case 'header':
      return el('div', { class: 'block-header', text: block.text });
    case 'fields':
      return el(
        'dl',
        { class: 'block-fields' },
        ...block.fields.map((f) =>
          el(
            'div',
            { class: 'field', 'data-field': f.label },
            el('dt', { text: f.label }),
            el('dd', {}, richText(f.value)),
          ),
        ),
      );
    case 'text':
      return el('div', { class: 'block-text' }, richText(block.text));
    case 'context':
      return el('div', { class: 'block-context' }, richText(block.text));
    case 'actions':
      return el('div', { class: 'block-actions' }, ...block.buttons.map((b) => actionButton(b, message)));
    default:
      return el('div', { class: 'block-unknown', text: `[${block.type} block]` });
  }
}

function actionButton(button, message) {
  const attrs = {
    type: 'button',
    class: `btn${button.style ? ` btn-${button.style}` : ''}`,
    'data-action-id': button.actionId,
    text: button.label,
  };
  return el('button', { ...attrs, onclick: (e) => pressButton(button, message, e.currentTarget) });
}

// ---------------------------------------------------------------- verbs

/** Disables `button` while `work` runs; errors go to the banner. */
async function busy(button, work) {
  if (button) button.disabled = true;
  try {
    return await work();
  } catch (error) {
    showError(error.message);
    return null;
  } finally {
    if (button) button.disabled = false;
  }
}

async function followOutcome(outcome) {
  if (!outcome) return;
  if (outcome.openChannelId) await selectChannel(outcome.openChannelId);
  if (outcome.form) openForm(outcome.form);
}

async function pressButton(button, message, node) {
  await followOutcome(
    await busy(node, () =>
      post('/sandbox/api/actions', { channelId: message.channelId, actionId: button.actionId, value: button.value }),
    ),
  );
}

const pinMessage = (messageId, node) =>
  busy(node, () => post('/sandbox/api/reactions', { messageId, reaction: 'pushpin' }));

const joinChannel = (channelId, node) =>
  busy(node, () => post(`/sandbox/api/channels/${encodeURIComponent(channelId)}/join`, {}));

async function sendMessage() {
  const composer = $('composer');
  const text = composer.value.trim();
  if (!text || state.sending || !state.channelId) return;
  state.sending = true;
  composer.classList.add('sending');
  const outcome = await busy(null, async () => {
    const answer = await post('/sandbox/api/messages', { channelId: state.channelId, text });
    composer.value = '';
    autoGrow();
    return answer;
  });
  state.sending = false;
  composer.classList.remove('sending');
  await followOutcome(outcome);
}

function autoGrow() {
  const composer = $('composer');
  composer.style.height = 'auto';
  composer.style.height = `${Math.min(composer.scrollHeight, 200)}px`;
}

// ---------------------------------------------------------------- form dialog

function openForm(form) {
  state.form = form;
  $('form-title').textContent = form.title;
  $('form-submit').textContent = form.submit;
  $('form-error').hidden = true;
  $('form-fields').replaceChildren(...form.fields.map(formField));
  const dialog = $('form-dialog');
  if (!dialog.open) dialog.showModal();
  dialog.querySelector('input, textarea, select')?.focus();
}

function formField(field) {
  const id = `form-field-${field.name}`;
  const common = { id, name: field.name, 'data-testid': `field-${field.name}`, required: field.required };
  let control;
  if (field.kind === 'select') {
    const options = field.options.map((o) => el('option', { value: o.value, text: o.label }));
    if (!field.initial) options.unshift(el('option', { value: '', text: 'Choose…' }));
    control = el('select', common, ...options);
    control.value = field.initial ?? '';
  } else if (field.kind === 'textarea') {
    control = el('textarea', { ...common, rows: 3, maxlength: field.maxLength });
  } else {
    control = el('input', {
      ...common,
      type: 'text',
      maxlength: field.maxLength,
      placeholder: field.placeholder,
      autocomplete: 'off',
    });
    control.value = field.initial ?? '';
  }
  return el(
    'div',
    { class: 'form-field' },
    el(
      'label',
      { for: id, text: field.label },
      field.required ? null : el('span', { class: 'optional', text: ' (optional)' }),
    ),
    control,
  );
}

function showFormError(message, fieldName) {
  const error = $('form-error');
  error.textContent = message;
  error.hidden = false;
  for (const control of $('form-fields').querySelectorAll('[name]')) control.removeAttribute('aria-invalid');
  const control = fieldName ? $('form-fields').querySelector(`[name="${CSS.escape(fieldName)}"]`) : null;
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
}

async function submitForm(event) {
  event.preventDefault();
  const form = state.form;
  if (!form) return;
  const invalid = [...$('form-fields').querySelectorAll('[name]')].find((c) => !c.checkValidity());
  if (invalid)
    return showFormError(
      `${invalid.labels[0]?.firstChild?.textContent ?? invalid.name}: ${invalid.validationMessage}`,
      invalid.name,
    );
  const values = Object.fromEntries(form.fields.map((f) => [f.name, $(`form-field-${f.name}`).value]));
  const submit = $('form-submit');
  submit.disabled = true;
  try {
    const outcome = await post('/sandbox/api/forms', { formId: form.formId, context: form.context, values });
    // The next form of a chain (Why 2 after Why 1) replaces this one in the open dialog, like Slack's
    // response_action "update"; closing and reopening would race the dialog's close event (see wireEvents).
    if (outcome?.form && !outcome.openChannelId) openForm(outcome.form);
    else {
      closeForm();
      await followOutcome(outcome);
    }
  } catch (error) {
    showFormError(error.message, error.body?.field);
  } finally {
    submit.disabled = false;
  }
}

function closeForm() {
  state.form = null;
  const dialog = $('form-dialog');
  if (dialog.open) dialog.close();
}

// ---------------------------------------------------------------- loading and polling

async function selectChannel(channelId) {
  if (channelId !== state.channelId) {
    state.channelId = channelId;
    state.messagesJson = '';
    state.drawn.clear();
    $('messages').replaceChildren();
    localStorage.setItem(STORAGE.channel, channelId);
    renderChannels();
  }
  $('composer').focus();
  await refresh();
}

async function selectUser(userId) {
  state.user = userId;
  localStorage.setItem(STORAGE.user, userId);
  state.channelsJson = '';
  state.messagesJson = '';
  state.drawn.clear();
  $('messages').replaceChildren();
  renderUserSwitcher();
  await refresh();
}

/** One refresh at a time; a refresh asked for meanwhile runs right after, so a POST's effect is never missed. */
function refresh() {
  if (state.refreshing) {
    state.refreshAgain = true;
    return state.refreshing;
  }
  state.refreshing = load()
    .catch((error) => showError(error.message))
    .finally(() => {
      state.refreshing = null;
      if (state.refreshAgain) {
        state.refreshAgain = false;
        void refresh();
      }
    });
  return state.refreshing;
}

async function load() {
  const user = state.user;
  let channelId = state.channelId;
  const { channels } = await api('GET', `/sandbox/api/channels?user=${encodeURIComponent(user)}`);
  // Switched user or channel meanwhile: the refresh queued by that switch draws the new view.
  if (user !== state.user || channelId !== state.channelId) return;
  const channelsJson = JSON.stringify(channels);
  if (channelsJson !== state.channelsJson) {
    state.channelsJson = channelsJson;
    state.channels = channels;
    state.messagesJson = ''; // messages are drawn with channel facts (the pin button): let them catch up
    if (!channels.some((c) => c.id === channelId)) {
      channelId = state.channelId = (channels.find((c) => c.name === 'general') ?? channels[0])?.id ?? null;
    }
    renderChannels();
  }
  if (!channelId) return;
  const { messages } = await api(
    'GET',
    `/sandbox/api/channels/${encodeURIComponent(channelId)}/messages?user=${encodeURIComponent(user)}`,
  );
  if (user !== state.user || channelId !== state.channelId) return;
  const messagesJson = JSON.stringify(messages);
  if (messagesJson === state.messagesJson) return;
  state.messagesJson = messagesJson;
  renderMessages(messages);
}

function poll() {
  const next = () => setTimeout(poll, POLL_MS);
  if (document.hidden) return next();
  refresh().finally(next);
}

function wireEvents() {
  $('user-switcher').addEventListener('change', (e) => void selectUser(e.target.value));
  $('banner-close').addEventListener('click', () => ($('banner').hidden = true));
  $('join-bar-button').addEventListener('click', (e) => void joinChannel(state.channelId, e.currentTarget));
  const composer = $('composer');
  composer.addEventListener('input', autoGrow);
  composer.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void sendMessage();
    }
  });
  $('form').addEventListener('submit', submitForm);
  $('form-cancel').addEventListener('click', closeForm);
  // `close` is dispatched after dialog.close() returns, in a later task: by then another form may have been opened
  // in the dialog (showModal again), and clearing state.form would make its Submit do nothing.
  $('form-dialog').addEventListener('close', (e) => {
    if (!e.currentTarget.open) state.form = null;
  });
}

async function start() {
  wireEvents();
  wireSimulateAlert({ report: showError, after: () => void refresh() });
  try {
    const bootstrap = await api('GET', '/sandbox/api/bootstrap');
    state.users = bootstrap.users;
  } catch (error) {
    return showError(error.message);
  }
  const saved = localStorage.getItem(STORAGE.user);
  state.user = userById(saved) ? saved : state.users[0].id;
  renderUserSwitcher();
  await refresh();
  $('composer').focus();
  poll();
}

void start();
