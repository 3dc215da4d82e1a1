import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { DirectoryCommand } from '@casebook/domain';
import { DirectoryCommandMessage, type CommandRequest } from '@casebook/application';
import { CurrentCaller, requireRole, validationProblem, type Caller } from '@casebook/platform';
import { listDepartments, listSites, listStaff } from '@casebook/projections/directory.queries';
import { CommandRequestOf } from '../http/command-request.decorator';
import { RegisterDepartmentDto, RegisterSiteDto, RegisterStaffDto, UpdateStaffDto } from './directory.dto';

/** Sites, departments and staff (API.md "Directory (admin)"). Writes are admin only; every role may read. */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('admin')
export class DirectoryController {
  constructor(
    private readonly bus: CommandBus,
    private readonly db: DataSource,
  ) {}

  private async run(caller: Caller, request: CommandRequest, command: DirectoryCommand): Promise<void> {
    requireRole(caller, ['admin']);
    await this.bus.execute(new DirectoryCommandMessage(command, request));
  }

  @Post('sites')
  @ApiOperation({ summary: 'Register a site' })
  async registerSite(@CurrentCaller() caller: Caller, @CommandRequestOf() request: CommandRequest, @Body() body: RegisterSiteDto) {
    const id = body.id ?? randomUUID();
    await this.run(caller, request, { type: 'RegisterSite', siteId: id, code: body.code, name: body.name });
    return { id };
  }

  @Post('departments')
  @ApiOperation({ summary: 'Register a department' })
  async registerDepartment(@CurrentCaller() caller: Caller, @CommandRequestOf() request: CommandRequest, @Body() body: RegisterDepartmentDto) {
    const id = body.id ?? randomUUID();
    await this.run(caller, request, { type: 'RegisterDepartment', departmentId: id, code: body.code, name: body.name, nameZh: body.nameZh });
    return { id };
  }

  @Post('staff')
  @ApiOperation({ summary: 'Register a staff member' })
  async registerStaff(@CurrentCaller() caller: Caller, @CommandRequestOf() request: CommandRequest, @Body() body: RegisterStaffDto) {
    const id = body.id ?? randomUUID();
    const { name, departmentId, role, siteIds } = body;
    await this.run(caller, request, { type: 'RegisterStaff', staffId: id, name, departmentId, role, siteIds });
    return { id };
  }

  @Patch('staff/:id')
  @ApiOperation({ summary: 'Change a staff member: department, role, sites, active' })
  async updateStaff(
    @CurrentCaller() caller: Caller,
    @CommandRequestOf() request: CommandRequest,
    @Param('id') id: string,
    @Body() body: UpdateStaffDto,
  ) {
    // A change of nothing is a mistake of the client's (an empty or lost body), not a success.
    if (Object.values(body).every((value) => value === undefined)) {
      throw validationProblem([{ path: '', message: 'name at least one of departmentId, role, siteIds, active' }]);
    }
    await this.run(caller, request, { type: 'UpdateStaff', staffId: id, ...body });
    return { id };
  }

  @Get('sites')
  sites() {
    return listSites(this.db.manager);
  }

  @Get('departments')
  departments() {
    return listDepartments(this.db.manager);
  }

  @Get('staff')
  staff() {
    return listStaff(this.db.manager);
  }
}
