// Block Kit validation for the fake Slack server. Mirrors the limits Slack enforces server-side so that
// payloads that would be rejected in production are rejected in tests too. Messages follow Slack's own
// format: "[ERROR] <rule> [json-pointer:/blocks/<i>/...]".

type Obj = Record<string, unknown>;

const BLOCK_TYPES = new Set(['header', 'section', 'divider', 'actions', 'context', 'input', 'image', 'rich_text']);
// Interactive elements Slack accepts inside actions / section accessory / input blocks.
const ELEMENT_TYPES = new Set([
  'button',
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'overflow',
  'datepicker',
  'datetimepicker',
  'timepicker',
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  'checkboxes',
  'radio_buttons',
  'image',
  'rich_text_input',
  'file_input',
]);
const SELECTS_WITH_OPTIONS = new Set(['static_select', 'multi_static_select']);

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function err(rule: string, ptr: string): string {
  return `[ERROR] ${rule} [json-pointer:${ptr}]`;
}

/** Validates a plain_text/mrkdwn composition object. */
function checkText(v: unknown, ptr: string, max: number, opts: { plainOnly?: boolean } = {}): string[] {
  if (!isObj(v)) return [err('must be a text object', ptr)];
  const out: string[] = [];
  if (v.type !== 'plain_text' && v.type !== 'mrkdwn')
    out.push(err('text object type must be plain_text or mrkdwn', `${ptr}/type`));
  else if (opts.plainOnly && v.type !== 'plain_text') out.push(err('must be a plain_text object', `${ptr}/type`));
  if (typeof v.text !== 'string' || v.text.length === 0)
    out.push(err('text must be a non-empty string', `${ptr}/text`));
  else if (v.text.length > max) out.push(err(`text must be at most ${max} characters`, `${ptr}/text`));
  return out;
}

function maxLen(v: unknown, max: number, what: string, ptr: string): string[] {
  if (v === undefined) return [];
  if (typeof v !== 'string') return [err(`${what} must be a string`, ptr)];
  return v.length > max ? [err(`${what} must be at most ${max} characters`, ptr)] : [];
}

function checkOptions(v: unknown, ptr: string, max: number, plainOnly: boolean): string[] {
  if (!Array.isArray(v)) return [err('options must be an array', ptr)];
  const out: string[] = [];
  if (v.length === 0 || v.length > max) out.push(err(`options must have 1..${max} items`, ptr));
  v.forEach((o, i) => {
    const p = `${ptr}/${i}`;
    if (!isObj(o)) return void out.push(err('option must be an object', p));
    out.push(...checkText(o.text, `${p}/text`, 75, { plainOnly }));
    if (typeof o.value !== 'string') out.push(err('option value must be a string', `${p}/value`));
    else out.push(...maxLen(o.value, 150, 'option value', `${p}/value`));
  });
  return out;
}

/** Validates an interactive element; `actionIds` is shared across the whole message/view. */
function checkElement(el: unknown, ptr: string, actionIds: Set<string>): string[] {
  if (!isObj(el)) return [err('element must be an object', ptr)];
  const type = el.type;
  if (typeof type !== 'string' || !ELEMENT_TYPES.has(type))
    return [err(`unknown element type ${String(type)}`, `${ptr}/type`)];
  const out: string[] = [];
  if (el.action_id !== undefined) {
    if (typeof el.action_id !== 'string' || el.action_id.length === 0 || el.action_id.length > 255) {
      out.push(err('action_id must be 1..255 characters', `${ptr}/action_id`));
    } else if (actionIds.has(el.action_id)) {
      out.push(
        err(`duplicate action_id ${el.action_id}: action_id must be unique across the message`, `${ptr}/action_id`),
      );
    } else actionIds.add(el.action_id);
  }
  if (type === 'button') {
    out.push(...checkText(el.text, `${ptr}/text`, 75, { plainOnly: true }));
    out.push(...maxLen(el.value, 2000, 'button value', `${ptr}/value`));
    out.push(...maxLen(el.url, 3000, 'button url', `${ptr}/url`));
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      out.push(err('button style must be primary or danger', `${ptr}/style`));
    }
  } else if (SELECTS_WITH_OPTIONS.has(type)) {
    if (el.placeholder !== undefined)
      out.push(...checkText(el.placeholder, `${ptr}/placeholder`, 150, { plainOnly: true }));
    if (el.options !== undefined) out.push(...checkOptions(el.options, `${ptr}/options`, 100, true));
    else if (Array.isArray(el.option_groups)) {
      el.option_groups.forEach((g, i) => {
        const p = `${ptr}/option_groups/${i}`;
        if (!isObj(g)) return void out.push(err('option group must be an object', p));
        out.push(...checkText(g.label, `${p}/label`, 75, { plainOnly: true }));
        out.push(...checkOptions(g.options, `${p}/options`, 100, true));
      });
    } else out.push(err('static select requires options or option_groups', ptr));
  } else if (type === 'overflow') {
    out.push(...checkOptions(el.options, `${ptr}/options`, 5, true));
  } else if (type === 'checkboxes' || type === 'radio_buttons') {
    out.push(...checkOptions(el.options, `${ptr}/options`, 10, false));
  }
  return out;
}

function checkBlock(b: unknown, ptr: string, blockIds: Set<string>, actionIds: Set<string>): string[] {
  if (!isObj(b)) return [err('block must be an object', ptr)];
  if (typeof b.type !== 'string' || !BLOCK_TYPES.has(b.type))
    return [err(`unknown block type ${String(b.type)}`, `${ptr}/type`)];
  const out: string[] = [];
  if (b.block_id !== undefined) {
    if (typeof b.block_id !== 'string' || b.block_id.length === 0 || b.block_id.length > 255) {
      out.push(err('block_id must be 1..255 characters', `${ptr}/block_id`));
    } else if (blockIds.has(b.block_id)) {
      out.push(err(`duplicate block_id ${b.block_id}: block_id must be unique`, `${ptr}/block_id`));
    } else blockIds.add(b.block_id);
  }
  switch (b.type) {
    case 'header':
      out.push(...checkText(b.text, `${ptr}/text`, 150, { plainOnly: true }));
      break;
    case 'section':
      if (b.text === undefined && b.fields === undefined) out.push(err('section requires text or fields', ptr));
      if (b.text !== undefined) out.push(...checkText(b.text, `${ptr}/text`, 3000));
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length === 0 || b.fields.length > 10) {
          out.push(err('section fields must be an array of 1..10 items', `${ptr}/fields`));
        } else b.fields.forEach((f, i) => out.push(...checkText(f, `${ptr}/fields/${i}`, 2000)));
      }
      if (b.accessory !== undefined) out.push(...checkElement(b.accessory, `${ptr}/accessory`, actionIds));
      break;
    case 'actions':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) {
        out.push(err('actions elements must be an array of 1..25 items', `${ptr}/elements`));
      } else b.elements.forEach((e, i) => out.push(...checkElement(e, `${ptr}/elements/${i}`, actionIds)));
      break;
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) {
        out.push(err('context elements must be an array of 1..10 items', `${ptr}/elements`));
      } else {
        b.elements.forEach((e, i) => {
          const p = `${ptr}/elements/${i}`;
          if (isObj(e) && e.type === 'image') {
            if (typeof e.alt_text !== 'string' || e.alt_text.length === 0)
              out.push(err('image alt_text is required', `${p}/alt_text`));
          } else out.push(...checkText(e, p, 3000));
        });
      }
      break;
    case 'input':
      out.push(...checkText(b.label, `${ptr}/label`, 2000, { plainOnly: true }));
      if (b.hint !== undefined) out.push(...checkText(b.hint, `${ptr}/hint`, 2000, { plainOnly: true }));
      out.push(...checkElement(b.element, `${ptr}/element`, actionIds));
      break;
    case 'image':
      if (typeof b.image_url !== 'string' && !isObj(b.slack_file))
        out.push(err('image requires image_url or slack_file', ptr));
      out.push(...maxLen(b.image_url, 3000, 'image_url', `${ptr}/image_url`));
      if (typeof b.alt_text !== 'string' || b.alt_text.length === 0)
        out.push(err('image alt_text is required', `${ptr}/alt_text`));
      else out.push(...maxLen(b.alt_text, 2000, 'alt_text', `${ptr}/alt_text`));
      if (b.title !== undefined) out.push(...checkText(b.title, `${ptr}/title`, 2000, { plainOnly: true }));
      break;
    case 'rich_text':
      if (!Array.isArray(b.elements)) out.push(err('rich_text elements must be an array', `${ptr}/elements`));
      break;
    default:
      break; // divider: nothing to check
  }
  return out;
}

/**
 * Validates a `blocks` array. `pointer` is the JSON pointer of the array (e.g. "/blocks" or "/view/blocks");
 * `max` is 50 for messages and 100 for views.
 */
export function validateBlocks(blocks: unknown, opts: { max: number; pointer: string }): string[] {
  if (!Array.isArray(blocks)) return [err('blocks must be an array', opts.pointer)];
  if (blocks.length > opts.max)
    return [err(`no more than ${opts.max} items allowed (got ${blocks.length})`, opts.pointer)];
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  return blocks.flatMap((b, i) => checkBlock(b, `${opts.pointer}/${i}`, blockIds, actionIds));
}

/** Validates a modal view object as passed to views.open. */
export function validateView(view: unknown): string[] {
  if (!isObj(view)) return [err('view must be an object', '/view')];
  const out: string[] = [];
  if (view.type !== 'modal') out.push(err('view type must be modal', '/view/type'));
  out.push(...checkText(view.title, '/view/title', 24, { plainOnly: true }));
  if (view.submit !== undefined) out.push(...checkText(view.submit, '/view/submit', 24, { plainOnly: true }));
  if (view.close !== undefined) out.push(...checkText(view.close, '/view/close', 24, { plainOnly: true }));
  out.push(...maxLen(view.callback_id, 255, 'callback_id', '/view/callback_id'));
  out.push(...maxLen(view.private_metadata, 3000, 'private_metadata', '/view/private_metadata'));
  out.push(...validateBlocks(view.blocks, { max: 100, pointer: '/view/blocks' }));
  // Slack refuses modals with input blocks but no submit button.
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
  if (hasInput && view.submit === undefined)
    out.push(err('must provide a submit property when using input blocks', '/view'));
  return out;
}
