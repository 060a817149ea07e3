import type { Application } from '@microsoft/teams-ai';
import type { TaskModuleTaskInfo, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { SEVERITIES } from '../../core/incident/incident.js';
import {
  declareForm,
  FORM_IDS,
  internalErrorText,
  pressButton,
  submitForm,
  type FormValues,
  type FormView,
  type InteractionEnv,
  type InteractionResult,
} from '../../interactions/index.js';
import { coreCtx } from '../adapter-deps.js';
import { kickAfterInteraction } from '../kick-after-interaction.js';
import { TASK_VERB } from './ids.js';
import { plainTeamsText } from './presenters/build-card-activity.js';
import { formInputId, teamsFormCard } from './presenters/teams-form-card.js';
import { resolveTeamsText } from './resolve-teams-text.js';
import { decodeTeamsButton, TEAMS_BUTTON_VERBS } from './teams-button-codec.js';
import { NO_PERSON_TEXT } from './teams-card-buttons.js';
import { roomOf } from './teams-room.js';
import type { TeamsTurnDeps } from './teams-turn-deps.js';

/** What a dialog answers: the form (open or keep open), a message shown in the dialog, or null to close it. */
type DialogAnswer = TaskModuleTaskInfo | string | null;

const DeclareData = z.object({
  originChannelId: z.string().optional(),
  severity: z.enum(SEVERITIES).nullable().optional().catch(null),
});

const FieldBase = { id: z.string().min(1), label: z.string(), required: z.boolean(), hint: z.string().optional() };
/** The form a dialog's submit button echoes back (teams-form-card.ts): checked, since the client sends it. */
const EchoedForm: z.ZodType<FormView> = z.object({
  id: z.enum(FORM_IDS),
  title: z.string(),
  subtitle: z.string().optional(),
  submit: z.string().nullable(),
  cancel: z.string(),
  context: z.record(z.string(), z.union([z.string(), z.number()])),
  notes: z.array(z.object({ text: z.string(), quiet: z.boolean().optional() })),
  fields: z.array(
    z.union([
      z.object({
        ...FieldBase,
        kind: z.enum(['text', 'long-text']),
        maxLength: z.number().int().positive(),
        initial: z.string().optional(),
        placeholder: z.string().optional(),
      }),
      z.object({
        ...FieldBase,
        kind: z.enum(['select', 'choice']),
        options: z.array(z.object({ value: z.string(), label: z.string() })),
        initial: z.string().optional(),
      }),
    ]),
  ),
});
const SubmitData = z.object({ form: EchoedForm }).passthrough();

const userOf = (turn: TurnContext): string | null => turn.activity.from.aadObjectId ?? null;

function envOf(t: TeamsTurnDeps, turn: TurnContext, userId: string, channelId: string | null): InteractionEnv {
  return { ctx: coreCtx(t.deps, { type: 'teams', userId }, turn.activity.id ?? 'teams:dialog'), fmt: t.fmt, channelId };
}

/** A form as a dialog: its card, titled, sized for a few fields. */
function dialog(
  t: TeamsTurnDeps,
  form: FormView,
  o: { values?: FormValues; errors?: Record<string, string> } = {},
): TaskModuleTaskInfo {
  const card = teamsFormCard(form, { fmt: t.fmt, people: t.people }, o);
  return {
    title: form.subtitle ? `${form.title} · ${form.subtitle}` : form.title,
    width: 'medium',
    height: 'medium',
    card: card.attachments[0],
  };
}

const plain = (t: TeamsTurnDeps, text: string): string =>
  plainTeamsText(resolveTeamsText(text, 'plain', t.people, null));

/** A result that is not a form, as the dialog's message (or null to close it). */
function closing(
  t: TeamsTurnDeps,
  result: Exclude<InteractionResult, { type: 'open-form' | 'form-errors' }>,
): string | null {
  return result.type === 'done' ? null : plain(t, result.text);
}

/** Runs a dialog's work; a failure of ours is logged and said in the dialog, never thrown at Teams. */
function guarded(t: TeamsTurnDeps, turn: TurnContext, what: string, run: () => DialogAnswer): DialogAnswer {
  try {
    return run();
  } catch (error) {
    const requestId = turn.activity.id ?? 'teams:dialog';
    t.deps.logger.error({ err: error, requestId }, `Teams dialog failed: ${what}`);
    return internalErrorText(requestId);
  }
}

/** `task/fetch` of the declare button (a typed `declare` with no title): the declare form, answered in that room. */
function fetchDeclare(t: TeamsTurnDeps, turn: TurnContext, data: unknown): DialogAnswer {
  const parsed = DeclareData.safeParse(data);
  const origin = (parsed.success ? parsed.data.originChannelId : undefined) ?? roomOf(t, turn.activity);
  return dialog(t, declareForm(origin, parsed.success ? (parsed.data.severity ?? null) : null));
}

/**
 * `task/fetch` of a button drawn as a dialog opener (`Action.Submit` with `msteams.type` `task/fetch`, e.g. Start
 * postmortem): the same press as its Action.Execute, and the form it opens shown as the dialog.
 */
function fetchPress(t: TeamsTurnDeps, turn: TurnContext, data: unknown): DialogAnswer {
  const userId = userOf(turn);
  if (!userId) return NO_PERSON_TEXT;
  const verb = String((data as { verb?: unknown } | null)?.verb ?? '');
  const decoded = decodeTeamsButton(verb, data);
  if ('refused' in decoded) return decoded.refused;
  const result = pressButton(decoded.press, envOf(t, turn, userId, roomOf(t, turn.activity)));
  kickAfterInteraction(t.deps);
  if (result.type === 'open-form') return dialog(t, result.form);
  if (result.type === 'form-errors') return plain(t, Object.values(result.errors).join(' '));
  return closing(t, result) ?? 'Done: the card shows it for everyone.';
}

/**
 * `task/submit`: the echoed form and its inputs run through the shared layer. A refusal draws the same form again
 * with what was typed and the refusal under its field; the next form (a 5 Whys chain) replaces it; done closes it.
 */
function submit(t: TeamsTurnDeps, turn: TurnContext, data: unknown): DialogAnswer {
  const userId = userOf(turn);
  if (!userId) return NO_PERSON_TEXT;
  const parsed = SubmitData.safeParse(data);
  if (!parsed.success) return 'This dialog is out of date; open it again.';
  const { form } = parsed.data;
  const values: FormValues = {};
  for (const field of form.fields) {
    const value = (parsed.data as Record<string, unknown>)[formInputId(field.id)];
    if (typeof value === 'string') values[field.id] = value;
  }
  const result = submitForm({ formId: form.id, context: form.context, values }, envOf(t, turn, userId, null));
  kickAfterInteraction(t.deps);
  if (result.type === 'form-errors') return dialog(t, form, { values, errors: result.errors });
  if (result.type === 'open-form') return dialog(t, result.form);
  return closing(t, result);
}

/** Forms as Teams dialogs (task modules): opened by `task/fetch`, submitted by `task/submit`. */
export function routeDialogs(app: Application, t: TeamsTurnDeps): void {
  app.taskModules.fetch(
    TASK_VERB.declare,
    async (turn, _state, data) => guarded(t, turn, 'declare', () => fetchDeclare(t, turn, data)) ?? 'Nothing to show.',
  );
  app.taskModules.fetch(
    TEAMS_BUTTON_VERBS as string[],
    async (turn, _state, data) => guarded(t, turn, 'open', () => fetchPress(t, turn, data)) ?? 'Nothing to show.',
  );
  app.taskModules.submit(TASK_VERB.submit, async (turn, _state, data) =>
    guarded(t, turn, 'submit', () => submit(t, turn, data)),
  );
}
