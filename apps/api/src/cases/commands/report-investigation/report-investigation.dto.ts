import type { ReportInvestigationBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsString, MinLength, ValidateNested } from 'class-validator';
import { CAUSE_TYPES, type CauseType } from '@casebook/domain';
import { IsAbsentOrValid, IsClientId, IsDecimalString } from '@casebook/platform';

export class ResponsibilityLineDto {
  @ApiProperty() @IsClientId() departmentId: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsClientId() staffId?: string;
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    example: '0.6',
    description: 'in (0, 1], at most 4 decimal places; the shares of a report sum to exactly 1',
  })
  // A JSON number is taken by its literal digits, so 0.6 is exactly "0.6".
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsDecimalString({ maxPlaces: 4 })
  share: string;
}

export class ReportInvestigationDto implements ReportInvestigationBody {
  @ApiProperty() @IsString() @MinLength(1) rootCause: string;
  @ApiProperty({ enum: CAUSE_TYPES }) @IsIn(CAUSE_TYPES) causeType: CauseType;
  @ApiProperty({ type: [ResponsibilityLineDto], description: 'may be empty only for external and supplier causes' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ResponsibilityLineDto)
  responsibility: ResponsibilityLineDto[];
  @ApiProperty() @IsString() @MinLength(1) countermeasures: string;
}
