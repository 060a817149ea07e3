import { declareSeparately, describeDeclaredSeparately } from '../core/storm/declare-separately.js';
import type { PressOf } from './button-press.js';
import type { InteractionEnv, InteractionResult } from './interaction.js';

/** "Declare separately" on a storm's rolled-up message: one service or alert leaves the storm for its own incident. */
export function stormSplitButton(press: PressOf<'storm-split'>, { ctx, fmt }: InteractionEnv): InteractionResult {
  const result = declareSeparately({
    ctx,
    input: { stormIncidentId: press.stormIncidentId, target: press.target, via: 'button' },
  });
  return { type: 'declared', incident: result.incident, text: describeDeclaredSeparately(result, fmt) };
}
