import type { ToolContext } from './define.js';

/** Characters one result may use, from the token budget (≈3.5 characters a token). */
export function budgetCharsOf(ctx: Pick<ToolContext, 'config'>): number {
  return Math.floor(ctx.config.output.budgetTokens * 3.5);
}
