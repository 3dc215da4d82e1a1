import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MinLength } from 'class-validator';
import type { ProposeSettlementBody } from '@casebook/application';
import { SETTLEMENT_TYPES, type SettlementType } from '@casebook/domain';
import { IsAbsentOrValid, IsDecimalString } from '@casebook/platform';

export class ProposeSettlementDto implements ProposeSettlementBody {
  @ApiProperty({ enum: SETTLEMENT_TYPES }) @IsIn(SETTLEMENT_TYPES) type: SettlementType;
  @ApiProperty({ example: '1200.00', description: 'decimal string ≥ 0, at most 2 places; 0 needs no approval' })
  @IsDecimalString({ maxPlaces: 2 })
  amount: string;
  @ApiPropertyOptional({ default: 'CNY' }) @IsAbsentOrValid() @Matches(/^[A-Z]{3}$/) currency?: string;
  @ApiProperty() @IsString() @MinLength(1) description: string;
}
