import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MinLength } from 'class-validator';
import type { AdjustPenaltyBody, ObjectToPenaltyBody, RejectPenaltyObjectionBody, WaivePenaltyBody } from '@casebook/application';
import { IsAbsentOrValid, IsDecimalString } from '@casebook/platform';

export class AdjustPenaltyDto implements AdjustPenaltyBody {
  @ApiProperty({ description: 'the line’s new points: a decimal string, zero or negative, at most 2 places', example: '-3.00' })
  @IsDecimalString({ maxPlaces: 2, allowNegative: true })
  points: string;

  @ApiProperty() @IsString() @MinLength(1) reason: string;
}

export class WaivePenaltyDto implements WaivePenaltyBody {
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}

export class ObjectToPenaltyDto implements ObjectToPenaltyBody {
  @ApiProperty({ description: 'why the charged department objects (签呈)' }) @IsString() @MinLength(1) reason: string;
}

export class RejectPenaltyObjectionDto implements RejectPenaltyObjectionBody {
  @ApiProperty({ enum: ['reject'], description: 'reject the objection; to uphold it, adjust or waive the line' })
  @IsIn(['reject'])
  decision: 'reject';

  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) comment?: string;
}
