import type { ValidateComplaintBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';
import { INVALID_REASONS, type InvalidReason } from '@casebook/domain';

export class ValidateComplaintDto implements ValidateComplaintBody {
  @ApiProperty() @IsBoolean() valid: boolean;
  @ApiPropertyOptional({ enum: INVALID_REASONS, description: 'required when valid is false' })
  @IsAbsentOrValid()
  @IsIn(INVALID_REASONS)
  reason?: InvalidReason;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) note?: string;
}
