import type { UrgeCaseBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MinLength } from 'class-validator';
import { CLOCKS, type ClockName } from '@casebook/domain';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';

export class UrgeCaseDto implements UrgeCaseBody {
  @ApiProperty() @IsString() @MinLength(1) message: string;
  @ApiPropertyOptional({ description: 'the staff member urged; default: the clock’s accountable staff, else the assignee, else the follow-up owner' })
  @IsAbsentOrValid()
  @IsClientId()
  staffId?: string;
  @ApiPropertyOptional({ enum: CLOCKS, description: 'the clock the urging is about' }) @IsAbsentOrValid() @IsIn(CLOCKS) clock?: ClockName;
}
