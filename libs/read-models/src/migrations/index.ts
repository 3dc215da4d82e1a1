import { ProjectionCheckpoints1795444470000 } from './1795444470000-projection-checkpoints';
import { Directory1795444470001 } from './1795444470001-directory';
import { Cases1795444470002 } from './1795444470002-cases';
import { Policies1795444470020 } from './1795444470020-policies';

/** Read-model migrations, oldest first. */
export const readModelMigrations: Function[] = [ProjectionCheckpoints1795444470000, Directory1795444470001, Cases1795444470002, Policies1795444470020];
