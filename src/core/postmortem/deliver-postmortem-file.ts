import { DeliveryError } from '../delivery-error.js';
import { loadIncident } from '../incident/load-incident.js';
import type { DeliveryHandler } from '../outbox/delivery-handler.js';
import { requireWarRoom } from '../outbox/require-war-room.js';
import { describePostmortemUpload } from './describe-postmortem-upload.js';

/** `postmortem.file`: uploads the finalized postmortem's Markdown to the war room, once. */
export const deliverPostmortemFile: DeliveryHandler<'postmortem.file'> = async ({ ctx, chat, intent }) => {
  const incident = loadIncident(ctx.store, intent.incidentId);
  const postmortem = ctx.store.postmortems.forIncident(incident.id);
  if (!postmortem?.markdown)
    throw new DeliveryError(`${incident.ref} has no finalized postmortem to upload`, 'permanent');
  const file = describePostmortemUpload(incident, postmortem.markdown, chat.fmt);
  const roomId = requireWarRoom(incident);
  // An upload takes three calls; if the last one's answer was lost, the file is already there: post it once.
  if (await chat.findOwnFile(roomId, file.filename, new Date(postmortem.finalizedAt ?? postmortem.updatedAt))) return;
  await chat.upload(roomId, file);
};
