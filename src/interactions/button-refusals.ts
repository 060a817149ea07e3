/** What the clicker is told when a button cannot be one of ours as it stands; nothing happened. */
export const BUTTON_REFUSALS = {
  /** The payload does not decode (an old message's button, a hand-made request). */
  outOfDate: 'That button is out of date.',
  outOfDateStep: 'That button is out of date. Scroll to the latest checklist message.',
  outOfDateStorm: "That button is out of date. Use the storm's latest alert message.",
  /** Pressed in a channel other than the war room of the incident it acts on (forged, or a copied message). */
  notThisIncident: "That button does not belong to this channel's incident.",
  notThisAlert: 'That button does not belong to an alert in this channel.',
  /** A card asked for again whose incident, run, approval or alert warroom no longer has. */
  cardGone: 'What this card showed is no longer in warroom; type the command instead.',
} as const;
