import { Module } from '@nestjs/common';
import { PolicyProvider } from '../policies/policy-provider';
import { CaseCommandService } from './case-command.service';

/**
 * The one path of case commands, for the api's handlers and for the worker's process
 * managers alike ("commands back through the same handlers", ARCHITECTURE.md).
 */
@Module({
  providers: [CaseCommandService, PolicyProvider],
  exports: [CaseCommandService, PolicyProvider],
})
export class CaseCommandsModule {}
