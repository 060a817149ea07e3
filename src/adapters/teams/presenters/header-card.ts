import type { HeaderButton, IncidentHeaderView } from '../../../core/incident/describe-incident.js';
import type { Incident } from '../../../core/incident/incident.js';
import { userOrNobody } from '../../../core/fmt.js';
import { describeCheckpoint } from '../../../core/timeline/describe-checkpoint.js';
import { VERB } from '../ids.js';
import type { CardAction, CardActivity, CardElement } from './adaptive-card.js';
import type { CardContext, CardDraft } from './build-card-activity.js';
import { container, execute, taskFetch, textBlock } from './card-elements.js';
import { fitCard } from './fit-card.js';
import { trimNote } from './trim-note.js';

const STATUS_LABEL: Record<string, string> = {
  declared: '🔴 Declared',
  investigating: '🔍 Investigating',
  identified: '🎯 Identified',
  monitoring: '👀 Monitoring',
  resolved: '✅ Resolved',
  closed: '🔒 Closed',
};

function button(b: HeaderButton, incident: Incident): CardAction {
  const data = { incidentId: incident.id };
  switch (b) {
    case 'acknowledge':
      return execute(VERB.acknowledge, 'Acknowledge', data, { style: 'positive' });
    case 'take_lead':
      return execute(VERB.takeLead, "I'll lead", data);
    case 'update_status':
      // The shared layer answers with the status form (src/interactions/status-form.ts): a dialog, which only a
      // task/fetch button can open (teams-dialogs.ts runs the same press and shows the form).
      return taskFetch(VERB.updateStatus, 'Update status', data);
    case 'resolve':
      return execute(VERB.resolve, 'Resolve', data, { style: 'destructive' });
  }
}

/** The war-room header: edited in place on every change, so it always shows the current state. */
export function headerCard(incident: Incident, view: IncidentHeaderView, ctx: CardContext): CardActivity {
  const f = ctx.fmt;
  const roles = view.roles
    .map((r) => `${f.text(r.role)}: ${r.userId ? f.user(r.userId) : f.em('unassigned')}`)
    .join(' · ');
  const clocks = textBlock(
    view.clocks
      .map(
        (c) =>
          `${f.icon(c.state === 'running' ? 'stopwatch' : c.state === 'stopped' ? 'white_check_mark' : 'rotating_light')} ${f.text(c.title)} · due ${f.time(c.deadline)} · ${f.text(c.remaining)}`,
      )
      .join('\n'),
    { isSubtle: true, size: 'Small' },
  );
  const body: CardElement[] = [
    // The title is the declarer's words: escaped, so it cannot mention, link or format.
    container([textBlock(f.text(view.heading), { style: 'heading', size: 'Large', weight: 'Bolder' })], {
      style:
        view.status === 'resolved' || view.status === 'closed'
          ? 'good'
          : view.severity === 'SEV1' || view.severity === 'SEV2'
            ? 'attention'
            : 'emphasis',
    }),
    textBlock(
      `${f.bold('Severity')} ${f.text(view.severity)} · ${f.bold('Status')} ${STATUS_LABEL[view.status] ?? f.text(view.status)} · ${f.text(view.elapsed)}`,
    ),
    textBlock(`${f.bold('Lead')} ${userOrNobody(f, view.leadId, f.em("nobody yet — press I'll lead"))}`, {
      spacing: 'Small',
    }),
    textBlock(`${f.bold('Roles')} ${roles || f.em('none')}`, { spacing: 'Small' }),
  ];
  if (view.bridgeUrl)
    body.push(
      textBlock(
        `${f.icon('telephone_receiver')} ${f.bold('Bridge')} ${f.link(view.bridgeUrl, f.text(view.bridgeUrl))}`,
        { spacing: 'Small' },
      ),
    );
  if (view.clocks.length > 0) body.push(clocks);
  if (view.detection) {
    const d = view.detection;
    body.push(
      textBlock(
        `Detected ${f.time(d.detectedAt)} · received ${d.toReceive} · war room ${d.toWarRoom}${d.toAcknowledge ? ` · acknowledged ${d.toAcknowledge}` : ' · not acknowledged yet'}`,
        { isSubtle: true, size: 'Small' },
      ),
    );
  }
  // The checkpoint line has no user input in it: a checkpoint number, a count and hex.
  if (view.checkpoint)
    body.push(
      textBlock(`${f.icon('lock')} ${describeCheckpoint(view.checkpoint, f)}`, { isSubtle: true, size: 'Small' }),
    );
  body.push(
    textBlock(
      `Declared ${f.time(view.declaredAt)} by ${incident.declaredBy ? f.user(incident.declaredBy) : 'an alert'} · ${f.command('help')}`,
      { isSubtle: true, size: 'Small' },
    ),
  );
  const draft: CardDraft = {
    body,
    actions: view.buttons.map((b) => button(b, incident)),
    summary: `${incident.ref} ${view.severity} ${view.status}: ${f.text(incident.title)}`,
    refresh: { card: 'header', incidentId: incident.id },
    trimmable: view.clocks.length > 0 ? [{ block: clocks, note: trimNote(f) }] : [],
  };
  return fitCard(draft, ctx).activity;
}
