/**
 * Header names and values as the wire has them. A value may hold a line break (1.1 and 1.2 escape
 * it as `\n`): it is edited and copied faithfully, never flattened. A name cannot hold a colon (it
 * ends the name), a line break (it ends the line) or white space (no broker means it): such a name
 * is an error at its field, never silently changed.
 */

/** Why this header name cannot be sent, or undefined. `hasValue`: an empty name is only an error beside a value. */
export function headerNameProblem(name: string, hasValue: boolean): string | undefined {
  if (name === '') return hasValue ? 'A header needs a name.' : undefined;
  if (name.includes(':')) return `“${visible(name)}”: a header name cannot contain “:” (on the wire it ends the name).`;
  if (/[\r\n]/.test(name)) return `“${visible(name)}”: a header name cannot contain a line break.`;
  if (/\s/.test(name)) return `“${visible(name)}”: a header name cannot contain spaces or tabs.`;
  if (name.includes('\0')) return 'A header name cannot contain a NUL byte.';
  return undefined;
}

/** Why this value cannot be sent, or undefined (a NUL would end the frame early). */
export function headerValueProblem(value: string): string | undefined {
  return value.includes('\0') ? 'A header value cannot contain a NUL byte.' : undefined;
}

/** A name or value escaped as STOMP 1.2 writes it: `\\`, `\n`, `\r`, `\c` — one line, nothing lost. */
export function escapeHeaderText(text: string): string {
  return text.replace(/[\\\n\r:]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\c'));
}

/** Headers as lines of `name:value`, escaped the way the wire escapes them, so a value never looks like a second header. */
export function headersAsWireText(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([name, value]) => `${escapeHeaderText(name)}:${escapeHeaderText(value)}`).join('\n');
}

/** Line breaks and tabs made visible, for messages that quote a name. */
function visible(text: string): string {
  return text.replace(/\n/g, '↵').replace(/\r/g, '␍').replace(/\t/g, '⇥');
}
