import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { CHANNELS, type Channel } from '@casebook/domain';
import { IsInstant } from '../../../http/instant.validator';
import { CaseCommandMessage } from '../../case-command.message';

export class RecordReplyDto {
  @ApiProperty() @IsString() @MinLength(1) message: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: Channel;
  @ApiPropertyOptional({ description: 'promise of the next reply; must be in the future' })
  @IsOptional()
  @IsInstant()
  nextReplyBy?: string;
}

export class RecordReplyCommand extends CaseCommandMessage<RecordReplyDto> {}
