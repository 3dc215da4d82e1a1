import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationModule } from '@casebook/application';
import { PoliciesController } from './policies.controller';

/** Admin policies and calendar overrides; decisions read the policies in force through the application's PolicyProvider. */
@Module({
  imports: [CqrsModule, ApplicationModule],
  controllers: [PoliciesController],
})
export class PoliciesModule {}
