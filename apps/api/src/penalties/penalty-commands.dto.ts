import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import type { AdjustPenaltyBody, WaivePenaltyBody } from '@casebook/application';
import { IsDecimalString } from '@casebook/platform';

export class AdjustPenaltyDto implements AdjustPenaltyBody {
  @ApiProperty({ description: 'the line’s new points: a decimal string, zero or negative, at most 2 places', example: '-3.00' })
  @IsDecimalString({ maxPlaces: 2, allowNegative: true })
  points: string;

  @ApiProperty() @IsString() @MinLength(1) reason: string;
}

export class WaivePenaltyDto implements WaivePenaltyBody {
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}
