import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import type { Fmt } from '../fmt.js';
import { loadIncident } from '../incident/load-incident.js';
import { requirePerson } from '../incident/require-person.js';
import { collectEvidence, type CollectedEvidence } from './collect-evidence.js';
import { EvidenceSource } from './evidence-item.js';
import { EVIDENCE_MAX_BYTES } from './evidence-vault.js';
import { formatBytes } from './format-bytes.js';
import { requireVault } from './require-vault.js';

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

const MEDIA_TYPES = { text: 'text/plain; charset=utf-8', url: 'text/uri-list' } as const;

export const AddEvidenceInput = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(40_000) }),
    z.object({ kind: z.literal('url'), url: z.url({ protocol: /^https?$/ }) }),
    z.object({
      kind: z.literal('file'),
      bytes: z
        .custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes')
        .refine((b) => b.byteLength > 0, 'the file is empty'),
      /** As the platform reported it; anything unrecognisable is stored as application/octet-stream. */
      mediaType: z.string().optional(),
    }),
  ])
  .and(
    z.object({
      incidentId: z.number().int(),
      description: z.string().trim().max(500).default(''),
      source: EvidenceSource.default({}),
      /** Why it was collected (NIST): "shared in the war room", "added with the evidence add command". */
      purpose: z.string().trim().min(1).max(300),
    }),
  );
export type AddEvidenceInput = z.input<typeof AddEvidenceInput>;

function explain(fmt: Fmt, error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue?.path.join('.') ?? '';
  if (field === 'url')
    return `That is not an http(s) URL. Usage: ${fmt.command('evidence add https://… [description]')}.`;
  if (field.startsWith('source.'))
    return `${issue?.message ?? 'Bad identifier'}. Identifiers go first: ${fmt.command('evidence add host=web-7 ip=10.0.0.5 serial=XYZ <text>')}.`;
  if (field === 'text')
    return `Write the evidence after the command (up to 40,000 characters): ${fmt.command('evidence add <text or URL>')}.`;
  return `Evidence not stored: ${issue?.message ?? 'invalid input'}.`;
}

/**
 * A responder adds evidence: typed text, a URL (stored as the URL string only — warroom never fetches what users
 * give it), or a file shared in the war room. Identical bytes already in the incident's vault are not stored twice.
 * Evidence may arrive after an incident is closed (forensics often does), so the incident need not be open.
 */
export function addEvidence({ ctx, input }: { ctx: Ctx; input: AddEvidenceInput }): CollectedEvidence {
  const parsed = AddEvidenceInput.safeParse(input);
  if (!parsed.success) {
    const error = parsed.error;
    throw new ValidationError((fmt) => explain(fmt, error));
  }
  const args = parsed.data;
  requirePerson(ctx.actor);
  const vault = requireVault(ctx);
  const bytes = args.kind === 'file' ? args.bytes : Buffer.from(args.kind === 'text' ? args.text : args.url, 'utf8');
  if (bytes.byteLength > EVIDENCE_MAX_BYTES) {
    throw new ValidationError(
      (fmt) =>
        `That is ${formatBytes(bytes.byteLength)}; the evidence vault takes up to ${formatBytes(EVIDENCE_MAX_BYTES)}. Keep the original in forensic storage and record where it is and its SHA-256 with ${fmt.command('evidence add')}.`,
    );
  }
  const mediaType =
    args.kind === 'file'
      ? args.mediaType && MEDIA_TYPE.test(args.mediaType)
        ? args.mediaType.toLowerCase()
        : 'application/octet-stream'
      : MEDIA_TYPES[args.kind];
  const source = args.kind === 'url' ? { ...args.source, url: args.url } : args.source;
  const description =
    args.description ||
    (args.kind === 'text' ? firstLine(args.text) : args.kind === 'url' ? args.url : (source.fileName ?? 'file'));
  loadIncident(ctx.store, args.incidentId);
  // Bytes go to the content store before the transaction: a failed commit leaves an unreferenced file (harmless,
  // content-addressed), never a row pointing at bytes that are not there.
  const stored = vault.contents.put(bytes);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, args.incidentId);
    return collectEvidence(store, ctx, vault, {
      incident,
      stored,
      kind: args.kind,
      mediaType,
      description,
      source,
      purpose: args.purpose,
      post: true,
    });
  });
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
