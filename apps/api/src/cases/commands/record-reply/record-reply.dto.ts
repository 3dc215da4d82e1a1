import type { RecordReplyBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';
import { CHANNELS, type Channel } from '@casebook/domain';
import { IsInstant } from '../../../http/instant.validator';

export class RecordReplyDto implements RecordReplyBody {
  @ApiProperty() @IsString() @MinLength(1) message: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: Channel;
  @ApiPropertyOptional({ description: 'promise of the next reply; must be in the future' })
  @IsAbsentOrValid()
  @IsInstant()
  nextReplyBy?: string;
}
