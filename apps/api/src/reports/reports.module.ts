import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MinPositionInterceptor } from '../http/min-position.interceptor';
import { MonthlyReportService } from './monthly-report.service';
import { ReportsController } from './reports.controller';

/** The monthly statistics report, its publication and exports (PRODUCT.md §8). */
@Module({
  imports: [CqrsModule],
  controllers: [ReportsController],
  providers: [MonthlyReportService, MinPositionInterceptor],
})
export class ReportsModule {}
