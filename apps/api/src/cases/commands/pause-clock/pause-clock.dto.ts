import type { PauseClockBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MinLength } from 'class-validator';
import { PAUSE_REASONS, type PauseReason } from '@casebook/domain';
import { IsAbsentOrValid } from '@casebook/platform';
import { IsInstant } from '../../../http/instant.validator';

export class PauseClockDto implements Omit<PauseClockBody, 'clock'> {
  @ApiProperty({ enum: PAUSE_REASONS }) @IsIn(PAUSE_REASONS) reason: PauseReason;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) note?: string;
  @ApiPropertyOptional({ description: 'when the clock resumes by itself; in the future; cut to the clock’s remaining pause allowance' })
  @IsAbsentOrValid()
  @IsInstant()
  resumeAt?: string;
}
