/** The SecretStore key of a profile's passcode. */
export function passcodeKey(profileId: string): string {
  return `profile:${profileId}:passcode`;
}
