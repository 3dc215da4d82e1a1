import type { EscalateCaseBody } from '@casebook/application';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MinLength } from 'class-validator';
import { ESCALATION_LEVELS, type EscalationLevel } from '@casebook/domain';

const LEVELS = ESCALATION_LEVELS.filter((l) => l !== 'none') as Exclude<EscalationLevel, 'none'>[];

export class EscalateCaseDto implements EscalateCaseBody {
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS) level: Exclude<EscalationLevel, 'none'>;
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}
