import fc from 'fast-check';
import { describe as group, expect, it } from 'vitest';
import type { Header } from '../../src-core/protocol/frame';
import { broker, header, RawPeer } from './broker-kit';

/** Values with every character that escaping touches, and some that it must leave alone. */
const tricky = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ':', '\\', '\n', '\r', 'é', '\t', 'c', 'n', '日'), maxLength: 12 });

group('sandbox broker: header escaping per version', () => {
  it('round-trips any 1.2 header value, name and receipt id through the broker', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('SUBSCRIBE', { id: 'sub:1\\x', destination: '/queue/esc' });
    await fc.assert(
      fc.asyncProperty(tricky, tricky.filter((s) => s.length > 0), async (value, name) => {
        const custom = `x-${name}`;
        peer.send('SEND', [['destination', '/queue/esc'], [custom, value], ['receipt', value]], 'x');
        const [message] = await peer.messages(1);
        expect(header(message, custom)).toBe(value);
        expect(header(message, 'subscription')).toBe('sub:1\\x');
        const receipt = await peer.nextFrame();
        expect(header(receipt, 'receipt-id')).toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it('round-trips 1.1 values without CR', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.1');
    await peer.request('SUBSCRIBE', { id: 's', destination: '/queue/esc' });
    await fc.assert(
      fc.asyncProperty(tricky.filter((s) => !s.includes('\r')), async (value) => {
        peer.send('SEND', [['destination', '/queue/esc'], ['x-v', value]], 'x');
        expect(header((await peer.messages(1))[0], 'x-v')).toBe(value);
      }),
      { numRuns: 40 },
    );
  });

  it('passes 1.0 backslashes through as plain bytes', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.0');
    await peer.request('SUBSCRIBE', { id: 's', destination: '/queue/esc' });
    peer.sendRaw('SEND\ndestination:/queue/esc\nx-v:a\\c\\n\\t:b\n\nx\0');
    expect(header((await peer.messages(1))[0], 'x-v')).toBe('a\\c\\n\\t:b');
  });

  it('translates between versions and leaves out what a consumer version cannot carry', async () => {
    const b = await broker();
    const v10 = await RawPeer.connectVersion(b.port, '1.0');
    const v11 = await RawPeer.connectVersion(b.port, '1.1');
    const v12 = await RawPeer.connectVersion(b.port, '1.2');
    for (const peer of [v10, v11, v12]) await peer.request('SUBSCRIBE', { id: 's', destination: '/topic/esc' });
    const headers: Header[] = [
      ['destination', '/topic/esc'],
      ['colon', 'a:b'],
      ['backslash', 'a\\b'],
      ['newline', 'a\nb'],
      ['cr', 'a\rb'],
      ['name:colon', 'v'],
    ];
    v12.send('SEND', headers, 'x');
    const [m10] = await v10.messages(1);
    const [m11] = await v11.messages(1);
    const [m12] = await v12.messages(1);
    for (const [name, value] of headers.slice(1)) expect(header(m12, name)).toBe(value);
    expect([header(m11, 'colon'), header(m11, 'backslash'), header(m11, 'newline'), header(m11, 'name:colon')]).toEqual(['a:b', 'a\\b', 'a\nb', 'v']);
    expect(header(m11, 'cr')).toBeUndefined();
    expect([header(m10, 'colon'), header(m10, 'backslash')]).toEqual(['a:b', 'a\\b']);
    expect([header(m10, 'newline'), header(m10, 'cr'), header(m10, 'name:colon')]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps spaces around 1.1 and 1.2 header values', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('SUBSCRIBE', { id: 's', destination: '/queue/sp' });
    peer.sendRaw('SEND\ndestination:/queue/sp\nx-pad:  two  \n\nx\0');
    expect(header((await peer.messages(1))[0], 'x-pad')).toBe('  two  ');
  });
});
