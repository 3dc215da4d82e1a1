import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';
import { CaseCommandMessage } from '../../case-command.message';

export class AssignResponsibilityDto {
  @ApiProperty() @IsClientId() departmentId: string;
  @ApiProperty({ description: 'an active staff member of that department' }) @IsClientId() assigneeId: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) note?: string;
}

export class AssignResponsibilityCommand extends CaseCommandMessage<AssignResponsibilityDto> {}
