/** What a gated call will do, built from data the server fetched itself (never from the model's narration). */
export interface ConfirmationPreview {
  /** One line, e.g. `Reply to ticket #31002 "Printer on fire" — email to jane@example.com`. */
  summary: string;
  /** Labelled facts shown to the human: ticket, recipients, a preview of the body, … */
  details: Array<[label: string, value: string]>;
  /**
   * A batch: one line for every record it touches or skips (at most 200), each shown to the human.
   * A confirmation that cannot show all of them is refused, never cut.
   */
  items?: string[];
}
