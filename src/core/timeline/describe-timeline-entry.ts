import { userOrNobody, type Fmt } from '../fmt.js';
import { evidenceLabel, shortHash } from '../evidence/evidence-item.js';
import { TimelineEvent, type TimelineEntry } from './timeline-event.js';
import { describeRecurrence } from '../postmortem/describe-recurrence.js';
import { CATEGORY_LABELS } from '../postmortem/postmortem.js';
import type { TimelineCheckpoint } from './timeline-checkpoint.js';
import { describeCheckpoint } from './describe-checkpoint.js';
import { describeOpenWork } from '../incident/describe-open-work.js';

/**
 * One line of text for a timeline entry, as shown in `/incident timeline` and posted to the war room. `checkpoint`
 * is the signed checkpoint covering the entry, named in the close message.
 */
export function describeTimelineEntry(entry: Pick<TimelineEntry, 'kind' | 'payload'>, fmt: Fmt, checkpoint: TimelineCheckpoint | null = null): string {
  const parsed = TimelineEvent.safeParse({ kind: entry.kind, payload: JSON.parse(entry.payload) as unknown });
  if (!parsed.success) return `${entry.kind} (unreadable payload)`;
  const event = parsed.data;
  switch (event.kind) {
    case 'incident.declared':
      return `:rotating_light: Declared ${event.payload.ref} (${event.payload.severity.toUpperCase()}): ${fmt.text(event.payload.title)} — lead ${userOrNobody(fmt, event.payload.lead)}`;
    case 'incident.acknowledged':
      return `:eyes: Acknowledged by ${fmt.user(event.payload.by)}`;
    case 'status.changed': {
      const note = event.payload.note ? ` — ${fmt.text(event.payload.note)}` : '';
      const open = event.payload.openWork ? ` — resolved with playbook work still open (confirmed): ${describeOpenWork(event.payload.openWork, fmt)}` : '';
      return `:arrows_counterclockwise: Status ${event.payload.from} → *${event.payload.to}*${note}${open}`;
    }
    case 'severity.changed':
      return `:warning: Severity ${event.payload.from.toUpperCase()} → *${event.payload.to.toUpperCase()}*`;
    case 'lead.assigned':
      return event.payload.from
        ? `:crown: Lead handed over from ${fmt.user(event.payload.from)} to ${fmt.user(event.payload.to)}`
        : `:crown: ${fmt.user(event.payload.to)} leads`;
    case 'role.assigned': {
      const from = event.payload.from ? ` (was ${fmt.user(event.payload.from)})` : '';
      return `:busts_in_silhouette: ${fmt.user(event.payload.to)} is now *${event.payload.role}*${from}`;
    }
    case 'note.added':
      return `:memo: ${fmt.text(event.payload.text)}`;
    case 'update.posted':
      return `:loudspeaker: Stakeholder update: ${fmt.text(event.payload.text)}`;
    case 'bridge.set':
      return event.payload.url ? `:telephone_receiver: Bridge: ${fmt.text(event.payload.url)}` : ':telephone_receiver: Bridge removed';
    case 'message.pinned': {
      const author = event.payload.author ? `${fmt.user(event.payload.author)}: ` : '';
      return `:pushpin: ${author}${fmt.text(event.payload.text)}`;
    }
    case 'warroom.opened':
      return `:door: War room ${fmt.channel(event.payload.channelId, event.payload.channelName)} opened`;
    case 'incident.closed':
      return `:white_check_mark: Incident closed${checkpoint ? ` — ${describeCheckpoint(checkpoint)}` : ''}`;
    case 'alert.received':
      return `:bell: ${event.payload.priority} alert from ${event.payload.source} (${event.payload.severity}): ${fmt.text(event.payload.title)} — ${event.payload.reason}`;
    case 'alert.repeated':
      return `:repeat: Alert #${event.payload.alertId} fired again (${event.payload.count} times)`;
    case 'alert.resolved':
      return `:large_green_circle: Alert resolved: ${fmt.text(event.payload.title)}`;
    case 'playbook.attached':
      return `:books: Playbook *${fmt.text(event.payload.title)}* (v${event.payload.version}) attached — ${fmt.text(event.payload.reason)}`;
    case 'playbook.detached':
      return `:books: Playbook ${event.payload.playbookId} detached — ${fmt.text(event.payload.reason)}`;
    case 'step.claimed':
      return `:raising_hand: ${fmt.user(event.payload.by)} is on "${fmt.text(event.payload.title)}"`;
    case 'step.completed':
      return `:white_check_mark: Done: ${fmt.text(event.payload.title)}`;
    case 'step.skipped':
      return `:fast_forward: Skipped: ${fmt.text(event.payload.title)} — ${fmt.text(event.payload.reason)}`;
    case 'step.marked_na':
      return `:heavy_minus_sign: Not applicable: ${fmt.text(event.payload.title)} — ${fmt.text(event.payload.reason)}`;
    case 'step.answered':
      return `:twisted_rightwards_arrows: ${fmt.text(event.payload.question)} → *${fmt.text(event.payload.answer)}*`;
    case 'stage.reopened':
      return `:leftwards_arrow_with_hook: Stage ${event.payload.stageId} reopened (${event.payload.reopenedSteps.length} steps) — ${fmt.text(event.payload.reason)}`;
    case 'action.requested':
      return `:raised_hand: Approval requested for *${event.payload.action}* ${fmt.text(JSON.stringify(event.payload.params))} — needs ${event.payload.approverRole}, not the requester`;
    case 'action.approved':
      return `:ballot_box_with_check: *${event.payload.action}* approved`;
    case 'action.rejected':
      return `:no_entry: *${event.payload.action}* rejected — ${fmt.text(event.payload.reason)}`;
    case 'action.executed':
      return `${event.payload.ok ? ':white_check_mark:' : ':x:'} *${event.payload.action}* ${event.payload.ok ? 'ran' : 'failed'} via ${event.payload.executor}: ${fmt.text(JSON.stringify(event.payload.detail).slice(0, 500))}`;
    case 'evidence.added':
      return `:lock: Evidence ${evidenceLabel({ id: event.payload.itemId })} (${event.payload.kind}) stored: ${fmt.text(event.payload.description)} — sha256 ${shortHash(event.payload.sha256)}…`;
    case 'incident.escalated':
      return `:mega: Not acknowledged after ${event.payload.afterMinutes} min: escalated to level ${event.payload.level}`;
    case 'clock.started':
      return `:stopwatch: Clock started: ${fmt.text(event.payload.title)} — due ${fmt.time(event.payload.deadline)}`;
    case 'clock.stopped':
      return `:stopwatch: Clock stopped${event.payload.onTime ? ' in time' : ' after its deadline'}: ${fmt.text(event.payload.title)}${event.payload.by ? ` by ${fmt.user(event.payload.by)}` : ''}`;
    case 'clock.missed':
      return `:rotating_light: Deadline missed: ${fmt.text(event.payload.title)} (was due ${fmt.time(event.payload.deadline)})`;
    case 'alerts.all_resolved':
      return `:large_green_circle: All ${event.payload.alerts} alerts of this incident are resolved. Lead: resolve the incident when you agree.`;
    case 'storm.started':
      return `:cyclone: Alert storm: more than ${event.payload.maxWarRooms} war rooms would have opened within ${event.payload.windowMinutes} min, so alerts join this incident instead, starting with ${fmt.text(event.payload.title)}`;
    case 'storm.alerts_joined':
      return `:cyclone: ${event.payload.alerts} more alert${event.payload.alerts === 1 ? '' : 's'} joined the storm (${event.payload.total} in all)${event.payload.services.length > 0 ? `: ${fmt.text(event.payload.services.join(', '))}` : ''}`;
    case 'storm.split':
      return `:scissors: ${fmt.user(event.payload.by)} declared ${fmt.text(event.payload.what)} separately: ${event.payload.from} → ${event.payload.to} (${event.payload.alertIds.length} alert${event.payload.alertIds.length === 1 ? '' : 's'})`;
    case 'postmortem.started':
      return `:mag: Postmortem started: ${fmt.text(event.payload.problem)} — answer the whys with \`/incident postmortem why <answer>\``;
    case 'postmortem.problem_set':
      return `:mag: Postmortem problem statement: ${fmt.text(event.payload.problem)}`;
    case 'postmortem.why_added':
      return `:question: Why ${event.payload.depth} (chain ${event.payload.chain}): ${fmt.text(event.payload.answer)}`;
    case 'postmortem.chain_started':
      return `:link: Causal chain ${event.payload.chain} started`;
    case 'postmortem.category_set':
      return `:label: Root-cause category: *${CATEGORY_LABELS[event.payload.to]}*`;
    case 'postmortem.note_added': {
      const label = { factor: 'Contributing factor', went_well: 'Went well', lesson: 'Lesson' }[event.payload.kind];
      return `:memo: ${label}: ${fmt.text(event.payload.text)}`;
    }
    case 'postmortem.finalized':
      return `:scroll: Postmortem finalized — ${CATEGORY_LABELS[event.payload.category]}, ${event.payload.chains} causal chain(s), ${event.payload.whys} whys, ${event.payload.actions} corrective action(s)`;
    case 'corrective_action.added':
      return `:hammer_and_wrench: Corrective action *A${event.payload.number}* (${event.payload.kind}) for ${fmt.user(event.payload.owner)}, due ${event.payload.due}: ${fmt.text(event.payload.title)} — verified when: ${fmt.text(event.payload.verification)}`;
    case 'corrective_action.done':
      return `:white_check_mark: Corrective action *A${event.payload.number}* done: ${fmt.text(event.payload.title)} — ${fmt.text(event.payload.evidence)}. Someone other than the owner verifies it with \`/incident action verify A${event.payload.number}\``;
    case 'corrective_action.verified':
      return `:ballot_box_with_check: Corrective action *A${event.payload.number}* verified: ${fmt.text(event.payload.title)}`;
    case 'recurrence.flagged':
      return describeRecurrence(event.payload, fmt);
  }
}
