/** The state a profile shows in the rail: that of its open connection, if any. */
import type { ConnectionState, ConnectionView } from '../../../../src-core/api';

export function profileState(profileId: string, connections: Record<string, ConnectionView>): ConnectionState | 'idle' {
  const open = Object.values(connections).find((c) => c.profileId === profileId);
  return open?.state ?? 'idle';
}
