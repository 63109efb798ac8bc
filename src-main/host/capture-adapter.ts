/** The connections service's view of the capture registry (see connections/capture-port.ts). */
import { ApiError } from '../../src-core/api';
import type { CaptureRegistry } from './capture';
import type { CapturePort } from './connections/capture-port';

export function captureAdapter(registry: CaptureRegistry, onCreated: () => void): CapturePort {
  const owners = new Map<string, { connectionId: string; subscriptionId: string }>();
  return {
    openLive({ connectionId, subscriptionId, destination, label }) {
      const store = registry.create({ label, connectionId, subscriptionId, destination });
      owners.set(store.id, { connectionId, subscriptionId });
      onCreated();
      return store.id;
    },
    append(captureId, { receivedAt, frame, raw, version, ackState }) {
      const store = registry.require(captureId);
      const owner = owners.get(captureId);
      const seq = store.append({ connectionId: owner?.connectionId, subscriptionId: owner?.subscriptionId, receivedAt, frame, raw, version });
      if (ackState !== 'none') store.setAckState(seq, ackState);
      return seq;
    },
    setAckState(captureId, seq, state) {
      registry.get(captureId)?.setAckState(seq, state);
    },
    async frame(captureId, seq) {
      const message = registry.require(captureId).message(seq);
      if (!message) throw new ApiError('not-found', `capture ${captureId} has no message ${seq}`);
      return { frame: { command: message.command, headers: message.headers, body: message.body, framing: message.framing }, raw: message.raw };
    },
    owner(captureId) {
      return owners.get(captureId);
    },
  };
}
