export * from './approval';
export * from './calendar';
export * from './documents';
export * from './escalation';
export * from './sla';
export * from './time';
export * from './policy-changed';
export * from './validation';
