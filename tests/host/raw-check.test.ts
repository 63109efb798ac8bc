/**
 * The raw composer's bytes and verdicts: a recipe becomes exactly the bytes it describes (order,
 * duplicates, escaping per version, CR LF, framing, the NUL or not), and the verdict names the
 * rule and the byte for each classic mistake, strict and lenient, with the warnings a broker's
 * refusal deserves.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-core/api';
import { rawRecipeSchema, type RawRecipeInput } from '../../src-core/api/schemas/raw';
import { buildRawFrame } from '../../src-main/host/raw/raw-build';
import { checkRaw } from '../../src-main/host/raw/raw-check';

const recipe = (input: Partial<RawRecipeInput>) => rawRecipeSchema.parse({ command: 'SEND', headers: [['destination', '/queue/a']], body: { kind: 'text', text: '' }, ...input });
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const check = (input: Partial<RawRecipeInput>, version: '1.0' | '1.1' | '1.2' = '1.2', live = true) => checkRaw(recipe(input), { version, versionFrom: 'connection', live }).check;
const codes = (c: ReturnType<typeof check>) => c.warnings.map((w) => w.code);

describe('raw frame bytes', () => {
  it('writes headers in the order given, duplicates kept, and adds content-length for content-length framing', () => {
    const built = buildRawFrame(recipe({ headers: [['destination', '/queue/a'], ['x', '1'], ['x', '2']], body: { kind: 'text', text: 'héllo' } }), '1.2');
    expect(text(built.bytes)).toBe('SEND\ndestination:/queue/a\nx:1\nx:2\ncontent-length:6\n\nh\xc3\xa9llo\0');
    expect(built.headLength).toBe('SEND\ndestination:/queue/a\nx:1\nx:2\ncontent-length:6\n\n'.length);
    expect(built.bodyLength).toBe(6);
  });

  it('keeps a content-length written by hand as written, and NUL framing adds none', () => {
    expect(text(buildRawFrame(recipe({ headers: [['content-length', '3']], body: { kind: 'text', text: 'hello' } }), '1.2').bytes)).toBe('SEND\ncontent-length:3\n\nhello\0');
    expect(text(buildRawFrame(recipe({ framing: 'nul', body: { kind: 'text', text: 'hi' } }), '1.2').bytes)).toBe('SEND\ndestination:/queue/a\n\nhi\0');
  });

  it('escapes per version when on, never for CONNECT, and writes raw when off', () => {
    const headers: [string, string][] = [['k', 'a:b\\c\nd\re']];
    expect(text(buildRawFrame(recipe({ framing: 'nul', headers }), '1.2').bytes)).toBe('SEND\nk:a\\cb\\\\c\\nd\\re\n\n\0');
    // 1.1 has no \r escape: the CR goes raw.
    expect(text(buildRawFrame(recipe({ framing: 'nul', headers }), '1.1').bytes)).toBe('SEND\nk:a\\cb\\\\c\\nd\re\n\n\0');
    expect(text(buildRawFrame(recipe({ framing: 'nul', headers }), '1.0').bytes)).toBe('SEND\nk:a:b\\c\nd\re\n\n\0');
    expect(text(buildRawFrame(recipe({ command: 'CONNECT', framing: 'nul', headers: [['passcode', 'a:b']] }), '1.2').bytes)).toBe('CONNECT\npasscode:a:b\n\n\0');
    expect(text(buildRawFrame(recipe({ framing: 'nul', escape: false, headers: [['k', 'a:b']] }), '1.2').bytes)).toBe('SEND\nk:a:b\n\n\0');
  });

  it('ends lines with CR LF when asked, and leaves the NUL out when asked', () => {
    expect(text(buildRawFrame(recipe({ eol: 'crlf', framing: 'nul', nul: false, body: { kind: 'text', text: 'x' } }), '1.2').bytes)).toBe('SEND\r\ndestination:/queue/a\r\n\r\nx');
  });

  it('takes hex (any spacing) and base64 bodies, and says where bad hex is', () => {
    expect([...buildRawFrame(recipe({ framing: 'nul', headers: [], body: { kind: 'hex', hex: '00 ff\n7F' } }), '1.2').bytes.slice(6)]).toEqual([0, 0xff, 0x7f, 0]);
    expect([...buildRawFrame(recipe({ framing: 'nul', headers: [], body: { kind: 'base64', base64: 'AAH/' } }), '1.2').bytes.slice(6)]).toEqual([0, 1, 0xff, 0]);
    const bad = (() => {
      try {
        buildRawFrame(recipe({ body: { kind: 'hex', hex: '00 fg' } }), '1.2');
      } catch (error) {
        return error as ApiError;
      }
    })();
    expect(bad).toBeInstanceOf(ApiError);
    expect(bad?.code).toBe('invalid-request');
    expect(bad?.message).toMatch(/"g" \(hex digit 4, character 5\) is not a hex digit/);
    expect(() => buildRawFrame(recipe({ body: { kind: 'hex', hex: 'abc' } }), '1.2')).toThrow(/odd number of hex digits/);
    expect(() => buildRawFrame(recipe({ body: { kind: 'base64', base64: 'A*==' } }), '1.2')).toThrow(/character 2 is not base64/);
  });
});

describe('raw frame verdicts', () => {
  it('a good frame: both parsers read one frame, no lint, no warnings; the digest and preview are of the bytes', () => {
    const c = check({ headers: [['destination', '/queue/a'], ['receipt', 'r-1']], body: { kind: 'text', text: 'hello' } });
    expect(c.strict).toMatchObject({ ok: true, frameCount: 1, diagnostics: [] });
    expect(c.strict.error).toBeUndefined();
    expect(c.lenient).toMatchObject({ ok: true, frameCount: 1 });
    expect(c.strict.frames[0]).toMatchObject({ command: 'SEND', bodyLength: 5, framing: 'content-length', offset: 0, size: c.size });
    expect(c.lint).toEqual([]);
    expect(c.warnings).toEqual([]);
    expect(Buffer.from(c.previewBase64, 'base64').toString()).toBe('SEND\ndestination:/queue/a\nreceipt:r-1\ncontent-length:5\n\nhello\0');
    expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an unescaped colon under 1.2: the parser reads it, the lint names the byte', () => {
    const c = check({ escape: false, headers: [['destination', '/queue/a'], ['x-note', 'a:b']], framing: 'nul', body: { kind: 'text', text: 'hi' } });
    expect(c.strict.ok).toBe(true);
    const at = 'SEND\ndestination:/queue/a\nx-note:a'.length;
    expect(c.lint).toEqual([expect.objectContaining({ rule: 'unescaped-colon', offset: at })]);
    expect(c.lint[0].message).toMatch(/STOMP 1\.2 escapes it as \\c/);
    // The same header escaped: nothing to say. Under 1.0 colons are fine.
    expect(check({ headers: [['destination', '/queue/a'], ['x-note', 'a:b']] }).lint).toEqual([]);
    expect(check({ escape: false, headers: [['destination', '/queue/a'], ['x-note', 'a:b']] }, '1.0').lint).toEqual([]);
  });

  it('a body longer than its content-length: missing-nul-after-body at the first byte past it', () => {
    const c = check({ headers: [['destination', '/queue/a'], ['content-length', '3']], body: { kind: 'text', text: 'hello' } });
    const head = 'SEND\ndestination:/queue/a\ncontent-length:3\n\n'.length;
    expect(c.strict).toMatchObject({ ok: false, frameCount: 0, error: { rule: 'missing-nul-after-body', offset: head + 3 } });
    expect(c.lenient.ok).toBe(false);
    expect(c.lenient.diagnostics[0]).toMatchObject({ rule: 'missing-nul-after-body', offset: head + 3 });
    expect(c.warnings).toContainEqual(expect.objectContaining({ code: 'content-length-short', offset: head + 3 }));
  });

  it('a missing NUL: truncated-frame at the end, in both modes, and a warning that the broker waits', () => {
    const c = check({ nul: false, framing: 'nul', body: { kind: 'text', text: 'hello' } });
    expect(c.strict.error).toMatchObject({ rule: 'truncated-frame', offset: c.size });
    expect(c.lenient.error).toMatchObject({ rule: 'truncated-frame', offset: c.size });
    expect(c.warnings).toContainEqual(expect.objectContaining({ code: 'no-nul', offset: c.size }));
  });

  it('warns about what brokers refuse: NUL in a body without content-length, a body on SUBSCRIBE, MESSAGE headers on SEND, unknown commands, CONNECT on a live connection', () => {
    const nul = check({ framing: 'nul', body: { kind: 'hex', hex: '61 00 62' } });
    const head = 'SEND\ndestination:/queue/a\n\n'.length;
    expect(nul.warnings).toContainEqual(expect.objectContaining({ code: 'nul-in-body', offset: head + 1 }));
    // The parser ends the frame at that NUL and reads "b" and the last NUL as the start of another, unfinished.
    expect(nul.strict.frames[0].bodyLength).toBe(1);
    expect(nul.strict.error).toMatchObject({ rule: 'truncated-frame', offset: nul.size });

    const sub = check({ command: 'SUBSCRIBE', headers: [['destination', '/queue/a'], ['id', '1']], body: { kind: 'text', text: 'x' } });
    expect(codes(sub)).toContain('body-not-allowed');
    expect(sub.strict.error?.rule).toBe('body-not-allowed');

    expect(codes(check({ headers: [['destination', '/q'], ['message-id', 'm1']] }))).toContain('message-only-header');
    expect(codes(check({ command: 'FOO' }))).toContain('unknown-command');
    expect(check({ command: 'FOO' }).strict.error?.rule).toBe('unknown-command');
    expect(codes(check({ command: 'NACK', headers: [['message-id', 'm']] }, '1.0'))).toContain('unknown-command');
    expect(codes(check({ command: 'MESSAGE' }))).toContain('server-command');
    expect(codes(check({ command: 'CONNECT', headers: [['accept-version', '1.2'], ['host', '/']] }))).toContain('connect-on-live');
    expect(codes(check({ command: 'CONNECT', headers: [['accept-version', '1.2'], ['host', '/']] }, '1.2', false))).not.toContain('connect-on-live');
    expect(codes(check({ headers: [] }))).toContain('missing-header');
    expect(codes(check({ command: 'SUBSCRIBE', headers: [['destination', '/q']] }))).toContain('missing-header');
    expect(codes(check({ command: 'SUBSCRIBE', headers: [['destination', '/q']] }, '1.0'))).not.toContain('missing-header');
  });

  it('judges CR LF by the version: fine in 1.2, crlf-not-allowed in 1.1', () => {
    expect(check({ eol: 'crlf' }).strict.ok).toBe(true);
    expect(check({ eol: 'crlf' }, '1.1').strict.error?.rule).toBe('crlf-not-allowed');
  });

  it('shows a large frame as its start and its end, and the digest covers all of it', () => {
    const c = check({ body: { kind: 'base64', base64: Buffer.alloc(200_000, 7).toString('base64') } });
    expect(Buffer.from(c.previewBase64, 'base64').length).toBe(64 * 1024);
    expect(c.tail?.offset).toBe(c.size - 1024);
    expect(Buffer.from(c.tail!.base64, 'base64').at(-1)).toBe(0);
    expect(c.strict.ok).toBe(true);
  });

  it('is linear on hostile input: 90k raw colons and a 16 MiB body check in well under a second each', () => {
    // Not a speed test: a quadratic check would take minutes here, and hang the UI's debounced checks.
    const colons = check({ escape: false, headers: Array.from({ length: 900 }, (_, i) => [`h${i}`, ':'.repeat(100)] as [string, string]) });
    // WireLint lists 8 per frame and counts the rest.
    expect(colons.lint.length).toBe(9);
    expect(colons.lint[8].message).toMatch(/^892 more header\(s\)/);
    const big = check({ body: { kind: 'base64', base64: Buffer.alloc(16 * 1024 * 1024, 0).toString('base64') } });
    expect(big.strict.frameCount).toBe(1);
  });
});
