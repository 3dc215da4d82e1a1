import type { DecideExtensionBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';

export class DecideExtensionDto implements Omit<DecideExtensionBody, 'clock'> {
  @ApiProperty({ enum: ['approve', 'reject'] }) @IsIn(['approve', 'reject']) decision: 'approve' | 'reject';
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) comment?: string;
}
