import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MinPositionInterceptor } from '../http/min-position.interceptor';
import { DashboardController } from './dashboard.controller';
import { DashboardDepartmentsHandler, DashboardOverviewHandler, DashboardTrendsHandler } from './dashboard.queries';

/** The management dashboards (API.md "Management"), read from the cases, reports and penalties projections. */
@Module({
  imports: [CqrsModule],
  controllers: [DashboardController],
  providers: [DashboardOverviewHandler, DashboardDepartmentsHandler, DashboardTrendsHandler, MinPositionInterceptor],
})
export class DashboardModule {}
