import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationModule } from '@casebook/application';
import { CaseCommandGuard } from '../http/case-command.guard';
import { MinPositionInterceptor } from '../http/min-position.interceptor';
import { CaseCommandsController } from './case-commands.controller';
import { CaseQueriesController } from './case-queries.controller';
import { CaseReader } from './queries/case-reader';
import { GetCaseHistoryHandler } from './queries/get-case-history.query';
import { GetCaseHandler } from './queries/get-case.query';
import { ListCasesHandler } from './queries/list-cases.query';

/** Case commands over HTTP (their handlers are the application's) and the case queries. */
@Module({
  imports: [CqrsModule, ApplicationModule],
  controllers: [CaseCommandsController, CaseQueriesController],
  providers: [ListCasesHandler, GetCaseHandler, GetCaseHistoryHandler, CaseReader, CaseCommandGuard, MinPositionInterceptor],
})
export class CasesModule {}
