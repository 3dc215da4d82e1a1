import type { RequestExtensionBody } from '@casebook/application';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { IsInstant } from '../../../http/instant.validator';

export class RequestExtensionDto implements Omit<RequestExtensionBody, 'clock'> {
  @ApiProperty({ description: 'the due time asked for: later than the clock’s current one' }) @IsInstant() dueAt: string;
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}
