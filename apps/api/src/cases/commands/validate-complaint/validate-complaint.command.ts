import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { INVALID_REASONS, type InvalidReason } from '@casebook/domain';
import { CaseCommandMessage } from '../../case-command.message';

export class ValidateComplaintDto {
  @ApiProperty() @IsBoolean() valid: boolean;
  @ApiPropertyOptional({ enum: INVALID_REASONS, description: 'required when valid is false' })
  @IsOptional()
  @IsIn(INVALID_REASONS)
  reason?: InvalidReason;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) note?: string;
}

export class ValidateComplaintCommand extends CaseCommandMessage<ValidateComplaintDto> {}
