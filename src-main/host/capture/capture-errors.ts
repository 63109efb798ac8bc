/**
 * The capture service's failures, as classes the host can tell apart: a bad filter or a bad import
 * file is the user's to fix ('invalid-request'), an unknown capture is 'not-found'.
 */

/** A filter that cannot be run, such as `re:(` — the message names the problem. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** An import file line that is not a capture line; `line` is 1-based, as editors count. */
export class CaptureImportError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CaptureImportError';
  }
}

export class CaptureNotFoundError extends Error {
  constructor(readonly captureId: string) {
    super(`no capture with id "${captureId}"`);
    this.name = 'CaptureNotFoundError';
  }
}

/** A search or export that outlived its data: the capture was cleared or removed meanwhile. */
export class CaptureClearedError extends Error {
  constructor(readonly captureId: string) {
    super(`capture "${captureId}" was cleared while it was being read`);
    this.name = 'CaptureClearedError';
  }
}

/** An export page asked with a cursor no export gave (the user's to fix: 'invalid-request'). */
export class CaptureExportCursorError extends Error {
  constructor(readonly cursor: string) {
    super(`"${cursor.slice(0, 80)}" is not an export cursor: pass the \`next\` of the previous page`);
    this.name = 'CaptureExportCursorError';
  }
}
