import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { infrastructure, ProcessingModule, type InfrastructureOptions } from '@casebook/application';
import { CasesModule } from './cases/cases.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DirectoryModule } from './directory/directory.module';
import { HealthController } from './health/health.controller';
import { OperationsModule } from './operations/operations.module';
import { PenaltiesModule } from './penalties/penalties.module';
import { PoliciesModule } from './policies/policies.module';
import { ReportsModule } from './reports/reports.module';

export interface AppOptions extends InfrastructureOptions {
  /** Run the processing (projections, process managers, SLA watcher) in this process too, as `npm start` does. */
  withWorker: boolean;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...infrastructure(options),
        TerminusModule,
        CasesModule,
        DirectoryModule,
        PoliciesModule,
        PenaltiesModule,
        ReportsModule,
        OperationsModule,
        DashboardModule,
        ...(options.withWorker ? [ProcessingModule] : []),
      ],
      controllers: [HealthController],
    };
  }
}
