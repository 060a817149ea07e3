import type { ChatFile } from '../chat-port.js';
import type { Fmt } from '../fmt.js';
import type { Incident } from '../incident/incident.js';
import { describePostmortemFile } from './describe-postmortem-prompt.js';

/** The finalized postmortem as a file for the war room: its name, title, Markdown and the comment beside it. */
export function describePostmortemUpload(incident: Incident, markdown: string, fmt: Fmt): ChatFile {
  return {
    filename: `${incident.ref}-postmortem.md`,
    title: `${incident.ref} postmortem`,
    content: markdown,
    comment: describePostmortemFile(incident, fmt),
  };
}
