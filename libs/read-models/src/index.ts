export * from './migrations';
export * from './entities';
export * from './checkpoints/projection-checkpoint.entity';
export * from './checkpoints/checkpoints';
export * from './directory/directory.entities';
export * from './policies/policy-version.entity';
