import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import type { CommandRequest } from '../../../cases/command-request';
import { CaseCommandMessage } from '../../../cases/case-command.message';

export class WaivePenaltyDto {
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}

/** WaivePenalty on the case that holds the line (found by PenaltyLineGuard). */
export class WaivePenaltyCommand extends CaseCommandMessage<WaivePenaltyDto> {
  constructor(
    readonly lineId: string,
    caseId: string,
    body: WaivePenaltyDto,
    request: CommandRequest,
  ) {
    super(caseId, body, request);
  }
}
