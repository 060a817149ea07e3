import type { KnownBlock } from '@slack/types';
import type { HeaderButton, IncidentHeaderView } from '../../../core/incident/describe-incident.js';
import type { Incident } from '../../../core/incident/incident.js';
import { ACTION } from '../ids.js';
import { slackFmt } from '../slack-fmt.js';
import { userOrNobody } from '../../../core/fmt.js';
import { describeCheckpoint } from '../../../core/timeline/describe-checkpoint.js';

const STATUS_LABEL: Record<string, string> = {
  declared: ':red_circle: Declared',
  investigating: ':mag: Investigating',
  identified: ':dart: Identified',
  monitoring: ':eyes: Monitoring',
  resolved: ':white_check_mark: Resolved',
  closed: ':lock: Closed',
};

const BUTTONS: Record<HeaderButton, { text: string; action: string; style?: 'primary' | 'danger' }> = {
  acknowledge: { text: 'Acknowledge', action: ACTION.acknowledge, style: 'primary' },
  take_lead: { text: "I'll lead", action: ACTION.takeLead },
  update_status: { text: 'Update status', action: ACTION.updateStatus },
  resolve: { text: 'Resolve', action: ACTION.resolve, style: 'danger' },
};

/** The war-room header: edited in place on every change, so it always shows the current state. */
export function headerBlocks(incident: Incident, view: IncidentHeaderView): { text: string; blocks: KnownBlock[] } {
  const f = slackFmt;
  const roles = view.roles.map((r) => `${r.role}: ${r.userId ? f.user(r.userId) : '_unassigned_'}`).join(' · ');
  const blocks: KnownBlock[] = [
    // plain_text: the title is shown literally, never parsed as mrkdwn or mentions.
    { type: 'header', text: { type: 'plain_text', text: view.heading, emoji: false } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Severity*\n${view.severity}` },
        { type: 'mrkdwn', text: `*Status*\n${STATUS_LABEL[view.status] ?? view.status}` },
        { type: 'mrkdwn', text: `*Lead*\n${userOrNobody(f, view.leadId, "_nobody yet — press I'll lead_")}` },
        { type: 'mrkdwn', text: `*Elapsed*\n${view.elapsed}` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*Roles* ${roles}` } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Declared ${f.time(view.declaredAt)} by ${incident.declaredBy ? f.user(incident.declaredBy) : 'an alert'} · \`/incident help\``,
        },
      ],
    },
  ];
  if (view.bridgeUrl) {
    // Escaped, and Slack links a bare https URL by itself: no <url|label> a crafted link could abuse.
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `:telephone_receiver: *Bridge* ${f.text(view.bridgeUrl)}` },
    });
  }
  if (view.clocks.length > 0) {
    const icon = { running: ':stopwatch:', stopped: ':white_check_mark:', missed: ':rotating_light:' } as const;
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: view.clocks
            .map((c) => `${icon[c.state]} ${f.text(c.title)} · due ${f.time(c.deadline)} · ${c.remaining}`)
            .join('\n')
            .slice(0, 3000),
        },
      ],
    });
  }
  if (view.detection) {
    const d = view.detection;
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Detected ${f.time(d.detectedAt)} · received ${d.toReceive} · war room ${d.toWarRoom}${d.toAcknowledge ? ` · acknowledged ${d.toAcknowledge}` : ' · not acknowledged yet'}`,
        },
      ],
    });
  }
  // The checkpoint line has no user input in it: a checkpoint number, a count and hex.
  if (view.checkpoint)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:lock: ${describeCheckpoint(view.checkpoint, f)}` }],
    });
  if (view.buttons.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'incident_header_actions',
      elements: view.buttons.map((b) => {
        const spec = BUTTONS[b];
        return {
          type: 'button' as const,
          action_id: spec.action,
          text: { type: 'plain_text' as const, text: spec.text },
          value: String(incident.id),
          ...(spec.style ? { style: spec.style } : {}),
        };
      }),
    });
  }
  return { text: `${incident.ref} ${view.severity} ${view.status}: ${f.text(incident.title)}`, blocks };
}
