/** The tool that redeems confirmation tokens (src/server/confirm-action.ts declares it). */
export const CONFIRM_ACTION = 'confirm_action';
