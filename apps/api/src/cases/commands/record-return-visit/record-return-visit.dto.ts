import type { RecordReturnVisitBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';
import { SATISFACTIONS, VISIT_METHODS, type Satisfaction, type VisitMethod } from '@casebook/domain';

export class RecordReturnVisitDto implements RecordReturnVisitBody {
  @ApiProperty({ enum: VISIT_METHODS }) @IsIn(VISIT_METHODS) method: VisitMethod;
  @ApiProperty({ enum: SATISFACTIONS }) @IsIn(SATISFACTIONS) satisfaction: Satisfaction;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) comment?: string;
  @ApiPropertyOptional({ default: false }) @IsAbsentOrValid() @IsBoolean() customerConfirmed?: boolean;
}
