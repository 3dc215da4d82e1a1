import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, requireRole, type Caller } from '@casebook/platform';
import { LAG_EVENTS_CAP, ProjectionStatusReader, type ProjectionStatusView } from './projection-status.reader';

/** API.md "Directory (admin)": the worker's projections and process managers, how far behind. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsAdminController {
  constructor(private readonly reader: ProjectionStatusReader) {}

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
}
