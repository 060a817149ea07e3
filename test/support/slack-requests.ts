// Builders for inbound Slack requests (slash commands, interactions, Events API) shaped like Slack's real
// payloads, plus request signing, so tests can drive the app's HTTP endpoint exactly as Slack would.
import { createHmac } from 'node:crypto';

export type SlackContentType = 'application/x-www-form-urlencoded' | 'application/json';
export interface SlackRequestBody {
  body: string;
  contentType: SlackContentType;
}

/** Legacy verification token Slack still includes in payloads; Bolt ignores it when a signing secret is used. */
export const VERIFICATION_TOKEN = 'verification-token';
export const TEAM_ID = 'T1';
export const TEAM_DOMAIN = 'test';
export const API_APP_ID = 'A1';

let seq = 0;
// Per-process unique suffix so ids from different calls never collide (Slack dedupes on some of them).
const next = (): number => ++seq;

/** Slack's v0 signing scheme: `v0=` + hex HMAC-SHA256(secret, `v0:<timestamp>:<raw body>`). */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${digest}` };
}

export interface PostToSlackOptions {
  body: string;
  contentType: SlackContentType;
  /** Omit to send an unsigned request. */
  signingSecret?: string;
  timestamp?: number;
  /** Overrides the computed signature, e.g. to send a bad one. */
  signature?: string;
  retryNum?: number;
  retryReason?: string;
}

/** POSTs a request to the app as Slack would. `json` is the parsed body, or undefined if it isn't JSON. */
export async function postToSlack(
  url: string,
  opts: PostToSlackOptions,
): Promise<{ status: number; text: string; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': opts.contentType };
  if (opts.signingSecret !== undefined || opts.signature !== undefined || opts.timestamp !== undefined) {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    headers['x-slack-request-timestamp'] = String(timestamp);
    const signature =
      opts.signature ??
      (opts.signingSecret !== undefined
        ? signSlackRequest(opts.signingSecret, opts.body, timestamp)['x-slack-signature']
        : undefined);
    if (signature !== undefined) headers['x-slack-signature'] = signature;
  }
  if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
  const res = await fetch(url, { method: 'POST', headers, body: opts.body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

const form = (fields: Record<string, string>): SlackRequestBody => ({
  body: new URLSearchParams(fields).toString(),
  contentType: 'application/x-www-form-urlencoded',
});
// Interactive payloads arrive as a single form field `payload` holding JSON.
const payloadForm = (payload: Record<string, unknown>): SlackRequestBody => form({ payload: JSON.stringify(payload) });

// The middle part carries when Slack issued it, so the fake can expire it after 3 s as Slack does.
const triggerId = (): string =>
  `${13345224609 + next()}.${Date.now()}.${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`;
const nowTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(next() % 1_000_000).padStart(6, '0')}`;
const userObj = (id: string): Record<string, unknown> => ({
  id,
  username: id.toLowerCase(),
  name: id.toLowerCase(),
  team_id: TEAM_ID,
});
const defaultResponseUrl = (): string => `https://hooks.slack.com/actions/${TEAM_ID}/${next()}/fake`;

export interface SlashCommandFields {
  text: string;
  user_id: string;
  user_name: string;
  channel_id: string;
  channel_name: string;
  trigger_id: string;
  response_url: string;
  command: string;
}

/** A slash command as Slack POSTs it: form-encoded, fields in Slack's order. */
export function slashCommand(overrides: Partial<SlashCommandFields> = {}): SlackRequestBody {
  const userId = overrides.user_id ?? 'U1';
  return form({
    token: VERIFICATION_TOKEN,
    team_id: TEAM_ID,
    team_domain: TEAM_DOMAIN,
    channel_id: overrides.channel_id ?? 'C0GENERAL',
    channel_name: overrides.channel_name ?? 'general',
    user_id: userId,
    user_name: overrides.user_name ?? userId.toLowerCase(),
    command: overrides.command ?? '/incident',
    text: overrides.text ?? '',
    api_app_id: API_APP_ID,
    is_enterprise_install: 'false',
    response_url: overrides.response_url ?? `https://hooks.slack.com/commands/${TEAM_ID}/${next()}/fake`,
    trigger_id: overrides.trigger_id ?? triggerId(),
  });
}

export interface BlockActionOptions {
  user_id: string;
  channel_id: string;
  action_id: string;
  value?: string;
  block_id?: string;
  message_ts?: string;
  action_ts?: string;
  trigger_id?: string;
  response_url?: string;
  channel_name?: string;
}

/** A `block_actions` interaction: a button click on a bot message in a channel. */
export function blockAction(o: BlockActionOptions): SlackRequestBody {
  const messageTs = o.message_ts ?? nowTs();
  const blockId = o.block_id ?? 'actions';
  const action: Record<string, unknown> = {
    action_id: o.action_id,
    block_id: blockId,
    text: { type: 'plain_text', text: 'x', emoji: true },
    type: 'button',
    action_ts: o.action_ts ?? nowTs(),
  };
  if (o.value !== undefined) action.value = o.value;
  return payloadForm({
    type: 'block_actions',
    user: userObj(o.user_id),
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: messageTs, channel_id: o.channel_id, is_ephemeral: false },
    trigger_id: o.trigger_id ?? triggerId(),
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channel_id, name: o.channel_name ?? o.channel_id.toLowerCase() },
    message: { type: 'message', user: 'UBOT', bot_id: 'BBOT', ts: messageTs, text: 'x', blocks: [] },
    state: { values: {} },
    response_url: o.response_url ?? defaultResponseUrl(),
    actions: [action],
  });
}

export interface ViewSubmissionOptions {
  user_id: string;
  callback_id: string;
  values: Record<string, Record<string, unknown>>;
  private_metadata?: string;
  trigger_id?: string;
  view_id?: string;
}

/** A `view_submission` interaction: the user pressed Submit on a modal. */
export function viewSubmission(o: ViewSubmissionOptions): SlackRequestBody {
  const viewId = o.view_id ?? `V${String(next()).padStart(8, '0')}`;
  return payloadForm({
    type: 'view_submission',
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    user: userObj(o.user_id),
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: o.trigger_id ?? triggerId(),
    view: {
      id: viewId,
      team_id: TEAM_ID,
      type: 'modal',
      blocks: [],
      private_metadata: o.private_metadata ?? '',
      callback_id: o.callback_id,
      state: { values: o.values },
      hash: `${viewId}.hash`,
      title: { type: 'plain_text', text: 'Modal' },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit' },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: API_APP_ID,
      external_id: '',
      app_installed_team_id: TEAM_ID,
      bot_id: 'BBOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

/** An Events API `event_callback` envelope around `event`. */
export function eventCallback(
  event: Record<string, unknown>,
  o: { event_id?: string; event_time?: number } = {},
): SlackRequestBody {
  return {
    body: JSON.stringify({
      token: VERIFICATION_TOKEN,
      team_id: TEAM_ID,
      api_app_id: API_APP_ID,
      event,
      type: 'event_callback',
      event_id: o.event_id ?? `Ev${String(next()).padStart(9, '0')}`,
      event_time: o.event_time ?? Math.floor(Date.now() / 1000),
      authorizations: [
        { enterprise_id: null, team_id: TEAM_ID, user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
    }),
    contentType: 'application/json',
  };
}

/** The one-time `url_verification` handshake Slack sends when the Request URL is configured. */
export function urlVerification(challenge: string): SlackRequestBody {
  return {
    body: JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: 'url_verification' }),
    contentType: 'application/json',
  };
}
