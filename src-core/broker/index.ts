/** The sandbox broker's public API. */
export { startSandboxBroker, type SandboxBroker } from './sandbox-broker';
export { SANDBOX_VERSION, SERVER_NAME, DEFAULT_HEART_BEAT, type SandboxBrokerOptions, type SandboxUser } from './options';
export { MALFORMED_KINDS, type FaultSwitches, type MalformedKind } from './faults';
export type { BrokerStats } from './stats';
export type { DestinationsSnapshot, QueueInfo, TopicInfo } from './destination-registry';
export type { HeartBeatPair } from './negotiate';
