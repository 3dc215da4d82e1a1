import { ProjectionCheckpoints1795444470000 } from './1795444470000-projection-checkpoints';
import { Directory1795444470001 } from './1795444470001-directory';
import { Cases1795444470002 } from './1795444470002-cases';
import { CaseClocks1795444470010 } from './1795444470010-case-clocks';
import { Policies1795444470020 } from './1795444470020-policies';
import { PenaltyLedger1795444470030 } from './1795444470030-penalty-ledger';
import { ReportFacts1795444470044 } from './1795444470044-report-facts';
import { Dashboard1795444470070 } from './1795444470070-dashboard';
import { PenaltyTotalsMonth1795444470080 } from './1795444470080-penalty-totals-month';
import { ReportCounters1795444470090 } from './1795444470090-report-counters';
import { SupervisionClocks1795444470120 } from './1795444470120-supervision-clocks';
import { PenaltyNotices1795444470150 } from './1795444470150-penalty-notices';

/** Read-model migrations, oldest first. */
export const readModelMigrations: Function[] = [ProjectionCheckpoints1795444470000, Directory1795444470001, Cases1795444470002, CaseClocks1795444470010, Policies1795444470020, PenaltyLedger1795444470030, ReportFacts1795444470044, Dashboard1795444470070, PenaltyTotalsMonth1795444470080, ReportCounters1795444470090, SupervisionClocks1795444470120, PenaltyNotices1795444470150];
