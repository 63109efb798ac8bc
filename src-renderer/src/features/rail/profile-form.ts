/** The profile editor's draft, converted to and from what the host stores. */
import type { BrokerPreset, Profile, ProfileInput } from '../../../../src-core/api';

export type Version = '1.0' | '1.1' | '1.2';

export interface ProfileDraft {
  name: string;
  uri: string;
  login: string;
  passcode: string;
  clearPasscode: boolean;
  host: string;
  versions: Version[];
  heartSend: string;
  heartExpect: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  servername: string;
  verify: boolean;
  preset: BrokerPreset;
  color: string;
}

export function draftOf(profile: Profile | undefined): ProfileDraft {
  return {
    name: profile?.name ?? '',
    uri: profile?.uri ?? 'tcp://localhost:61613',
    login: profile?.login ?? '',
    passcode: '',
    clearPasscode: false,
    host: profile?.host ?? '',
    versions: (profile?.versions as Version[] | undefined) ?? ['1.0', '1.1', '1.2'],
    heartSend: String(profile?.heartBeat?.[0] ?? 10000),
    heartExpect: String(profile?.heartBeat?.[1] ?? 10000),
    caFile: profile?.tls?.caFile ?? '',
    certFile: profile?.tls?.certFile ?? '',
    keyFile: profile?.tls?.keyFile ?? '',
    servername: profile?.tls?.servername ?? '',
    verify: profile?.tls?.verify ?? true,
    preset: profile?.preset ?? 'generic',
    color: profile?.color ?? '#2563eb',
  };
}

/** The draft as profile input; problems by field when it cannot be one. */
export function inputOf(draft: ProfileDraft, editing: boolean): { input: ProfileInput } | { problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  if (!draft.name.trim()) problems.name = 'A name is required, e.g. "ActiveMQ production".';
  if (!draft.uri.trim()) problems.uri = 'A broker URI is required, e.g. tcp://localhost:61613.';
  if (!draft.versions.length) problems.versions = 'Pick at least one STOMP version.';
  const send = Number(draft.heartSend);
  const expect = Number(draft.heartExpect);
  if (!Number.isInteger(send) || send < 0 || send > 3_600_000) problems.heartBeat = 'Heart-beats are whole milliseconds, 0 (off) to 3600000.';
  if (!Number.isInteger(expect) || expect < 0 || expect > 3_600_000) problems.heartBeat = 'Heart-beats are whole milliseconds, 0 (off) to 3600000.';
  if (Object.keys(problems).length) return { problems };
  const tlsUsed = draft.caFile || draft.certFile || draft.keyFile || draft.servername || !draft.verify;
  const input: ProfileInput = {
    name: draft.name.trim(),
    uri: draft.uri.trim(),
    login: draft.login || undefined,
    host: draft.host || undefined,
    versions: draft.versions,
    heartBeat: [send, expect],
    preset: draft.preset,
    color: draft.color,
    tls: tlsUsed
      ? {
          caFile: draft.caFile || undefined,
          certFile: draft.certFile || undefined,
          keyFile: draft.keyFile || undefined,
          servername: draft.servername || undefined,
          verify: draft.verify,
        }
      : editing
        ? { verify: true }
        : undefined,
  };
  // The passcode is write-only: a typed one sets it, "clear" removes it, otherwise it is kept.
  if (draft.passcode) input.passcode = draft.passcode;
  else if (draft.clearPasscode) input.passcode = null;
  else if (!editing) input.passcode = undefined;
  return { input };
}

/** Field problems from the host's invalid-request details { issues: [{ path, message }] }. */
export function problemsFromDetails(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const issues = (details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return out;
  for (const issue of issues) {
    const path = issue.path.replace(/^(profile|patch)\./, '');
    const field = path.startsWith('heartBeat') ? 'heartBeat' : path.startsWith('tls') ? 'tls' : path.split('.')[0];
    out[field] ??= issue.message;
  }
  return out;
}
