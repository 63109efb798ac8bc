/**
 * The heart-beat timeline counts frames per 250 ms bucket; the newest bucket is counted in plain
 * fields (no Map update per frame at 10k frames a second) and must still show when the lane is read.
 */
import { describe, expect, it } from 'vitest';
import { HeartbeatTimelineRecorder } from '../../src-main/host/connections/heartbeat-timeline';

describe('heart-beat timeline frame buckets', () => {
  it('counts frames per 250 ms, the bucket still open included, each direction apart', () => {
    let now = 1_000_000;
    const recorder = new HeartbeatTimelineRecorder(1, () => now);
    recorder.connected(now, 1000, 1000);
    for (const at of [1_000_000, 1_000_010, 1_000_249, 1_000_250, 1_000_600, 1_000_601, 1_000_602]) recorder.record('in', 'frame', at);
    recorder.record('out', 'frame', 1_000_100);
    recorder.record('in', 'heartbeat', 1_000_300);
    now = 1_000_700;
    const first = recorder.timeline(10_000);
    expect(first.in.frames).toEqual([
      [1_000_000, 3],
      [1_000_250, 1],
      [1_000_500, 3],
    ]);
    expect(first.in.beats).toEqual([1_000_300]);
    expect(first.out.frames).toEqual([[1_000_100 - 100, 1]]);

    // Reading the lane closed its newest bucket: more frames in that same bucket add to it.
    recorder.record('in', 'frame', 1_000_700);
    recorder.record('in', 'frame', 1_000_800);
    expect(recorder.timeline(10_000).in.frames).toEqual([
      [1_000_000, 3],
      [1_000_250, 1],
      [1_000_500, 4],
      [1_000_750, 1],
    ]);
  });
});
