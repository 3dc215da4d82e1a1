import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { validatePolicy, type PolicyName, type Versioned } from '@casebook/domain';
import { ChangePolicyMessage, type CommandRequest } from '@casebook/application';
import { CurrentCaller, ProblemException, requireRole, type Caller } from '@casebook/platform';
import { policiesInForce } from '@casebook/projections/policies.queries';
import { CommandRequestOf } from '../http/command-request.decorator';

/** The policies under /admin/policies/{name}; the calendar has its own path. */
const DOCUMENT_POLICIES: readonly PolicyName[] = ['sla', 'penalty', 'approval'];

const CHOICES = `Choices: every authenticated role may read the policies (as the directory lists); only admin may
change them (403 FORBIDDEN). Checks run in API.md's order: an unknown policy is 404, then a bad document
400 VALIDATION_FAILED with one error per field (dotted paths, e.g. \`rectificationWorkingDays.major\`,
\`tiers.1.upTo\`, \`0.date\`), then 403. Counts (hours, days, working days) are whole numbers from 1 to about
a year (8784 h, 366 days, 260 working days); points are signed decimal strings with at most 2 places;
amountPerPoint and tier bounds are decimal strings > 0 with at most 2 places; approval tiers ascend by
\`upTo\`, only the last is open (\`null\`), roles are supervisor…gm and never decrease. PUT accepts
\`If-Match: "<version>"\` (412 CONCURRENCY_CONFLICT when another change came first); without it the
latest PUT wins. The calendar is only at /admin/calendar/overrides (/admin/policies/calendar is 404).`;

/** Policies and calendar overrides (API.md "Directory (admin)", PRODUCT.md §12). */
@ApiTags('policies')
@ApiBearerAuth()
@Controller('admin')
export class PoliciesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly db: DataSource,
  ) {}

  @Get('policies/:name')
  @ApiOperation({ summary: 'The policy in force: { version, policy }', description: CHOICES })
  @ApiParam({ name: 'name', enum: DOCUMENT_POLICIES })
  getPolicy(@Param('name') name: string) {
    return this.current(documentPolicy(name));
  }

  @Put('policies/:name')
  @ApiOperation({ summary: 'Replace a policy document: records PolicyChanged, answers { version, policy }', description: CHOICES })
  @ApiParam({ name: 'name', enum: DOCUMENT_POLICIES })
  @ApiBody({ schema: { type: 'object', description: 'the whole policy document (PRODUCT.md §12)' } })
  changePolicy(
    @CurrentCaller() caller: Caller,
    @CommandRequestOf() request: CommandRequest,
    @Param('name') name: string,
    @Body() body: unknown,
  ) {
    return this.change(caller, request, documentPolicy(name), body);
  }

  @Get('calendar/overrides')
  @ApiOperation({ summary: 'The calendar overrides in force: { version, policy: [{ date, workday }] }', description: CHOICES })
  getCalendar() {
    return this.current('calendar');
  }

  @Put('calendar/overrides')
  @ApiOperation({ summary: 'Replace the calendar overrides: records PolicyChanged, answers { version, policy }', description: CHOICES })
  @ApiBody({
    schema: {
      type: 'array',
      items: { type: 'object', properties: { date: { type: 'string', example: '2026-12-31' }, workday: { type: 'boolean' } } },
    },
  })
  changeCalendar(@CurrentCaller() caller: Caller, @CommandRequestOf() request: CommandRequest, @Body() body: unknown) {
    return this.change(caller, request, 'calendar', body);
  }

  private async current(name: PolicyName): Promise<Versioned<unknown>> {
    const { version, policy } = (await policiesInForce(this.db.manager))[name];
    return { version, policy };
  }

  private async change(caller: Caller, request: CommandRequest, name: PolicyName, body: unknown): Promise<Versioned<unknown>> {
    validatePolicy(name, body); // 400 before 403 (API.md "Errors")
    requireRole(caller, ['admin']);
    return this.bus.execute(new ChangePolicyMessage(name, body, request));
  }
}

function documentPolicy(name: string): PolicyName {
  if (!(DOCUMENT_POLICIES as readonly string[]).includes(name)) throw new ProblemException('NOT_FOUND', `no policy named ${name}`);
  return name as PolicyName;
}
