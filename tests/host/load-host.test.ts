/** Load runs through the contract, against the built-in sandbox profile: events, stop, limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadRunView } from '../../src-core/api';
import { apiError, startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;

beforeAll(async () => {
  kit = await startHostKit();
});

afterAll(async () => {
  await kit?.close();
});

function finalView(runId: string): Promise<LoadRunView> {
  return kit.nextEvent('load.progress', (e) => e.run.id === runId && ['finished', 'cancelled', 'failed'].includes(e.run.state), 30_000).then((e) => e.run);
}

describe('load.*', () => {
  it('runs on connections of its own, reports live and at the end', async () => {
    const { run } = await kit.call('load.start', { profileId: 'sandbox', destination: '/topic/host-load', rate: 400, durationS: 1.2, size: 32, receipt: true, consume: { destination: '/topic/host-load' } });
    expect(run).toMatchObject({ state: 'connecting', profileName: expect.stringMatching(/^Sandbox/), rate: 400, scripted: false });
    const done = await finalView(run.id);
    expect(done.report).toMatchObject({ sent: 480, confirmed: 480, received: 480, lost: 0, duplicated: 0 });
    const samples = kit.events.filter((e) => e.event === 'load.progress' && e.payload.run.id === run.id).flatMap((e) => (e.event === 'load.progress' ? e.payload.run.samples : []));
    expect(samples.length).toBeGreaterThanOrEqual(1);
    // The user's own connections saw none of it.
    expect((await kit.call('connections.list', {})).connections).toEqual([]);
    expect((await kit.call('load.list', {})).runs.find((r) => r.id === run.id)).toMatchObject({ state: 'finished', samples: expect.any(Array) });
  });

  it('stops at once on load.stop, with a payload script', async () => {
    const { run } = await kit.call('load.start', { profileId: 'sandbox', destination: '/queue/host-load-stop', rate: 200, durationS: 60, script: '(i) => "m" + i' });
    expect(run.scripted).toBe(true);
    await waitFor(async () => ((await kit.call('load.list', {})).runs.find((r) => r.id === run.id)?.state === 'publishing' ? true : undefined));
    await kit.call('load.stop', { runId: run.id });
    const done = await finalView(run.id);
    expect(done.state).toBe('cancelled');
    expect(done.report!.sent).toBeLessThan(12_000);
  });

  it('refuses a bad script, an unknown profile or run, with the reason', async () => {
    expect(await apiError(kit.call('load.start', { profileId: 'sandbox', destination: '/queue/x', rate: 1, durationS: 1, script: '(i) => {' }))).toMatchObject({ code: 'invalid-request', details: { kind: 'syntax' } });
    expect((await apiError(kit.call('load.start', { profileId: 'nope', destination: '/queue/x', rate: 1, durationS: 1 }))).code).toBe('not-found');
    expect((await apiError(kit.call('load.stop', { runId: 'nope' }))).code).toBe('not-found');
  });
});
