import { ProjectionCheckpoint } from './checkpoints/projection-checkpoint.entity';
import { DirectoryDepartment, DirectorySite, DirectoryStaff } from './directory/directory.entities';
import { PolicyVersion } from './policies/policy-version.entity';

/** Every TypeORM entity of the read models; projections and queries use these. */
export const readModelEntities: Function[] = [ProjectionCheckpoint, DirectorySite, DirectoryDepartment, DirectoryStaff, PolicyVersion];
