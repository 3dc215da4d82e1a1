import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChangePolicyHandler } from './change-policy.handler';
import { PoliciesController } from './policies.controller';

/**
 * Admin policies and calendar overrides. Decisions get the policies in force from
 * PolicyProvider, which CaseCommandsModule provides (api and worker alike).
 */
@Module({
  imports: [CqrsModule],
  controllers: [PoliciesController],
  providers: [ChangePolicyHandler],
})
export class PoliciesModule {}
