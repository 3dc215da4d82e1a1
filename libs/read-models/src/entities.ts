import { ProjectionCheckpoint } from './checkpoints/projection-checkpoint.entity';
import { DirectoryDepartment, DirectorySite, DirectoryStaff } from './directory/directory.entities';

/** Every TypeORM entity of the read models; projections and queries use these. */
export const readModelEntities: Function[] = [ProjectionCheckpoint, DirectorySite, DirectoryDepartment, DirectoryStaff];
