/**
 * A profile as stored and returned: the contract's Profile with its fields in one fixed order
 * (so that profiles.json diffs and reads well) and without the unset ones.
 */
import type { Profile } from '../../../src-core/api';

/** What the user edits; the rest is the store's bookkeeping. */
export type ProfileFields = Omit<Profile, 'id' | 'hasPasscode' | 'builtIn' | 'createdAt' | 'updatedAt'>;
export type ProfileMeta = Pick<Profile, 'id' | 'hasPasscode' | 'builtIn' | 'createdAt' | 'updatedAt'>;

export function profileRecord(fields: ProfileFields, meta: ProfileMeta): Profile {
  const record: Profile = {
    id: meta.id,
    name: fields.name,
    uri: fields.uri,
    // The contract has no null for these: an empty string is how the editor clears them.
    login: fields.login === '' ? undefined : fields.login,
    host: fields.host === '' ? undefined : fields.host,
    versions: fields.versions,
    heartBeat: fields.heartBeat,
    tls: fields.tls,
    preset: fields.preset,
    color: fields.color,
    hasPasscode: meta.hasPasscode,
    builtIn: meta.builtIn,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
  };
  for (const key of Object.keys(record) as (keyof Profile)[]) if (record[key] === undefined) delete record[key];
  return record;
}

export function profileFields(profile: Profile): ProfileFields {
  const { id: _id, hasPasscode: _h, builtIn: _b, createdAt: _c, updatedAt: _u, ...fields } = profile;
  return fields;
}
