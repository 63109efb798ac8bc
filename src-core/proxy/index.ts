/** The recording and intercepting STOMP proxy (see stomp-proxy.ts), its recordings and their replay. */
export { startStompProxy, StompProxy, type ProxyOptions } from './stomp-proxy';
export type { ConnectionInfo, ReleaseAction } from './proxied-connection';
export * from './proxy-types';
export { checkFaults, FaultSettingsError, FAULT_LIMITS, NO_FAULTS, type FaultSettings } from './faults';
export { compileHoldRules, HoldRuleError, type HoldRule } from './hold-rules';
export { checkListenHost, isLoopbackIp, ListenAddressError, parseListenAddress, type ListenAddress } from './listen-address';
export { redactPasscodeBytes, shownHeaders, type ConnectRewrite } from './credentials';
export { UpstreamUnreachableError } from './upstream-dial';
