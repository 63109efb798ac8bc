/** The options `send` and `subscribe` share: where to connect and as whom. */
import { readFileSync } from 'node:fs';
import { CLIENT_DEFAULTS, type ClientOptions } from '../client/client-options';
import { isVersion, type StompVersion } from '../protocol/spec';
import { UsageError } from './output';

export const CONNECTION_OPTIONS = {
  login: { type: 'string' },
  passcode: { type: 'string' },
  host: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  versions: { type: 'string' },
  'tls-ca': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  insecure: { type: 'boolean', default: false },
} as const;

export const CONNECTION_USAGE =
  '[--login L --passcode P] [--host VHOST] [--versions 1.0,1.1,1.2] [--tls-ca FILE] [--tls-cert FILE --tls-key FILE] [--insecure]';

interface ConnectionValues {
  login?: string;
  passcode?: string;
  host?: string;
  versions?: string;
  'tls-ca'?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  insecure?: boolean;
}

/**
 * `connectSeconds`, when given, bounds connecting in all (cli-client.ts enforces it); no single
 * attempt's TCP connect or wait for CONNECTED may take longer either.
 */
export function clientOptions(uri: string, values: ConnectionValues, connectSeconds?: number): ClientOptions {
  const attemptMs = Math.min(CLIENT_DEFAULTS.connectTimeout, Math.ceil((connectSeconds ?? Infinity) * 1000));
  const versions = values.versions?.split(',').map((v) => v.trim());
  if (versions && !versions.every(isVersion)) throw new UsageError(`--versions takes a list of 1.0, 1.1, 1.2, not ${JSON.stringify(values.versions)}`);
  const read = (file: string | undefined, what: string) => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file);
    } catch (error) {
      throw new UsageError(`cannot read the ${what} file ${file}: ${(error as Error).message}`);
    }
  };
  return {
    uri,
    login: values.login,
    passcode: values.passcode,
    host: values.host,
    versions: versions as StompVersion[] | undefined,
    connectTimeout: attemptMs,
    connectedTimeout: attemptMs,
    // One-shot commands report a drop instead of riding it out (subscribe follows reconnects).
    reconnect: false,
    tls: {
      ca: read(values['tls-ca'], 'CA'),
      cert: read(values['tls-cert'], 'certificate'),
      key: read(values['tls-key'], 'key'),
      rejectUnauthorized: values.insecure ? false : undefined,
    },
  };
}

/** `-H name:value`, split at the first colon (a value may contain more). */
export function parseHeaderArgs(values: readonly string[] | undefined): [string, string][] {
  return (values ?? []).map((raw) => {
    const colon = raw.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H takes name:value, not ${JSON.stringify(raw)}`);
    return [raw.slice(0, colon), raw.slice(colon + 1)];
  });
}

export function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${option} must be a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}
