import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { IsDecimalString } from '@casebook/platform';
import type { CommandRequest } from '../../../cases/command-request';
import { CaseCommandMessage } from '../../../cases/case-command.message';

export class AdjustPenaltyDto {
  @ApiProperty({ description: 'the line’s new points: a decimal string, zero or negative, at most 2 places', example: '-3.00' })
  @IsDecimalString({ maxPlaces: 2, allowNegative: true })
  points: string;

  @ApiProperty() @IsString() @MinLength(1) reason: string;
}

/** AdjustPenalty on the case that holds the line (found by PenaltyLineGuard). */
export class AdjustPenaltyCommand extends CaseCommandMessage<AdjustPenaltyDto> {
  constructor(
    readonly lineId: string,
    caseId: string,
    body: AdjustPenaltyDto,
    request: CommandRequest,
  ) {
    super(caseId, body, request);
  }
}
