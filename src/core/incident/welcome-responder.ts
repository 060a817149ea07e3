import { z } from 'zod';
import type { Ctx } from '../context.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import { loadIncident } from './load-incident.js';

export const WelcomeResponderInput = z.object({ incidentId: z.number().int(), userId: z.string().min(1) });
export type WelcomeResponderInput = z.input<typeof WelcomeResponderInput>;

/** Someone joined the war room: queue a private catch-up (status, lead, roles, latest entries). */
export function welcomeResponder({ ctx, input }: { ctx: Ctx; input: WelcomeResponderInput }): void {
  const { incidentId, userId } = WelcomeResponderInput.parse(input);
  const incident = loadIncident(ctx.store, incidentId);
  if (incident.status === 'closed') return;
  enqueueDelivery(ctx.store, {
    key: `inc${incident.id}.brief.${userId}.${ctx.requestId}`,
    now: ctx.now(),
    intent: { type: 'warroom.brief', incidentId: incident.id, userId },
  });
}
