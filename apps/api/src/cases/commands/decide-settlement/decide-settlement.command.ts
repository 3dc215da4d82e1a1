import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';
import { CaseCommandMessage } from '../../case-command.message';

export class DecideSettlementDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) comment?: string;
}

export class DecideSettlementCommand extends CaseCommandMessage<DecideSettlementDto> {}
