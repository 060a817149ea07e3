export * from './incidents.js';
export * from './incident-roles.js';
export * from './timeline-entries.js';
export * from './outbox.js';
export * from './processed-requests.js';
export * from './sandbox.js';
export * from './alert-inbox.js';
export * from './alerts.js';
