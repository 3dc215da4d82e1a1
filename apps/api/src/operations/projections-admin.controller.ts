import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { allProjections } from '@casebook/projections';
import { CONFIG, type CasebookConfig } from '@casebook/platform';
import { CurrentCaller, ProblemException, requireRole, type Caller } from '@casebook/platform';
import { LAG_EVENTS_CAP, ProjectionStatusReader, type ProjectionStatusView } from './projection-status.reader';

/** API.md "Directory (admin)": the worker's projections and process managers, how far behind. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsAdminController {
  constructor(
    private readonly reader: ProjectionStatusReader,
    private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: CasebookConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every projection and process manager: checkpoint, lag, status (admin; auditor may read)',
    description:
      `lagEvents counts the events after the checkpoint, up to ${LAG_EVENTS_CAP}; lagMs is the age of the oldest ` +
      'unprocessed event (0 when caught up). status: running, failed (with error and failedEventId), rebuilding, ' +
      'standby (no runner holds it now), not started.',
  })
  list(@CurrentCaller() caller: Caller): Promise<ProjectionStatusView[]> {
    // Auditors read it too: oversight of how current the reports they audit are; it holds no personal data.
    requireRole(caller, ['admin', 'auditor']);
    return this.reader.read();
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a projection without downtime (admin)',
    description:
      'Asks the worker to build the projection afresh beside its live tables, which keep answering, then switch ' +
      'over in one step. The status reads rebuilding until then. 404 for a name that is not a projection ' +
      '(process managers have no tables to rebuild).',
  })
  async rebuild(@CurrentCaller() caller: Caller, @Param('name') name: string): Promise<{ name: string; status: 'rebuilding' }> {
    requireRole(caller, ['admin']);
    const projection = allProjections(this.config.timeZone).find((candidate) => candidate.name === name && (candidate.tables?.length ?? 0) > 0);
    if (!projection) throw new ProblemException('NOT_FOUND', `projection ${name} not found`);
    // The request is the checkpoint's status; the runner holding the projection's lock acts on it.
    await this.db.query(
      `INSERT INTO projection_checkpoints (name, version, position, status, updated_at) VALUES ($1, $2, 0, 'rebuilding', now())
       ON CONFLICT (name) DO UPDATE SET status = 'rebuilding', error = NULL, failed_event_id = NULL, updated_at = now()`,
      [projection.name, projection.version],
    );
    return { name: projection.name, status: 'rebuilding' };
  }
}
