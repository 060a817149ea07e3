import { Actor, actorUserId } from '../actor.js';
import { userOrNobody, type Fmt } from '../fmt.js';
import { evidenceLabel, shortHash } from '../evidence/evidence-item.js';
import { TimelineEvent, type TimelineEntry } from './timeline-event.js';
import { describeRecurrence } from '../postmortem/describe-recurrence.js';
import { CATEGORY_LABELS } from '../postmortem/postmortem.js';
import type { TimelineCheckpoint } from './timeline-checkpoint.js';
import { describeCheckpoint } from './describe-checkpoint.js';
import { describeOpenWork } from '../incident/describe-open-work.js';

/** Alerts named one by one in a line of rolled-up repeats; a storm's entry may hold a hundred. */
const REPEATS_NAMED = 5;
const count = (n: number) => n.toLocaleString('en-US');

/** Names of people by user id (the people directory, `store.people.all()`). */
export type PeopleNames = ReadonlyMap<string, string>;

/** The person behind an entry's actor, or null when an alert or warroom itself made the change. */
function actorOf(entry: Pick<TimelineEntry, 'actor'>): string | null {
  const parsed = Actor.safeParse(JSON.parse(entry.actor || 'null') as unknown);
  return parsed.success ? actorUserId(parsed.data) : null;
}

/**
 * One line of text for a timeline entry, as shown in `/incident timeline`, posted to the war room and written into
 * the postmortem. Every act of a person says who did it, by name and id (`fmt.person`), so the record shows four
 * eyes without a database query: the requester of an action and its approver are both named. `checkpoint` is the
 * signed checkpoint covering the entry, named in the close message.
 */
export function describeTimelineEntry(
  entry: Pick<TimelineEntry, 'kind' | 'payload' | 'actor'>,
  fmt: Fmt,
  people: PeopleNames,
  checkpoint: TimelineCheckpoint | null = null,
): string {
  const parsed = TimelineEvent.safeParse({ kind: entry.kind, payload: JSON.parse(entry.payload) as unknown });
  if (!parsed.success) return `${entry.kind} (unreadable payload)`;
  const event = parsed.data;
  const person = (userId: string) => fmt.person(userId, people.get(userId));
  const actor = actorOf(entry);
  /** " by <name> (<id>)" for a person's act; nothing when warroom or an alert did it. */
  const by = actor ? ` by ${person(actor)}` : '';
  switch (event.kind) {
    case 'incident.declared':
      return `${fmt.icon('rotating_light')} Declared ${event.payload.ref} (${event.payload.severity.toUpperCase()})${by}: ${fmt.text(event.payload.title)} — lead ${userOrNobody(fmt, event.payload.lead)}`;
    case 'incident.acknowledged':
      return `${fmt.icon('eyes')} Acknowledged by ${person(event.payload.by)}`;
    case 'status.changed': {
      const note = event.payload.note ? ` — ${fmt.text(event.payload.note)}` : '';
      const open = event.payload.openWork
        ? ` — resolved with playbook work still open (confirmed): ${describeOpenWork(event.payload.openWork, fmt)}`
        : '';
      return `${fmt.icon('arrows_counterclockwise')} Status ${event.payload.from} → ${fmt.bold(event.payload.to)}${by}${note}${open}`;
    }
    case 'severity.changed':
      return `${fmt.icon('warning')} Severity ${event.payload.from.toUpperCase()} → ${fmt.bold(event.payload.to.toUpperCase())}${by}`;
    case 'lead.assigned':
      if (actor === event.payload.to) {
        return `${fmt.icon('crown')} ${person(event.payload.to)} took the lead${event.payload.from ? ` from ${fmt.user(event.payload.from)}` : ''}`;
      }
      return event.payload.from
        ? `${fmt.icon('crown')} Lead handed over from ${fmt.user(event.payload.from)} to ${fmt.user(event.payload.to)}${by}`
        : `${fmt.icon('crown')} ${fmt.user(event.payload.to)} leads${actor ? `, assigned${by}` : ''}`;
    case 'role.assigned': {
      const from = event.payload.from ? ` (was ${fmt.user(event.payload.from)})` : '';
      return `${fmt.icon('busts_in_silhouette')} ${fmt.user(event.payload.to)} is now ${fmt.bold(event.payload.role)}${from}${actor ? `, assigned${by}` : ''}`;
    }
    case 'note.added':
      return `${fmt.icon('memo')} Note${by}: ${fmt.text(event.payload.text)}`;
    case 'update.posted':
      return `${fmt.icon('loudspeaker')} Stakeholder update${by}: ${fmt.text(event.payload.text)}`;
    case 'bridge.set':
      return event.payload.url
        ? `${fmt.icon('telephone_receiver')} Bridge${actor ? ` set${by}` : ''}: ${fmt.text(event.payload.url)}`
        : `${fmt.icon('telephone_receiver')} Bridge removed${by}`;
    case 'message.pinned': {
      const author = event.payload.author ? `${fmt.user(event.payload.author)}: ` : '';
      return `${fmt.icon('pushpin')} ${author}${fmt.text(event.payload.text)}${actor ? ` — pinned${by}` : ''}`;
    }
    case 'warroom.opened':
      return `${fmt.icon('door')} War room ${fmt.channel(event.payload.channelId, event.payload.channelName)} opened`;
    case 'incident.closed': {
      const ended = (event.payload.clocksEnded ?? []).map((c) => `${fmt.text(c.title)} (due ${fmt.time(c.deadline)})`);
      const clocks = ended.length > 0 ? ` — clocks not recorded as met, no longer reminded: ${ended.join(', ')}` : '';
      return `${fmt.icon('white_check_mark')} Incident closed${by}${clocks}${checkpoint ? ` — ${describeCheckpoint(checkpoint, fmt)}` : ''}`;
    }
    case 'alert.received':
      return `${fmt.icon('bell')} ${event.payload.priority} alert from ${event.payload.source} (${event.payload.severity}): ${fmt.text(event.payload.title)} — ${event.payload.reason}`;
    case 'alert.repeated':
      return `${fmt.icon('repeat')} Alert #${event.payload.alertId} fired again (${event.payload.count} times)`;
    case 'alerts.repeated': {
      const { repeats, from, to, alerts } = event.payload;
      const which = alerts
        .slice(0, REPEATS_NAMED)
        .map((a) => `#${a.alertId} ×${count(a.repeats)}`)
        .join(', ');
      const more = alerts.length > REPEATS_NAMED ? ` and ${alerts.length - REPEATS_NAMED} more alerts` : '';
      const span = from === to ? fmt.time(from) : `${fmt.time(from)}–${fmt.time(to)}`;
      return `${fmt.icon('repeat')} +${count(repeats)} repeat${repeats === 1 ? '' : 's'} ${span}: alert ${which}${more}`;
    }
    case 'alert.resolved':
      return `${fmt.icon('large_green_circle')} Alert resolved: ${fmt.text(event.payload.title)}`;
    case 'playbook.attached':
      return `${fmt.icon('books')} Playbook ${fmt.bold(fmt.text(event.payload.title))} (v${event.payload.version}) attached${by} — ${fmt.text(event.payload.reason)}`;
    case 'playbook.detached':
      return `${fmt.icon('books')} Playbook ${event.payload.playbookId} detached${by} — ${fmt.text(event.payload.reason)}`;
    case 'step.claimed':
      return `${fmt.icon('raising_hand')} ${person(event.payload.by)} is on "${fmt.text(event.payload.title)}"`;
    case 'step.completed':
      return `${fmt.icon('white_check_mark')} Done${by}: ${fmt.text(event.payload.title)}`;
    case 'step.skipped':
      return `${fmt.icon('fast_forward')} Skipped${by}: ${fmt.text(event.payload.title)} — ${fmt.text(event.payload.reason)}`;
    case 'step.marked_na':
      return `${fmt.icon('heavy_minus_sign')} Not applicable${by}: ${fmt.text(event.payload.title)} — ${fmt.text(event.payload.reason)}`;
    case 'step.answered':
      return `${fmt.icon('twisted_rightwards_arrows')} ${fmt.text(event.payload.question)} → ${fmt.bold(fmt.text(event.payload.answer))}${actor ? ` (decided${by})` : ''}`;
    case 'stage.reopened':
      return `${fmt.icon('leftwards_arrow_with_hook')} Stage ${event.payload.stageId} reopened${by} (${event.payload.reopenedSteps.length} steps) — ${fmt.text(event.payload.reason)}`;
    case 'action.requested':
      return `${fmt.icon('raised_hand')} Approval requested${by} for ${fmt.bold(event.payload.action)} ${fmt.text(JSON.stringify(event.payload.params))} — needs ${event.payload.approverRole}, not the requester`;
    case 'action.approved':
      return `${fmt.icon('ballot_box_with_check')} ${fmt.bold(event.payload.action)} approved${by}`;
    case 'action.rejected':
      return `${fmt.icon('no_entry')} ${fmt.bold(event.payload.action)} rejected${by} — ${fmt.text(event.payload.reason)}`;
    case 'action.executed':
      return `${event.payload.ok ? fmt.icon('white_check_mark') : fmt.icon('x')} ${fmt.bold(event.payload.action)} ${event.payload.ok ? 'ran' : 'failed'} via ${event.payload.executor}: ${fmt.text(JSON.stringify(event.payload.detail).slice(0, 500))}`;
    case 'evidence.added':
      return `${fmt.icon('lock')} Evidence ${evidenceLabel({ id: event.payload.itemId })} (${event.payload.kind}) stored${by}: ${fmt.text(event.payload.description)} — sha256 ${shortHash(event.payload.sha256)}…`;
    case 'incident.escalated':
      return `${fmt.icon('mega')} Not acknowledged after ${event.payload.afterMinutes} min: escalated to level ${event.payload.level}`;
    case 'clock.started':
      return `${fmt.icon('stopwatch')} Clock started: ${fmt.text(event.payload.title)} — due ${fmt.time(event.payload.deadline)}`;
    case 'clock.stopped':
      return `${fmt.icon('stopwatch')} Clock stopped${event.payload.onTime ? ' in time' : ' after its deadline'}: ${fmt.text(event.payload.title)}${event.payload.by ? ` by ${person(event.payload.by)}` : ''}`;
    case 'clock.missed':
      return `${fmt.icon('rotating_light')} Deadline missed: ${fmt.text(event.payload.title)} (was due ${fmt.time(event.payload.deadline)})`;
    case 'alerts.all_resolved':
      return `${fmt.icon('large_green_circle')} All ${event.payload.alerts} alerts of this incident are resolved. Lead: resolve the incident when you agree.`;
    case 'storm.started':
      return `${fmt.icon('cyclone')} Alert storm: more than ${event.payload.maxWarRooms} war rooms would have opened within ${event.payload.windowMinutes} min, so alerts join this incident instead, starting with ${fmt.text(event.payload.title)}`;
    case 'storm.alerts_joined':
      return `${fmt.icon('cyclone')} ${event.payload.alerts} more alert${event.payload.alerts === 1 ? '' : 's'} joined the storm (${event.payload.total} in all)${event.payload.services.length > 0 ? `: ${fmt.text(event.payload.services.join(', '))}` : ''}`;
    case 'storm.split':
      return `${fmt.icon('scissors')} ${person(event.payload.by)} declared ${fmt.text(event.payload.what)} separately: ${event.payload.from} → ${event.payload.to} (${event.payload.alertIds.length} alert${event.payload.alertIds.length === 1 ? '' : 's'})`;
    case 'postmortem.started':
      return `${fmt.icon('mag')} Postmortem started${by}: ${fmt.text(event.payload.problem)} — answer the whys with ${fmt.command('postmortem why <answer>')}`;
    case 'postmortem.problem_set':
      return `${fmt.icon('mag')} Postmortem problem statement${actor ? ` set${by}` : ''}: ${fmt.text(event.payload.problem)}`;
    case 'postmortem.why_added':
      return `${fmt.icon('question')} Why ${event.payload.depth} (chain ${event.payload.chain})${actor ? `, answered${by}` : ''}: ${fmt.text(event.payload.answer)}`;
    case 'postmortem.chain_started':
      return `${fmt.icon('link')} Causal chain ${event.payload.chain} started${by}`;
    case 'postmortem.category_set':
      return `${fmt.icon('label')} Root-cause category: ${fmt.bold(CATEGORY_LABELS[event.payload.to])}${actor ? ` (set${by})` : ''}`;
    case 'postmortem.note_added': {
      const label = { factor: 'Contributing factor', went_well: 'Went well', lesson: 'Lesson' }[event.payload.kind];
      return `${fmt.icon('memo')} ${label}${actor ? `, noted${by}` : ''}: ${fmt.text(event.payload.text)}`;
    }
    case 'postmortem.finalized':
      return `${fmt.icon('scroll')} Postmortem finalized${by} — ${CATEGORY_LABELS[event.payload.category]}, ${event.payload.chains} causal chain(s), ${event.payload.whys} whys, ${event.payload.actions} corrective action(s)`;
    case 'corrective_action.added':
      return `${fmt.icon('hammer_and_wrench')} Corrective action ${fmt.bold(`A${event.payload.number}`)} (${event.payload.kind}) added${by} for ${fmt.user(event.payload.owner)}, due ${event.payload.due}: ${fmt.text(event.payload.title)} — verified when: ${fmt.text(event.payload.verification)}`;
    case 'corrective_action.done':
      return `${fmt.icon('white_check_mark')} Corrective action ${fmt.bold(`A${event.payload.number}`)} done${by}: ${fmt.text(event.payload.title)} — ${fmt.text(event.payload.evidence)}. Someone other than the owner verifies it with ${fmt.command(`action verify A${event.payload.number}`)}`;
    case 'corrective_action.verified':
      return `${fmt.icon('ballot_box_with_check')} Corrective action ${fmt.bold(`A${event.payload.number}`)} verified${by}: ${fmt.text(event.payload.title)}`;
    case 'recurrence.flagged':
      return describeRecurrence(event.payload, fmt);
  }
}
