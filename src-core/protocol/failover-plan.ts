/** Kept so that imports of 'protocol/failover-plan' keep working; the plan lives in ./failover/. */
export * from './failover/failover-plan';
