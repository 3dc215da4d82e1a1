import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationModule } from '@casebook/application';
import { CaseCommandGuard } from '../http/case-command.guard';
import { MinPositionInterceptor } from '../http/min-position.interceptor';
import { PenaltiesController } from './penalties.controller';
import { PenaltyLineGuard } from './penalty-line.guard';
import { ListPenaltiesHandler, PenaltySummaryHandler } from './queries/penalty-ledger.queries';
import { PenaltyNoticeHandler } from './queries/penalty-notice.query';

/** The penalty ledger, its corrections and the penalty notice (PRODUCT.md §7, §14). Assessment itself is the worker's (penalties process manager). */
@Module({
  imports: [CqrsModule, ApplicationModule],
  controllers: [PenaltiesController],
  providers: [ListPenaltiesHandler, PenaltySummaryHandler, PenaltyNoticeHandler, CaseCommandGuard, PenaltyLineGuard, MinPositionInterceptor],
})
export class PenaltiesModule {}
