import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { claimRequest } from '../../core/claim-request.js';
import type { Ctx } from '../../core/context.js';
import { isWarroomError } from '../../core/errors.js';
import type { Fmt } from '../../core/fmt.js';
import { warRoomOpenKey } from '../../core/incident/declare-incident.js';
import { loadIncident } from '../../core/incident/load-incident.js';
import { HttpError } from '../../http/http-errors.js';
import { readJsonBody } from '../../http/read-json-body.js';
import { coreCtx, type AdapterDeps } from '../adapter-deps.js';
import { BOT_AUTHOR, DEMO_USER_IDS } from './demo-users.js';
import type { SandboxForm } from './sandbox-blocks.js';
import type { SandboxChat } from './sandbox-chat.js';
import { sandboxFmt } from './sandbox-fmt.js';
import { internalErrorText, type ButtonView } from '../../interactions/index.js';
import { sandboxButtons } from './ids.js';

const WAR_ROOM_WAIT_MS = 2_500;

export const SandboxUser = z.enum(DEMO_USER_IDS);
/** Every POST carries a client-made id; a resent request (double submit, flaky network) is then a no-op. */
export const RequestId = z.string().min(8).max(100);

/** What a POST answers: a reply only the user sees is already in the channel; a form or a channel to open rides here. */
export interface SandboxOutcome {
  ok: true;
  duplicate?: boolean;
  form?: SandboxForm;
  openChannelId?: string;
}

/** A form's answer: done (maybe with the next form), or a rejection shown under one of its fields. */
export type FormAnswer =
  | { status: 200; json: SandboxOutcome }
  | { status: 422; json: { ok: false; error: string; field: string } };

export async function parseBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJsonBody(req));
  if (!parsed.success) {
    throw new HttpError(
      422,
      `Invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** `?user=` of a read: whose view of the chat to show. */
export function userOfQuery(req: IncomingMessage): z.infer<typeof SandboxUser> {
  const user = SandboxUser.safeParse(new URL(req.url ?? '/', 'http://x').searchParams.get('user'));
  if (!user.success) throw new HttpError(422, `?user= must be one of ${DEMO_USER_IDS.join(', ')}.`);
  return user.data;
}

/** What every sandbox route needs: who acts, private replies, request dedupe, channel checks, and the declare follow-up. */
export interface SandboxKit {
  chat: SandboxChat;
  deps: AdapterDeps;
  /** Sandbox text, times in the team's time zone. */
  fmt: Fmt;
  ctxFor(user: string, requestId: string): Ctx;
  /** A reply only `user` sees, in the channel. */
  say(channelId: string, user: string, text: string): void;
  /** A reply only `user` sees, with buttons under it (the "Resolve anyway" under the open-work question). */
  sayWithButtons(channelId: string, user: string, text: string, buttons: ButtonView[]): void;
  /** False when this request id was seen before: the request is a resend and does nothing. */
  claimed(requestId: string): boolean;
  requireChannel(channelId: string): void;
  requireMember(channelId: string, user: string): void;
  /** Tells the user what went wrong: their mistake in our words, ours without details (logged with the request id). */
  fail(error: unknown, channelId: string, user: string, requestId: string): void;
  /** Waits briefly for the war room so the UI can jump into it; if it is slow, the reply says so. */
  afterDeclare(incidentId: number, channelId: string, user: string): Promise<SandboxOutcome>;
}

export function sandboxKit(chat: SandboxChat, deps: AdapterDeps): SandboxKit {
  const say = (channelId: string, user: string, text: string) =>
    void chat.post(channelId, { author: BOT_AUTHOR, text, ephemeralTo: user });
  const fmt = sandboxFmt(deps.settings.timeZone);
  return {
    chat,
    deps,
    fmt,
    say,
    sayWithButtons(channelId, user, text, buttons) {
      if (buttons.length === 0) return say(channelId, user, text);
      const drawn = buttons.map((b) => ({
        ...sandboxButtons.encode(b.press),
        label: b.label,
        ...(b.style ? { style: b.style } : {}),
      }));
      chat.post(channelId, {
        author: BOT_AUTHOR,
        text,
        blocks: [
          { type: 'text', text },
          { type: 'actions', buttons: drawn },
        ],
        ephemeralTo: user,
      });
    },
    ctxFor: (user, requestId) => coreCtx(deps, { type: 'sandbox', userId: user }, requestId),
    claimed: (requestId) => claimRequest(deps.store, `sandbox:${requestId}`, deps.now()),
    requireChannel(channelId) {
      if (!chat.channel(channelId)) throw new HttpError(404, `No channel ${channelId}.`);
    },
    requireMember(channelId, user) {
      if (!chat.isMember(channelId, user)) throw new HttpError(403, 'Join the channel before posting in it.');
    },
    fail(error, channelId, user, requestId) {
      if (!isWarroomError(error)) deps.logger.error({ err: error, requestId }, 'sandbox request failed');
      say(channelId, user, isWarroomError(error) ? error.describe(fmt) : internalErrorText(requestId));
    },
    async afterDeclare(incidentId, channelId, user) {
      deps.dispatcher.kick();
      const row = await deps.dispatcher.waitFor(warRoomOpenKey(incidentId), WAR_ROOM_WAIT_MS);
      const incident = loadIncident(deps.store, incidentId);
      if (row?.status === 'sent' && incident.channelId) return { ok: true, openChannelId: incident.channelId };
      say(
        channelId,
        user,
        `${incident.ref} is recorded; its war room is not open yet (${row?.lastError ?? 'queued'}). It will appear when it is.`,
      );
      return { ok: true };
    },
  };
}
