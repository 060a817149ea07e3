import type { Ctx } from '../../core/context.js';
import { describeResponderBrief } from '../../core/incident/describe-responder-brief.js';
import { describeIncident } from '../../core/incident/describe-incident.js';
import { loadIncident } from '../../core/incident/load-incident.js';
import type { Incident } from '../../core/incident/incident.js';
import { Actor, actorUserId } from '../../core/actor.js';
import { recordWarRoomOpened, rememberAlertsMessage, rememberHeaderMessage } from '../../core/incident/record-war-room-opened.js';
import { warRoomChannelName } from '../../core/incident/war-room-channel-name.js';
import type { OutboxIntent } from '../../core/outbox/outbox-intent.js';
import { describeAlertSummary } from '../../core/alert/describe-alert-summary.js';
import { describeTriageAlert } from '../../core/alert/describe-triage-alert.js';
import { describeStormSummary } from '../../core/storm/describe-storm-summary.js';
import { rememberTriageMessage } from '../../core/alert/remember-triage-message.js';
import { describeStage } from '../../core/playbook/describe-stage.js';
import { describeReminder } from '../../core/schedule/describe-reminder.js';
import { describeDigest, describeOverdueAction } from '../../core/schedule/describe-digest.js';
import type { StageMessages } from '../../core/playbook/playbook-run.js';
import type { Playbook, StageId } from '../../core/playbook/playbook-schema.js';
import { allSteps } from '../../core/playbook/step-availability.js';
import { describeApproval } from '../../core/approval/describe-approval.js';
import { rememberApprovalMessage } from '../../core/approval/remember-approval-message.js';
import { rememberStageMessage } from '../../core/playbook/remember-stage-message.js';
import { describeTimelineEntry } from '../../core/timeline/describe-timeline-entry.js';
import { describePostmortemFile, describePostmortemPrompt } from '../../core/postmortem/describe-postmortem-prompt.js';
import { flagRecurrences } from '../../core/postmortem/flag-recurrences.js';
import type { ChatPort } from '../../core/chat-port.js';
import { textView } from '../../core/chat-view.js';
import { DeliveryError } from '../../core/delivery-error.js';

/** Enough suffixes for any real collision; past it something is wrong and an operator should look. */
const MAX_NAME_ATTEMPTS = 20;

/**
 * Carries out one queued intent on a chat platform. Every step is safe to repeat: a retry after a crash
 * finds the channel recorded and the header remembered, and continues from there.
 */
export async function deliverIntent(intent: OutboxIntent, port: ChatPort, ctx: Ctx): Promise<void> {
  if (intent.type === 'triage.post') return deliverTriage(intent.alertId, intent.channel, port, ctx);
  if (intent.type === 'direct.overdue_action') {
    const action = ctx.store.postmortems.actionById(intent.actionId);
    const incident = action ? ctx.store.incidents.byId(action.incidentId) : null;
    // Done or verified since it was queued: nothing to nag about.
    if (!action || !incident || action.status !== 'open') return;
    await port.postDirect(intent.userId, textView(describeOverdueAction(action, incident, port.fmt)));
    return;
  }
  if (intent.type === 'digest.post') {
    await port.post(await port.resolveChannel(intent.channel), textView(describeDigest(ctx, intent.days, port.fmt)));
    return;
  }
  const incident = loadIncident(ctx.store, intent.incidentId);
  switch (intent.type) {
    case 'warroom.open': {
      let opened = incident;
      if (!incident.channelId) {
        const channel = await createWarRoom(port, incident);
        opened = recordWarRoomOpened({ ctx, input: { incidentId: incident.id, channelId: channel.id, channelName: channel.name } });
      }
      const channelId = requireChannel(opened.channelId);
      // Slack parses topics and echoes them in a channel message: the title goes through fmt.text like everywhere else.
      await port.describeRoom(
        channelId,
        `${opened.ref} ${opened.severity.toUpperCase()} · ${port.fmt.text(opened.title)}`,
        `War room for ${opened.ref}. Type /incident help for commands.`,
      );
      const people = [...new Set([opened.declaredBy, opened.leadId])].filter((u): u is string => u !== null);
      if (people.length > 0) await port.invite(channelId, people);
      // The war room exists: tell it if this is the same problem as an earlier incident (posts queue behind).
      flagRecurrences({ ctx, input: { incidentId: opened.id } });
      return;
    }
    case 'warroom.header': {
      const channelId = requireChannel(incident.channelId);
      const view = describeIncident(
        incident,
        ctx.store.roles.forIncident(incident.id),
        ctx.settings.roles,
        ctx.now(),
        ctx.store.schedules.clocksFor(incident.id),
        ctx.store.checkpoints.latest(incident.id),
      );
      if (incident.headerMessageId) {
        await port.update(channelId, incident.headerMessageId, { kind: 'header', incident, view });
      } else {
        const messageId = await port.post(channelId, { kind: 'header', incident, view });
        rememberHeaderMessage({ ctx, input: { incidentId: incident.id, messageId } });
      }
      return;
    }
    case 'warroom.invite':
      await port.invite(requireChannel(incident.channelId), intent.userIds);
      return;
    case 'warroom.post': {
      const entry = ctx.store.timeline.bySeq(incident.id, intent.seq);
      if (!entry) throw new DeliveryError(`timeline entry ${intent.seq} of ${incident.ref} not found`, 'permanent');
      // The close message names the checkpoint that covers it (signed in the same transaction as the close).
      const checkpoint = entry.kind === 'incident.closed' ? (ctx.store.checkpoints.forIncident(incident.id).find((c) => c.seq >= entry.seq) ?? null) : null;
      await port.post(requireChannel(incident.channelId), textView(describeTimelineEntry(entry, port.fmt, ctx.store.people.all(), checkpoint)));
      return;
    }
    case 'warroom.brief': {
      const brief = describeResponderBrief(ctx.store, incident, port.fmt, ctx.now(), { handover: incident.leadId === intent.userId && intent.handover === true });
      await port.postPrivate(requireChannel(incident.channelId), intent.userId, textView(brief));
      return;
    }
    case 'warroom.alerts': {
      const channelId = requireChannel(incident.channelId);
      const storm = ctx.store.storms.byIncident(incident.id);
      if (storm) {
        const splitOut = ctx.store.storms.splitOut(incident.id).map((alert) => ({ alert, to: alert.incidentId ? ctx.store.incidents.byId(alert.incidentId) : null }));
        const view = describeStormSummary(incident, storm, ctx.store.alerts.forIncident(incident.id), splitOut, port.fmt);
        if (incident.alertsMessageId) await port.update(channelId, incident.alertsMessageId, { kind: 'storm', view });
        else rememberAlertsMessage({ ctx, input: { incidentId: incident.id, messageId: await port.post(channelId, { kind: 'storm', view }) } });
      } else {
        const text = describeAlertSummary(ctx.store.alerts.forIncident(incident.id), port.fmt);
        if (incident.alertsMessageId) {
          await port.update(channelId, incident.alertsMessageId, textView(text));
        } else {
          const messageId = await port.post(channelId, textView(text));
          rememberAlertsMessage({ ctx, input: { incidentId: incident.id, messageId } });
        }
      }
      // Alerts that joined may carry ATT&CK techniques an earlier incident on this service had.
      flagRecurrences({ ctx, input: { incidentId: incident.id } });
      return;
    }
    case 'warroom.resolve_prompt': {
      if (incident.status === 'resolved' || incident.status === 'closed') return;
      const f = port.fmt;
      const lead = incident.leadId ? `${f.user(incident.leadId)}: every` : 'Every';
      await port.post(requireChannel(incident.channelId), { kind: 'resolve_prompt', incidentId: incident.id, text: `${lead} alert of ${incident.ref} is resolved. Resolve the incident when you agree it is over.` });
      return;
    }
    case 'warroom.page': {
      const why = `${incident.ref} (${incident.priority ?? incident.severity.toUpperCase()}) needs you: ${port.fmt.text(incident.title)}. Press *Acknowledge* (or \`/incident ack\`) to take it.`;
      await port.page(requireChannel(incident.channelId), intent.group, intent.users, textView(why));
      return;
    }
    case 'playbook.stage': {
      const run = ctx.store.playbooks.run(intent.runId);
      if (!run) throw new DeliveryError(`playbook run ${intent.runId} not found`, 'permanent');
      const stageId = intent.stageId as StageId;
      const view = describeStage(incident, run, ctx.store.playbooks.steps(run.id), stageId, port.fmt, ctx.now());
      if (!view) throw new DeliveryError(`playbook run ${run.id} has no stage ${stageId}`, 'permanent');
      const channelId = requireChannel(incident.channelId);
      const messageId = (JSON.parse(run.stageMessages) as StageMessages)[stageId];
      if (messageId) await port.update(channelId, messageId, { kind: 'stage', view });
      else rememberStageMessage({ ctx, input: { runId: run.id, stageId, messageId: await port.post(channelId, { kind: 'stage', view }) } });
      return;
    }
    case 'approval.post': {
      const approval = ctx.store.approvals.byId(intent.approvalId);
      if (!approval) throw new DeliveryError(`approval ${intent.approvalId} not found`, 'permanent');
      const run = ctx.store.playbooks.run(approval.runId);
      const step = run ? allSteps(JSON.parse(run.definition) as Playbook).find((s) => s.id === approval.stepId) : undefined;
      const view = describeApproval(approval, step?.title ?? approval.stepId, port.fmt);
      const channelId = requireChannel(incident.channelId);
      if (approval.messageId) await port.update(channelId, approval.messageId, { kind: 'approval', view });
      else rememberApprovalMessage({ ctx, input: { approvalId: approval.id, messageId: await port.post(channelId, { kind: 'approval', view }) } });
      return;
    }
    case 'warroom.reminder': {
      const text = describeReminder(ctx.store, incident, intent.reminder, port.fmt, ctx.now());
      if (text) await port.post(requireChannel(incident.channelId), textView(text));
      return;
    }
    case 'postmortem.prompt': {
      const postmortem = ctx.store.postmortems.forIncident(incident.id);
      if (postmortem?.state === 'finalized') return;
      await port.post(requireChannel(incident.channelId), { kind: 'postmortem_prompt', incidentId: incident.id, text: describePostmortemPrompt(incident, postmortem, ctx.settings.postmortemRequired, port.fmt) });
      return;
    }
    case 'postmortem.file': {
      const postmortem = ctx.store.postmortems.forIncident(incident.id);
      if (!postmortem?.markdown) throw new DeliveryError(`${incident.ref} has no finalized postmortem to upload`, 'permanent');
      const file = { filename: `${incident.ref}-postmortem.md`, title: `${incident.ref} postmortem`, content: postmortem.markdown, comment: describePostmortemFile(incident) };
      const channelId = requireChannel(incident.channelId);
      // An upload takes three calls; if the last one's answer was lost, the file is already there: post it once.
      if (await port.findOwnFile(channelId, file.filename, new Date(postmortem.finalizedAt ?? postmortem.updatedAt))) return;
      await port.upload(channelId, file);
      return;
    }
    case 'announce': {
      const channelId = requireChannel(incident.channelId);
      const target = await port.resolveChannel(intent.channel);
      const f = port.fmt;
      await port.post(
        target,
        textView(`:rotating_light: *${incident.ref}* (${incident.severity.toUpperCase()}) ${incident.declaredBy ? `declared by ${f.user(incident.declaredBy)}` : 'opened by an alert'}: ${f.text(incident.title)} — join ${f.channel(channelId, incident.channelName)}`),
      );
      return;
    }
    case 'announce.update': {
      const entry = ctx.store.timeline.bySeq(incident.id, intent.seq);
      if (!entry || entry.kind !== 'update.posted') throw new DeliveryError(`${incident.ref} has no stakeholder update #${intent.seq}`, 'permanent');
      const { text } = JSON.parse(entry.payload) as { text: string };
      const author = actorUserId(Actor.parse(JSON.parse(entry.actor)));
      const f = port.fmt;
      const room = incident.channelId ? ` — ${f.channel(incident.channelId, incident.channelName)}` : '';
      await port.post(
        await port.resolveChannel(intent.channel),
        textView(`:loudspeaker: *${incident.ref}* (${incident.severity.toUpperCase()} · ${incident.status}) ${f.text(incident.title)}\n${f.text(text)}\n_${author ? f.user(author) : 'warroom'}, ${f.time(entry.at)}_${room}`),
      );
      return;
    }
    default: {
      // Every intent is handled above: a new one that is not fails to compile here instead of being marked sent.
      const unhandled: never = intent;
      throw new DeliveryError(`no delivery for intent ${JSON.stringify(unhandled)}`, 'permanent');
    }
  }
}

function requireChannel(channelId: string | null): string {
  // The war room is opened by the first row of the same queue; until then later rows wait their turn.
  if (!channelId) throw new DeliveryError('war room not open yet', 'retry', 1_000);
  return channelId;
}

/**
 * Creates the war room under its planned name, or the next suffix when a name is taken — unless the taken channel
 * is one this bot created for this incident and never got to record (Slack has no idempotency key for
 * conversations.create): that one is adopted, so a retry never leaves a stray `-2`.
 */
async function createWarRoom(port: ChatPort, incident: Incident): Promise<{ id: string; name: string }> {
  const planned = incident.plannedChannelName;
  let name = planned;
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt += 1) {
    const channel = await port.openRoom(name, new Date(incident.declaredAt));
    if (channel) return channel;
    name = warRoomChannelName(incident.number, incident.title, attempt + 1);
  }
  throw new DeliveryError(`every channel name from ${planned} to ${name} is taken`, 'permanent');
}

async function deliverTriage(alertId: number, channelRef: string, port: ChatPort, ctx: Ctx): Promise<void> {
  const alert = ctx.store.alerts.byId(alertId);
  if (!alert) throw new DeliveryError(`alert ${alertId} not found`, 'permanent');
  const view = describeTriageAlert(alert, port.fmt);
  if (alert.triageChannelId && alert.triageMessageId) {
    await port.update(alert.triageChannelId, alert.triageMessageId, { kind: 'triage', view });
    return;
  }
  const channelId = await port.resolveChannel(channelRef);
  const messageId = await port.post(channelId, { kind: 'triage', view });
  rememberTriageMessage({ ctx, input: { alertId, channelId, messageId } });
}
