/**
 * What heart-beating looked like on one connection, for the timeline: each beat in and out, the
 * frames each way (a frame proves a peer alive as a beat does) counted per 250 ms, each
 * connection's agreed periods, and the moments the client declared the broker dead. Late
 * stretches and missed beats are worked out when asked, from the activity and the period. Kept
 * for an hour; bounded however fast frames flow (buckets, not frames).
 */
import type { HeartbeatTimeline } from '../../../src-core/api';

const KEEP_MS = 60 * 60 * 1000;
const BUCKET_MS = 250;
/** A silence longer than this many periods makes the next beat late (ActiveMQ's gaps reach 2×: see client-options). */
const LATE_AFTER = 1.5;

/**
 * `open` is the newest bucket, counted in plain fields and put in `buckets` when the next one
 * starts or the lane is read: a Map update per frame was a boxed number each at 10k frames a second.
 */
type Lane = { beats: number[]; buckets: Map<number, number>; openBucket: number; openCount: number };

function newLane(): Lane {
  return { beats: [], buckets: new Map(), openBucket: -1, openCount: 0 };
}

function closeBucket(lane: Lane): void {
  if (lane.openCount === 0) return;
  lane.buckets.set(lane.openBucket, (lane.buckets.get(lane.openBucket) ?? 0) + lane.openCount);
  lane.openCount = 0;
}

export class HeartbeatTimelineRecorder {
  private readonly lanes: Record<'in' | 'out', Lane> = { in: newLane(), out: newLane() };
  private readonly connections: { from: number; to?: number; sendEvery: number; expectEvery: number }[] = [];
  private readonly dead: { at: number; silentMs: number }[] = [];

  constructor(
    private readonly tolerance: number,
    private readonly now: () => number = Date.now,
  ) {}

  connected(at: number, sendEvery: number, expectEvery: number): void {
    this.closeSegment(at);
    this.connections.push({ from: at, sendEvery, expectEvery });
    this.prune();
  }

  disconnected(at: number, silentMs: number | undefined): void {
    this.closeSegment(at);
    if (silentMs !== undefined) this.dead.push({ at, silentMs });
  }

  record(direction: 'in' | 'out', kind: 'frame' | 'heartbeat', at: number): void {
    const lane = this.lanes[direction];
    if (kind === 'heartbeat') lane.beats.push(at);
    else {
      const bucket = at - (at % BUCKET_MS);
      if (bucket !== lane.openBucket) {
        closeBucket(lane);
        lane.openBucket = bucket;
      }
      lane.openCount++;
    }
  }

  timeline(sinceMs: number): HeartbeatTimeline {
    const now = this.now();
    const from = now - sinceMs;
    this.prune();
    const latest = this.connections.at(-1);
    return {
      now,
      from,
      sendEvery: latest?.sendEvery ?? 0,
      expectEvery: latest?.expectEvery ?? 0,
      tolerance: this.tolerance,
      connections: this.connections.filter((c) => (c.to ?? now) >= from).map((c) => ({ ...c })),
      out: this.lane('out', from, now),
      in: this.lane('in', from, now),
      dead: this.dead.filter((d) => d.at >= from),
    };
  }

  private lane(direction: 'in' | 'out', from: number, now: number): HeartbeatTimeline['in'] {
    const lane = this.lanes[direction];
    closeBucket(lane);
    const beats = lane.beats.filter((t) => t >= from);
    const frames = [...lane.buckets].filter(([t]) => t >= from - BUCKET_MS).sort((a, b) => a[0] - b[0]);
    const late: HeartbeatTimeline['in']['late'] = [];
    const missed: number[] = [];
    for (const segment of this.connections) {
      const period = direction === 'in' ? segment.expectEvery : segment.sendEvery;
      const end = segment.to ?? now;
      if (period <= 0 || end < from) continue;
      // Activity of this connection: its beats and frame buckets, in time order, from its CONNECTED.
      const times = [segment.from, ...lane.beats.filter((t) => t >= segment.from && t <= end), ...frames.map(([t]) => t).filter((t) => t >= segment.from && t <= end)].sort((a, b) => a - b);
      for (let i = 0; i < times.length; i++) {
        const last = times[i];
        const next = i + 1 < times.length ? times[i + 1] : end;
        if (next - last <= period * LATE_AFTER) continue;
        const ongoing = i + 1 >= times.length && segment.to === undefined;
        if (next >= from) late.push({ from: last + period, to: next, ongoing });
        for (let due = last + 2 * period; due < next; due += period) if (due >= from) missed.push(due);
      }
    }
    return { beats, frames, late, missed };
  }

  private closeSegment(at: number): void {
    const open = this.connections.at(-1);
    if (open && open.to === undefined) open.to = at;
  }

  private prune(): void {
    const oldest = this.now() - KEEP_MS;
    for (const lane of Object.values(this.lanes)) {
      closeBucket(lane);
      if (lane.beats.length && lane.beats[0] < oldest) lane.beats = lane.beats.filter((t) => t >= oldest);
      for (const t of lane.buckets.keys()) {
        if (t >= oldest) break;
        lane.buckets.delete(t);
      }
    }
    while (this.connections.length > 1 && (this.connections[0].to ?? Infinity) < oldest) this.connections.shift();
    while (this.dead.length && this.dead[0].at < oldest) this.dead.shift();
  }
}
