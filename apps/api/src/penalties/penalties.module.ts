import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CaseCommandsModule } from '../cases/case-commands.module';
import { CaseCommandGuard } from '../http/case-command.guard';
import { MinPositionInterceptor } from '../http/min-position.interceptor';
import { AdjustPenaltyHandler } from './commands/adjust-penalty/adjust-penalty.handler';
import { WaivePenaltyHandler } from './commands/waive-penalty/waive-penalty.handler';
import { PenaltiesController } from './penalties.controller';
import { PenaltyLineGuard } from './penalty-line.guard';
import { ListPenaltiesHandler, PenaltySummaryHandler } from './queries/penalty-ledger.queries';

/** The penalty ledger and its corrections (PRODUCT.md §7). Assessment itself is the worker's (penalties process manager). */
@Module({
  imports: [CqrsModule, CaseCommandsModule],
  controllers: [PenaltiesController],
  providers: [
    AdjustPenaltyHandler,
    WaivePenaltyHandler,
    ListPenaltiesHandler,
    PenaltySummaryHandler,
    CaseCommandGuard,
    PenaltyLineGuard,
    MinPositionInterceptor,
  ],
})
export class PenaltiesModule {}
