export * from './accounts.ts';
export * from './agents.ts';
export * from './messages.ts';
export * from './outbox.ts';
export * from './tickets.ts';
export * from './console.ts';
export * from './dispute-links.ts';
export * from './notifications.ts';
