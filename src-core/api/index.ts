/** The contract between host and UI: the only thing that crosses the bridge. */
export { API_VERSION } from './api-version';
export { API_ERROR_CODES, ApiError, apiErrorSchema, type ApiErrorBody, type ApiErrorCode } from './api-error';
export * from './methods';
export * from './events';
export * from './envelope';
export * from './schemas/common';
export * from './schemas/profiles';
export * from './schemas/connections';
export * from './schemas/messages';
export * from './schemas/wire';
export * from './schemas/schemas';
export * from './schemas/scripts';
export * from './schemas/load';
export * from './schemas/proxy';
export * from './schemas/stats';
export * from './schemas/destinations';
export * from './wire-filter';
