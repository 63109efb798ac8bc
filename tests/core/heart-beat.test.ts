import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatHeartBeat,
  HEART_BEATS_OFF,
  negotiateHeartBeat,
  NO_HEART_BEAT,
  parseHeartBeat,
  StompProtocolError,
  validateHeartBeat,
  type HeartBeat,
} from '../../src-core/protocol/commands';

describe('parseHeartBeat', () => {
  it.each([
    ['0,0', [0, 0]],
    ['10000,10000', [10000, 10000]],
    ['0,500', [0, 500]],
    ['007,1', [7, 1]],
    ['9007199254740991,0', [Number.MAX_SAFE_INTEGER, 0]],
  ])('reads %j', (value, expected) => {
    expect(parseHeartBeat(value)).toEqual(expected);
  });

  it.each(['', '0', '0,', ',0', '0,0,0', ' 0,0', '0,0 ', '0, 0', '-1,0', '+1,0', '1.5,0', '1e3,0', 'a,b', '0;0', '9007199254740992,0', '0,10000000000000000'])(
    'refuses %j naming the frame it came from',
    (value) => {
      let thrown: unknown;
      try {
        parseHeartBeat(value, 'CONNECT');
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(StompProtocolError);
      expect((thrown as Error).message).toBe(
        `CONNECT: heart-beat ${JSON.stringify(value)} is not two non-negative integers separated by a comma (e.g. "10000,10000")`,
      );
    },
  );

  it('blames CONNECTED by default', () => {
    expect(() => parseHeartBeat('x')).toThrow(/^CONNECTED: heart-beat "x"/);
  });
});

describe('formatHeartBeat and validateHeartBeat', () => {
  it('formats as the header value', () => {
    expect(formatHeartBeat([0, 0])).toBe('0,0');
    expect(formatHeartBeat([4000, 250])).toBe('4000,250');
  });

  it.each([[[-1, 0]], [[0, Number.NaN]], [[Infinity, 0]], [[0.5, 0]], [[0]], [[0, 0, 0]], [['1', 0]], [undefined]])('refuses %j', (value) => {
    expect(() => validateHeartBeat(value as unknown as HeartBeat)).toThrow(/^CONNECT: heart-beat must be two non-negative integer periods in ms, \[send, receive\]/);
  });

  it('returns a valid value as is', () => {
    const value: HeartBeat = [1, 2];
    expect(validateHeartBeat(value)).toBe(value);
  });

  it('round-trips every valid value through the header', () => {
    const period = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(period, period, (a, b) => {
        expect(parseHeartBeat(formatHeartBeat([a, b]))).toEqual([a, b]);
      }),
    );
  });
});

describe('negotiateHeartBeat', () => {
  // [client cx,cy], [server sx,sy] → client sends every, expects every
  it.each([
    [[0, 0], [0, 0], 0, 0],
    [[0, 0], [1000, 1000], 0, 0],
    [[1000, 1000], [0, 0], 0, 0],
    [[1000, 0], [0, 1000], 1000, 0],
    [[0, 1000], [1000, 0], 0, 1000],
    [[1000, 2000], [3000, 4000], 4000, 3000],
    [[5000, 5000], [1000, 1000], 5000, 5000],
    [[100, 10000], [10000, 100], 100, 10000],
    [[4000, 4000], [0, 10000], 10000, 0],
    [[4000, 4000], [10000, 0], 0, 10000],
  ] as const)('client %j, server %j → send every %d, expect every %d', (client, server, sendEvery, expectEvery) => {
    expect(negotiateHeartBeat(client, server)).toEqual({ sendEvery, expectEvery });
  });

  it('is off both ways with no declarations', () => {
    expect(negotiateHeartBeat(NO_HEART_BEAT, NO_HEART_BEAT)).toEqual(HEART_BEATS_OFF);
  });

  const period = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 }));
  const heartBeat = fc.tuple(period, period);

  it('what one side sends is what the other side expects (the rule is symmetric)', () => {
    fc.assert(
      fc.property(heartBeat, heartBeat, (client, server) => {
        const fromClient = negotiateHeartBeat(client, server);
        const fromServer = negotiateHeartBeat(server, client);
        expect(fromClient.sendEvery).toBe(fromServer.expectEvery);
        expect(fromClient.expectEvery).toBe(fromServer.sendEvery);
      }),
    );
  });

  it('a direction is off exactly when its sender cannot or its receiver does not want', () => {
    fc.assert(
      fc.property(heartBeat, heartBeat, ([cx, cy], [sx, sy]) => {
        const { sendEvery, expectEvery } = negotiateHeartBeat([cx, cy], [sx, sy]);
        expect(sendEvery === 0).toBe(cx === 0 || sy === 0);
        expect(expectEvery === 0).toBe(sx === 0 || cy === 0);
      }),
    );
  });

  it('an active period is never shorter than either side asked for', () => {
    fc.assert(
      fc.property(heartBeat, heartBeat, ([cx, cy], [sx, sy]) => {
        const { sendEvery, expectEvery } = negotiateHeartBeat([cx, cy], [sx, sy]);
        if (sendEvery > 0) {
          expect(sendEvery).toBeGreaterThanOrEqual(cx);
          expect(sendEvery).toBeGreaterThanOrEqual(sy);
          expect([cx, sy]).toContain(sendEvery);
        }
        if (expectEvery > 0) {
          expect(expectEvery).toBeGreaterThanOrEqual(sx);
          expect(expectEvery).toBeGreaterThanOrEqual(cy);
          expect([sx, cy]).toContain(expectEvery);
        }
      }),
    );
  });

  it('only the direction concerned depends on each value', () => {
    fc.assert(
      fc.property(heartBeat, heartBeat, period, period, ([cx, cy], [sx, sy], otherCy, otherSx) => {
        // Changing cy or sx leaves the client's sending period alone.
        expect(negotiateHeartBeat([cx, otherCy], [otherSx, sy]).sendEvery).toBe(negotiateHeartBeat([cx, cy], [sx, sy]).sendEvery);
      }),
    );
  });
});
