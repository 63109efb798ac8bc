/**
 * The batcher's counts: each capture's messages and each wire log's first new entry since the last
 * flush, whatever the order they come in, and nothing carried over a flush.
 */
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src-core/api';
import { EventBatcher } from '../../src-main/host/events/event-batcher';

function batcher() {
  const events: EventEnvelope[] = [];
  const b = new EventBatcher(
    {
      connection: () => undefined,
      captured: (captureId, added) => ({ captureId, total: 0, added, newest: [] }),
      wire: (connectionId, since) => ({ connectionId, total: since, entries: [] }),
      captures: () => ({ captures: [] }),
    },
    (event) => events.push(event),
    60_000,
  );
  const of = (name: string) => events.filter((e) => e.event === name).map((e) => e.payload);
  return { b, events, of };
}

describe('EventBatcher', () => {
  it('counts each capture’s messages and keeps each wire log’s first seq, interleaved', () => {
    const { b, of } = batcher();
    for (const id of ['a', 'a', 'b', 'a', 'b', 'c', 'a']) b.messageCaptured(id);
    b.wireAppended('c1', 10);
    b.wireAppended('c2', 20);
    b.wireAppended('c1', 11);
    b.wireAppended('c2', 21);
    b.flush();
    expect(of('messages.captured')).toEqual([
      { captureId: 'a', total: 0, added: 4, newest: [] },
      { captureId: 'b', total: 0, added: 2, newest: [] },
      { captureId: 'c', total: 0, added: 1, newest: [] },
    ]);
    expect(of('wire.appended')).toEqual([
      { connectionId: 'c1', total: 10, entries: [] },
      { connectionId: 'c2', total: 20, entries: [] },
    ]);
    b.dispose();
  });

  it('starts every count afresh after a flush, the last-named capture and log included', () => {
    const { b, events, of } = batcher();
    b.messageCaptured('a');
    b.wireAppended('c1', 5);
    b.flush();
    events.length = 0;
    b.messageCaptured('a');
    b.wireAppended('c1', 6);
    b.flush();
    expect(of('messages.captured')).toEqual([{ captureId: 'a', total: 0, added: 1, newest: [] }]);
    expect(of('wire.appended')).toEqual([{ connectionId: 'c1', total: 6, entries: [] }]);
    b.dispose();
  });
});
