import { bytesToBase64 } from './bytes';

/** Saves bytes or text as a file the browser way (works in Electron and in browser mode). */
export function download(name: string, data: Uint8Array | string | Blob, type = 'application/octet-stream'): void {
  const blob = data instanceof Blob ? data : new Blob([typeof data === 'string' ? data : (data.slice().buffer as ArrayBuffer)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function safeFileName(text: string, fallback = 'message'): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80);
  return cleaned || fallback;
}

export function readFileAsBytes(file: File): Promise<Uint8Array> {
  return file.arrayBuffer().then((b) => new Uint8Array(b));
}

/** A chosen file as a message body (name, size, base64); a file that cannot be read fails saying which. */
export async function readFileAsBody(file: File): Promise<{ name: string; size: number; base64: string }> {
  try {
    const bytes = await readFileAsBytes(file);
    return { name: file.name, size: bytes.length, base64: bytesToBase64(bytes) };
  } catch (err) {
    throw new Error(`Cannot read ${file.name}: ${(err as Error).message}`);
  }
}
