import type { App } from '@slack/bolt';
import { z } from 'zod';
import { addEvidence } from '../../../../core/evidence/add-evidence.js';
import { formatBytes } from '../../../../core/evidence/format-bytes.js';
import { EVIDENCE_MAX_BYTES } from '../../../../core/evidence/evidence-vault.js';
import { incidentForChannel } from '../../../../core/incident/find-incident.js';
import { downloadFile, DownloadError } from '../../../../infra/evidence/download-file.js';
import { coreCtx, type AdapterDeps } from '../../../adapter-deps.js';
import { replyForError } from '../../slack-replies.js';

/** The parts of files.info's `file` we use (api.slack.com/methods/files.info). */
const SlackFile = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  title: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().int().nonnegative(),
  url_private_download: z.url().optional(),
});

/**
 * The bot token goes only to Slack's file hosts (or, for a self-hosted or test Slack, the configured API's origin):
 * a files.info answer naming any other host is not followed.
 */
export function slackFileHost(apiUrl: string): (url: URL) => boolean {
  const api = new URL(apiUrl);
  return (url) =>
    url.origin === api.origin ||
    (url.protocol === 'https:' &&
      (url.hostname === 'files.slack.com' ||
        url.hostname.endsWith('.slack.com') ||
        url.hostname.endsWith('.slack-edge.com')));
}

/**
 * A file shared in a war room becomes an evidence item: files.info, then its url_private_download with the bot
 * token, refusing more than the vault's limit. Bolt acknowledges the event first, so the download does not race
 * Slack's 3-second limit; the dedupe middleware drops Slack's retries of the same event.
 */
export function registerFileShared(app: App, deps: AdapterDeps, apiUrl: string): void {
  const allowed = slackFileHost(apiUrl);
  app.event('file_shared', async ({ event, body, client, context }) => {
    if (event.user_id === context.botUserId) return;
    const ctx = coreCtx(deps, { type: 'slack', userId: event.user_id }, body.event_id);
    const incident = incidentForChannel({ ctx, channelId: event.channel_id });
    if (!incident) return;
    const tell = (text: string) =>
      client.chat.postEphemeral({ channel: event.channel_id, user: event.user_id, text }).then(() => undefined);
    let name = event.file_id;
    try {
      const info = await client.files.info({ file: event.file_id });
      const file = SlackFile.parse(info.file);
      name = file.name ?? file.title ?? file.id;
      if (file.size > EVIDENCE_MAX_BYTES) {
        await tell(
          `${name} (${formatBytes(file.size)}) was not added to the ${incident.ref} evidence vault: it takes files up to ${formatBytes(EVIDENCE_MAX_BYTES)}. Keep the original in forensic storage and record where it is and its SHA-256 with \`/incident evidence add\`.`,
        );
        return;
      }
      if (!file.url_private_download) throw new DownloadError('Slack gave no download link for it');
      const { bytes, contentType } = await downloadFile(file.url_private_download, {
        token: context.botToken ?? '',
        maxBytes: EVIDENCE_MAX_BYTES,
        isAllowed: allowed,
      });
      // Without files:read Slack answers with its sign-in page instead of the file; storing that would be wrong evidence.
      if (contentType.startsWith('text/html') && !(file.mimetype ?? '').startsWith('text/html'))
        throw new DownloadError('Slack sent a web page instead of the file (is the files:read scope granted?)');
      if (bytes.byteLength !== file.size)
        throw new DownloadError(`got ${bytes.byteLength} bytes, Slack said ${file.size}`);
      addEvidence({
        ctx,
        input: {
          kind: 'file',
          bytes,
          mediaType: file.mimetype,
          incidentId: incident.id,
          description: file.title ?? file.name ?? '',
          source: { chatFileId: file.id, ...(file.name ? { fileName: file.name.slice(0, 255) } : {}) },
          purpose: 'shared in the war room',
        },
      });
      deps.dispatcher.kick();
    } catch (error) {
      // Whoever shared the file hears that it is not in the vault: known causes by name, anything else by request id.
      if (error instanceof DownloadError)
        deps.logger.warn(
          { err: error, requestId: body.event_id, file: event.file_id },
          'shared file not stored as evidence',
        );
      const reason = error instanceof DownloadError ? error.message : replyForError(error, body.event_id, deps.logger);
      await tell(`${name} was not added to the ${incident.ref} evidence vault: ${reason}`);
    }
  });
}
