/** The contract's proxy.* methods, for the request router. */
import { ApiError, type MethodName } from '../../../src-core/api';
import type { Frame } from '../../../src-core/protocol/frame';
import type { FrameEdit } from '../../../src-core/proxy/replay-stream';
import type { Handler } from '../schemas/schema-routes';
import type { ProxyService } from './proxy-service';
import { EXPORT_BYTES } from './recordings-dir';

export type ProxyRoutes = { [M in Extract<MethodName, `proxy.${string}`>]: Handler<M> };

const OK = { ok: true } as const;

export function proxyRoutes(service: ProxyService): ProxyRoutes {
  return {
    'proxy.list': async () => ({ proxies: service.list(), recordings: await service.recordings.list() }),
    'proxy.create': async ({ proxy }) => ({ proxy: await service.create(proxy) }),
    'proxy.update': async ({ id, proxy }) => ({ proxy: await service.update(id, proxy) }),
    'proxy.delete': async ({ id }) => (await service.delete(id), OK),
    'proxy.start': async ({ id }) => ({ proxy: await service.start(id) }),
    'proxy.stop': async ({ id }) => ({ proxy: await service.stop(id) }),
    'proxy.setRules': async ({ id, rules }) => ({ proxy: await service.setRules(id, rules) }),
    'proxy.setFaults': async ({ id, faults }) => ({ proxy: await service.setFaults(id, faults) }),
    'proxy.release': (input) => {
      const action = input.action === 'edit' ? { action: 'edit' as const, frame: frameOf(input.frame) } : { action: input.action };
      service.proxy(input.id).release(input.connection, input.frameSeq, action);
      return OK;
    },
    'proxy.drop': ({ id, connection }) => (service.proxy(id).drop(connection), OK),
    'proxy.corruptNext': ({ id, direction, connection }) => (service.proxy(id).corruptNext(direction, connection), OK),
    'proxy.record': async ({ id, on }) => ({ proxy: await service.record(id, on) }),
    'proxy.log': ({ logId, offset, limit }) => {
      const log = service.log(logId);
      return { log: log.view(), entries: log.page(offset, limit) };
    },
    'proxy.frame': ({ logId, seq }) => {
      const frame = service.log(logId).detail(seq);
      if (!frame) throw new ApiError('not-found', `log ${logId} has no frame at entry ${seq} (it may be older than the log keeps)`);
      return { frame };
    },
    'proxy.closeLog': ({ logId }) => (service.closeLog(logId), OK),
    'proxy.recordings': async () => ({ recordings: await service.recordings.list() }),
    'proxy.openRecording': async ({ recordingId }) => ({ log: await service.openRecording(recordingId) }),
    'proxy.exportRecording': async ({ recordingId }) => ({ ndjson: await service.recordings.text(recordingId, EXPORT_BYTES) }),
    'proxy.importRecording': async ({ ndjson }) => ({ recording: await service.importRecording(ndjson) }),
    'proxy.deleteRecording': async ({ recordingId }) => (await service.deleteRecording(recordingId), OK),
    'proxy.replay': async (input) => {
      const edits = new Map<number, Map<number, FrameEdit>>();
      for (const edit of input.edits) {
        let byConnection = edits.get(edit.connection);
        if (!byConnection) edits.set(edit.connection, (byConnection = new Map()));
        byConnection.set(edit.frameSeq, edit.action === 'drop' ? { kind: 'drop' } : { kind: 'frame', frame: frameOf(edit.frame) });
      }
      return { log: await service.replay({ recordingId: input.recordingId, profileId: input.profileId, connections: input.connections, use: input.use, pacing: input.pacing, edits }) };
    },
  };
}

function frameOf(input: { command: string; headers: [string, string][]; body: { encoding: 'text'; text: string } | { encoding: 'base64'; base64: string } }): Frame {
  const body = input.body.encoding === 'text' ? new TextEncoder().encode(input.body.text) : Buffer.from(input.body.base64, 'base64');
  return { command: input.command, headers: input.headers, body };
}
