import type { ResumeClockBody } from '@casebook/application';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';

export class ResumeClockDto implements Omit<ResumeClockBody, 'clock'> {
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) note?: string;
}
