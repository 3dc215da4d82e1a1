import type { CloseCaseBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, MinLength, ValidateNested } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';

export class DissatisfactionAcceptedDto {
  @ApiProperty({ description: 'why the case closes although the customer is dissatisfied, e.g. the demand is outside what was agreed' })
  @IsString()
  @MinLength(1)
  reason: string;
}

export class CloseCaseDto implements CloseCaseBody {
  @ApiProperty() @IsString() @MinLength(1) summary: string;
  @ApiPropertyOptional({
    type: DissatisfactionAcceptedDto,
    description:
      'manager and above (a supervisor: 403 FORBIDDEN): close a complaint whose last return visit is unsatisfied or very_unsatisfied; ' +
      '400 when the last visit is not dissatisfied',
  })
  @IsAbsentOrValid()
  @IsObject()
  @ValidateNested()
  @Type(() => DissatisfactionAcceptedDto)
  dissatisfactionAccepted?: DissatisfactionAcceptedDto;
}
