import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, isBinaryBody, previewBody } from '../../src-main/host/capture';

const text = (s: string) => new TextEncoder().encode(s);

describe('body previews', () => {
  it('shows a short text body as it is', () => {
    expect(previewBody(text('hello world'))).toEqual({ preview: 'hello world', binary: false });
    expect(previewBody(new Uint8Array(0))).toEqual({ preview: '', binary: false });
  });

  it('cuts text at 120 characters and marks the cut', () => {
    const { preview, binary } = previewBody(text('x'.repeat(500)));
    expect(binary).toBe(false);
    expect(preview).toBe(`${'x'.repeat(120)}…`);
  });

  it("shows the body's own characters: line breaks and tabs as control pictures, nothing merged or dropped", () => {
    expect(previewBody(text('line one\r\n\tline two\n\n\u0085three')).preview).toBe('line one␍␊␉line two␊␊\\u0085three');
    expect(previewBody(text('  two  spaces  ')).preview).toBe('  two  spaces  ');
  });

  it('compacts only valid JSON: a body that merely says it is JSON keeps its characters (issue 9.8)', () => {
    expect(previewBody(text('second json'), 'application/json').preview).toBe('second json');
    expect(previewBody(text('{ not: json }'), 'application/json').preview).toBe('{ not: json }');
    expect(previewBody(text('{"a": 1,\n "b": [1, 2]}'), 'application/json').preview).toBe('{"a":1,"b":[1,2]}');
    // Too large to check cheaply: shown as it is.
    const large = text(`{"pad": "${'x'.repeat(70 * 1024)}"}`);
    expect(previewBody(large, 'application/json').preview.startsWith('{"pad": "xxx')).toBe(true);
  });

  it('counts characters, not bytes, and never splits a surrogate pair', () => {
    expect(previewBody(text('é'.repeat(200))).preview).toBe(`${'é'.repeat(120)}…`);
    const emoji = previewBody(text(`${'a'.repeat(119)}😀😀`)).preview;
    expect(emoji).toBe(`${'a'.repeat(119)}…`);
    expect(previewBody(text('😀'.repeat(10))).preview).toBe('😀'.repeat(10));
  });

  it('reads only the start of a long body, cutting on a character boundary', () => {
    const long = text(`${'ü'.repeat(3000)}`);
    expect(previewBody(long).preview).toBe(`${'ü'.repeat(120)}…`);
  });

  it('squeezes JSON indentation out, keeping tokens as written', () => {
    const json = JSON.stringify({ id: 12345678901234567890n.toString(), items: [1, 2], note: 'two  spaces' }, null, 2).replace('"12345678901234567890"', '12345678901234567890');
    expect(previewBody(text(json), 'application/json').preview).toBe('{"id":12345678901234567890,"items":[1,2],"note":"two  spaces"}');
    // Sniffed without a content type too.
    expect(previewBody(text('[\n  {"a": 1},\n  {"b": "x y"}\n]')).preview).toBe('[{"a":1},{"b":"x y"}]');
    const big = text(JSON.stringify({ rows: Array.from({ length: 500 }, (_, i) => ({ i })) }, null, 4));
    const preview = previewBody(big, 'application/json').preview;
    expect(preview.startsWith('{"rows":[{"i":0},{"i":1},')).toBe(true);
    expect(preview).toHaveLength(121);
  });

  it('labels binary bodies with their size', () => {
    expect(previewBody(new Uint8Array(64 * 1024))).toEqual({ preview: 'binary · 64.0 KiB', binary: true });
    expect(previewBody(text('ok\u0000ok'))).toEqual({ preview: 'binary · 5 B', binary: true });
    expect(previewBody(new Uint8Array([0xc3, 0x28]))).toEqual({ preview: 'binary · 2 B', binary: true }); // invalid UTF-8
    expect(previewBody(text('\u001b[31mred'))).toMatchObject({ binary: true });
    expect(previewBody(new Uint8Array(3 * 1024 * 1024 + 512 * 1024).fill(0xff)).preview).toBe('binary · 3.5 MiB');
  });

  it('finds a control byte wherever it sits, four bytes at a time or not (any alignment, any length)', () => {
    const control = fc.constantFrom(0x00, 0x01, 0x08, 0x0b, 0x0e, 0x1f, 0x7f, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x41, 0x7e, 0x80, 0xc3, 0xa9);
    fc.assert(
      fc.property(fc.array(control, { maxLength: 40 }), fc.nat(7), (values, shift) => {
        const backing = new Uint8Array(values.length + 8).fill(0x41);
        const body = backing.subarray(shift, shift + values.length);
        body.set(values);
        const hasControl = values.some((x) => (x < 0x20 ? x !== 0x09 && x !== 0x0a && x !== 0x0c && x !== 0x0d : x === 0x7f));
        const utf8 = new TextDecoder('utf-8', { fatal: true });
        let valid = true;
        try {
          utf8.decode(body);
        } catch {
          valid = false;
        }
        expect(isBinaryBody(body)).toBe(hasControl || !valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('treats tab, line feed, form feed and carriage return as text', () => {
    expect(isBinaryBody(text('a\tb\nc\fd\re'))).toBe(false);
    expect(isBinaryBody(text('\u007f'))).toBe(true);
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });
});
