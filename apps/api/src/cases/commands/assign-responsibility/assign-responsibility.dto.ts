import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import type { AssignResponsibilityBody } from '@casebook/application';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';

export class AssignResponsibilityDto implements AssignResponsibilityBody {
  @ApiProperty() @IsClientId() departmentId: string;
  @ApiProperty({ description: 'an active staff member of that department' }) @IsClientId() assigneeId: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) note?: string;
}
