import type { TriageView } from '../../core/alert/describe-triage-alert.js';
import type { StageView } from '../../core/playbook/describe-stage.js';
import type { ApprovalView } from '../../core/approval/describe-approval.js';
import type { Fmt } from '../../core/fmt.js';
import type { IncidentHeaderView } from '../../core/incident/describe-incident.js';
import type { Incident } from '../../core/incident/incident.js';
import type { StormSummaryView } from '../../core/storm/describe-storm-summary.js';

/**
 * What delivery needs from a chat platform. Slack and the sandbox each implement it; the delivery flow
 * (deliver-intent.ts) is written once against it. Methods throw DeliveryError.
 */
export interface ChatPort {
  readonly fmt: Fmt;
  /** Returns null when the name is taken, so the caller can try the next suffix. */
  createChannel(name: string): Promise<{ id: string; name: string } | null>;
  /**
   * The channel named `name` if this bot created it at or after `since`: a war room an earlier attempt created
   * before it could record it (a crash or a lost answer), to adopt instead of creating `-2`.
   */
  findOwnChannel(name: string, since: Date): Promise<{ id: string; name: string } | null>;
  describeChannel(channelId: string, topic: string, purpose: string): Promise<void>;
  /** Inviting someone already there is not an error. */
  invite(channelId: string, userIds: string[]): Promise<void>;
  postHeader(channelId: string, incident: Incident, view: IncidentHeaderView): Promise<string>;
  updateHeader(channelId: string, messageId: string, incident: Incident, view: IncidentHeaderView): Promise<void>;
  postText(channelId: string, text: string): Promise<string>;
  /** A direct message to a person (Slack DM; the sandbox shows it privately in #general). */
  postDirect(userId: string, text: string): Promise<void>;
  /** A message only `userId` sees. */
  postEphemeral(channelId: string, userId: string, text: string): Promise<void>;
  updateText(channelId: string, messageId: string, text: string): Promise<void>;
  /** A message with a Resolve button for the incident (all its alerts are resolved). */
  postResolvePrompt(channelId: string, incident: Incident, text: string): Promise<void>;
  /** Mention a user group (Slack subteam) and invite its members and the given users. */
  page(channelId: string, group: string | null, userIds: string[], text: string): Promise<void>;
  postTriage(channelId: string, view: TriageView): Promise<string>;
  /** A storm incident's rolled-up alert message, with Declare separately buttons; edited in place as alerts join. */
  postStorm(channelId: string, view: StormSummaryView): Promise<string>;
  updateStorm(channelId: string, messageId: string, view: StormSummaryView): Promise<void>;
  postStage(channelId: string, view: StageView): Promise<string>;
  postApproval(channelId: string, view: ApprovalView): Promise<string>;
  updateApproval(channelId: string, messageId: string, view: ApprovalView): Promise<void>;
  updateStage(channelId: string, messageId: string, view: StageView): Promise<void>;
  updateTriage(channelId: string, messageId: string, view: TriageView): Promise<void>;
  /** Asks for the postmortem, with a Start postmortem button for the incident. */
  postPostmortemPrompt(channelId: string, incident: Incident, text: string): Promise<void>;
  /** A file named `filename` this bot shared into the channel at or after `since` (an upload whose answer was lost). */
  findOwnFile(channelId: string, filename: string, since: Date): Promise<string | null>;
  /** Uploads a text file (the postmortem's Markdown) with a comment; returns the platform's file id. */
  postFile(channelId: string, file: { filename: string; title: string; content: string; comment: string }): Promise<string>;
  /** Turns the configured announcements channel (an id on Slack, a name in the sandbox) into a channel id. */
  resolveChannel(ref: string): Promise<string>;
}
