// Store interfaces, one file per repository under types/: the only storage module the domain may import.
export * from './types/applications.js';
export * from './types/authorizations.js';
export * from './types/codes.js';
export * from './types/device-codes.js';
export * from './types/errors.js';
export * from './types/events.js';
export * from './types/guilds.js';
export * from './types/identities.js';
export * from './types/images.js';
export * from './types/integrations.js';
export * from './types/purge.js';
export * from './types/sessions.js';
export * from './types/signing-keys.js';
export * from './types/store.js';
export * from './types/tokens.js';
export * from './types/upstream-states.js';
export * from './types/users.js';
