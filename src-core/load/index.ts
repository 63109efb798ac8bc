/**
 * The load generator: publish at a fixed rate (or as fast as possible) over N connections,
 * optionally consume, and report sent, confirmed, received, lost, duplicated, latency percentiles,
 * throughput, and the generator's own pacing error and CPU, live and at the end.
 */
export { runLoad, type LoadListeners } from './load-run';
export { checkLoadOptions, LOAD_LIMITS, LoadOptionsError, type LoadOptions, type PayloadSource } from './load-options';
export { reportLines, sampleLine, type LoadReport, type LoadSample, type LoadState } from './load-report';
export { LatencyHistogram, type Percentiles } from './latency-histogram';
export { SeqTracker } from './seq-tracker';
export { LoadPacer } from './load-pacer';
export { RUN_HEADER, SEQ_HEADER, SENT_AT_HEADER, epochMs, stampHeaders } from './load-stamp';
