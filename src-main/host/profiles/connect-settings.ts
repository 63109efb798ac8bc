/**
 * What the connections service needs to dial a profile: its settings and its passcode, read
 * from the SecretStore at the last moment. The only place a passcode leaves the store, and it goes
 * to the client, never to the UI.
 */
import type { BrokerPreset, Profile } from '../../../src-core/api';
import type { StompVersion } from '../../../src-core/protocol/spec';
import { isSandboxUri } from './sandbox-profile';

export interface TlsFileSettings {
  /** Paths of PEM files; the connections service reads them when it connects. */
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly servername?: string;
  /** Verification of the broker's certificate; off only when the profile says so explicitly. */
  readonly verify: boolean;
}

export interface ConnectSettings {
  readonly profileId: string;
  readonly name: string;
  readonly preset: BrokerPreset;
  /**
   * As saved. For the embedded broker this is SANDBOX_URI, a marker, not an address: replace it
   * with `sandboxBrokerUri(port)` once the sandbox listens.
   */
  readonly uri: string;
  /** Whether `uri` is the sandbox marker. */
  readonly embeddedBroker: boolean;
  readonly login?: string;
  readonly passcode?: string;
  readonly host?: string;
  readonly versions?: readonly StompVersion[];
  readonly heartBeat?: readonly [number, number];
  readonly tls?: TlsFileSettings;
}

export function connectSettings(profile: Profile, passcode: string | undefined): ConnectSettings {
  const settings: ConnectSettings = {
    profileId: profile.id,
    name: profile.name,
    preset: profile.preset,
    uri: profile.uri,
    embeddedBroker: isSandboxUri(profile.uri),
    login: profile.login,
    passcode,
    host: profile.host,
    versions: profile.versions,
    heartBeat: profile.heartBeat,
    tls: profile.tls ? { ...profile.tls, verify: profile.tls.verify !== false } : undefined,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as unknown as ConnectSettings;
}
