import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { CaseCommandMessage } from '../../case-command.message';

export class DecideSettlementDto {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) comment?: string;
}

export class DecideSettlementCommand extends CaseCommandMessage<DecideSettlementDto> {}
