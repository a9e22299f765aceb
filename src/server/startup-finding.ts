/**
 * The finding of the start-up check (src/doctor/startup.ts), handed to the first tool call: when
 * that call fails, its error ends with what the check found and how to fix it, so the person
 * reading the chat learns the cause ("the token was refused") and not only the symptom.
 */
export class StartupFinding {
  private text: string | undefined;
  private taken = false;

  /** The check's failures, one sentence each with its fix. Ignored once a call took its turn. */
  set(text: string): void {
    if (!this.taken) this.text = text;
  }

  /** For the first tool call only: the finding, if the check failed before it. */
  take(): string | undefined {
    if (this.taken) return undefined;
    this.taken = true;
    return this.text;
  }
}
