/**
 * What a person is told when something failed on our side. The error itself stays in the log under the request id
 * (no configuration or stack trace reaches a chat); the id lets whoever runs warroom find it.
 */
export function internalErrorText(requestId: string): string {
  return `Something went wrong on our side (request ${requestId}); nothing was changed. Try again, or give that id to whoever runs warroom.`;
}
