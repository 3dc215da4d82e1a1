import type { CompleteRectificationBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';
import { IsInstant } from '../../../http/instant.validator';

export class CompleteRectificationDto implements CompleteRectificationBody {
  @ApiProperty() @IsString() @MinLength(1) description: string;
  @ApiPropertyOptional({ description: 'default now; not in the future, not before the case was received' })
  @IsAbsentOrValid()
  @IsInstant()
  completedAt?: string;
}
