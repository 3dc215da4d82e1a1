import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { IsInstant } from '../../../http/instant.validator';
import { CaseCommandMessage } from '../../case-command.message';

export class CompleteRectificationDto {
  @ApiProperty() @IsString() @MinLength(1) description: string;
  @ApiPropertyOptional({ description: 'default now; not in the future, not before the case was received' })
  @IsOptional()
  @IsInstant()
  completedAt?: string;
}

export class CompleteRectificationCommand extends CaseCommandMessage<CompleteRectificationDto> {}
