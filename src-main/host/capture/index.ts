/** The capture service: bounded per-subscription message stores, search, NDJSON export and import. */
export { CaptureRegistry, DEFAULT_MEMORY_BUDGET, type CaptureRegistryOptions } from './capture-registry';
export { CaptureStore, type CaptureStoreOptions, type MemoryLedger, type ScannedMessage } from './capture-store';
export { CaptureClearedError, CaptureExportCursorError, CaptureImportError, CaptureNotFoundError, FilterError } from './capture-errors';
export type {
  AckState,
  CapturedMessage,
  CaptureInit,
  CaptureInput,
  CaptureMemoryStats,
  CaptureView,
  MessageDetail,
  MessagePage,
  MessageSummary,
} from './capture-types';
export { parseFilter, type MessageMatcher } from './message-filter';
export { binaryPreview, previewBody, isBinaryBody, textPreview, PREVIEW_CHARS, type BodyPreview } from './body-preview';
export { formatBytes } from './format-bytes';
export { exportCaptureLines, exportCapturePage, exportCaptureText, type ExportPage } from './ndjson-export';
export { importCapture, type ImportOptions, type ImportSource } from './ndjson-import';
export { CAPTURE_FILE_TYPE, CAPTURE_FILE_VERSION } from './ndjson-format';
