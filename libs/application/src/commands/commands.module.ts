import { Module } from '@nestjs/common';
import { CaseCommandService } from '../cases/case-command.service';
import { CaseNumberAllocator } from '../cases/case-number.allocator';
import { KnownCases } from '../cases/known-cases';
import { KnownSites } from '../cases/known-sites';
import { PenaltyAssessor } from '../penalties/penalty-assessor';
import { PolicyProvider } from '../policies/policy-provider';
import { Turns } from './turns';

/**
 * The command path both apps share: the api's handlers and the worker's process managers send
 * their commands through the same service ("commands back through the same handlers",
 * ARCHITECTURE.md), taking turns on the same streams and remembering the same cases.
 */
@Module({
  providers: [
    { provide: Turns, useFactory: () => new Turns() },
    { provide: KnownCases, useFactory: () => new KnownCases() },
    CaseCommandService,
    PolicyProvider,
    KnownSites,
    CaseNumberAllocator,
    PenaltyAssessor,
  ],
  exports: [Turns, CaseCommandService, PolicyProvider, KnownSites, CaseNumberAllocator, PenaltyAssessor],
})
export class CommandsModule {}
