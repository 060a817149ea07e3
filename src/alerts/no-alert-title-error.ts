/**
 * The one reason left to refuse an alert webhook with 422: nothing in it says what is wrong (no title, no name, no
 * id). Senders do not retry a 4xx, so the message names every field that was looked for, for the person who reads
 * the sender's delivery log and fixes its template.
 */
export class NoAlertTitleError extends Error {
  constructor(
    readonly sourceName: string,
    readonly lookedFor: readonly string[],
  ) {
    super(`No alert title found in this ${sourceName} payload: looked for ${lookedFor.join(', ')}.`);
    this.name = 'NoAlertTitleError';
  }
}
