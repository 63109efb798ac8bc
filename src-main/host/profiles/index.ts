/** Saved broker profiles: the store, its file formats, and what the connections service gets. */
export { ProfileStore, type ProfilePatch, type ProfileStoreOptions, type ProfilesListener } from './profile-store';
export { checkUri, type UriCheck, type UriErrorDetails } from './check-uri';
export { connectSettings, type ConnectSettings, type TlsFileSettings } from './connect-settings';
export { passcodeKey } from './passcode-key';
export { PROFILES_FILE, PROFILES_SCHEMA_VERSION } from './profile-file';
export { PROFILE_MIGRATIONS } from './profile-migrations';
export { MAX_IMPORTED_PROFILES, PROFILES_EXPORT_FORMAT, type ImportIssue, type ProfilesExport } from './profile-export';
export { isSandboxUri, SANDBOX_PROFILE_ID, SANDBOX_PROFILE_NAME, SANDBOX_URI, sandboxBrokerUri } from './sandbox-profile';
